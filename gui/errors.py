"""Errors the user sees: a readable dialog, and the crash handler that writes a report.

Every error goes through :func:`report_error`: a dialog that says what happened and what to do,
with the traceback (when there is one) behind "Show Details…". An exception nobody caught
(``sys.excepthook``, ``threading.excepthook``) and a fatal Qt message (``qInstallMessageHandler``)
end in :func:`write_crash_report`: a text file in the logs folder, and a dialog that says where.
"""

from __future__ import annotations

import datetime as _dt
import logging
import platform
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QMessageLogContext,
    QObject,
    Qt,
    QtMsgType,
    QUrl,
    Signal,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from engine.applog import log_dir

log = logging.getLogger(__name__)
open_dialogs: list[QMessageBox] = []  # detailed dialogs now open (non-modal; the tests look here)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def report_error(parent: QWidget | None, title: str, what: str, todo: str = "",
                 details: str = "") -> QMessageBox | None:
    """Tell the user what went wrong; log it with its traceback.

    Parameters
    ----------
    parent : QWidget or None
        The dialog's parent window.
    title : str
        The dialog title (already translated).
    what : str
        What happened, in one or two sentences.
    todo : str
        What the user can do about it; a generic line when empty and there are ``details``.
    details : str
        The traceback. Empty for a :class:`~engine.errors.UserError`, whose message is complete:
        then the dialog is a plain, modal warning. With details it is a window-modal box with
        "Show Details…" and "Open logs folder", opened without blocking (a worker's failure must not
        start a nested event loop).

    Returns
    -------
    QMessageBox or None
        The open detailed dialog, or None for a plain warning.
    """
    if details:
        log.error("%s: %s\n%s", title, what, details.rstrip())
    else:
        log.warning("%s: %s", title, what)
    if not details:
        QMessageBox.warning(parent, title, what + (f"\n\n{todo}" if todo else ""))
        return None
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setText(what)
    box.setInformativeText(todo or _tr(
        "This is a bug, not something you did. Your files are unchanged. The details below and "
        "the log in the logs folder say where it happened; please attach them to a bug report."))
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    logs = box.addButton(_tr("Open logs folder"), QMessageBox.ButtonRole.ActionRole)
    logs.setToolTip(str(log_dir()))
    logs.clicked.disconnect()  # an action button would close the box; this one only opens a folder
    logs.clicked.connect(open_logs_folder)
    box.setWindowModality(Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    open_dialogs.append(box)
    box.finished.connect(lambda _=0, b=box: open_dialogs.remove(b) if b in open_dialogs else None)
    box.open()
    return box


def open_logs_folder() -> Path:
    """Show the logs folder in the file manager (created if missing); return it."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
    return folder


def write_crash_report(text: str, folder: Path | None = None) -> Path | None:
    """Write ``crash-<time>.txt`` (what failed, versions, the traceback) to the logs folder.

    Returns the file, or None when it cannot be written (then it is only in the log).
    """
    folder = folder or log_dir()
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"crash-{stamp}.txt"
    header = [
        "GenAug Studio crash report",
        f"time: {_dt.datetime.now().isoformat(timespec='seconds')}",
        f"python: {sys.version.split()[0]} on {platform.platform()}",
    ]
    try:
        import PySide6
        import torch

        header.append(f"PySide6: {PySide6.__version__}; torch: {torch.__version__}")
    except ImportError:  # pragma: no cover - both are dependencies
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(header) + "\n\n" + text.rstrip() + "\n", encoding="utf-8")
    except OSError as exc:
        log.error("cannot write the crash report %s: %s", path, exc)
        return None
    return path


class CrashHandler(QObject):
    """Catch what nobody caught: Python exceptions on any thread and Qt's own messages.

    Exceptions are logged with their traceback, written to a crash report, and shown in a
    :func:`report_error` dialog that names the report (on the GUI thread: a worker thread's
    exception is queued there). Qt warnings go to the log; a fatal Qt message also writes a report.
    Use :meth:`install` once, :meth:`uninstall` to restore the previous hooks.
    """

    _crashed = Signal(str, str)  # (summary, traceback) -> dialog on the GUI thread

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._previous: tuple | None = None
        self.reports: list[Path] = []  # every crash report written (newest last)
        self._crashed.connect(self._on_crashed, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        """Make this object the process's excepthooks and Qt message handler."""
        if self._previous is None:
            previous_qt = qInstallMessageHandler(self.qt_message)
            self._previous = (sys.excepthook, threading.excepthook, previous_qt)
            sys.excepthook = self.excepthook
            threading.excepthook = self._thread_excepthook

    def uninstall(self) -> None:
        """Put back the hooks that were there before :meth:`install`."""
        if self._previous is not None:
            sys.excepthook, threading.excepthook, previous_qt = self._previous
            self._previous = None
            qInstallMessageHandler(previous_qt)  # None puts back Qt's default

    def excepthook(self, exc_type, exc, tb) -> None:
        """``sys.excepthook``: log, write a report, show a dialog (Ctrl+C still quits)."""
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        self._handle(f"{exc_type.__name__}: {exc}", text)

    def _thread_excepthook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        text = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
        name = args.thread.name if args.thread is not None else "?"
        self._handle(f"{args.exc_type.__name__} in thread {name}: {args.exc_value}", text)

    def _handle(self, summary: str, text: str) -> None:
        log.critical("uncaught exception: %s\n%s", summary, text.rstrip())
        report = write_crash_report(text)
        if report is not None:
            self.reports.append(report)
        self._crashed.emit(summary, text + (f"\nReport: {report}" if report else ""))

    @Slot(str, str)
    def _on_crashed(self, summary: str, text: str) -> None:
        if QApplication.instance() is None:
            return
        where = self.reports[-1] if self.reports else log_dir()
        report_error(QApplication.activeWindow(), _tr("Unexpected error"),
                     _tr("Something failed unexpectedly: {0}").format(summary),
                     _tr("A report was written to {0}. The window may go on working; saving your "
                         "project now is wise. Please attach the report to a bug report.").format(where),
                     text)

    def qt_message(self, mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        """Qt's messages into the log (``qt`` logger); a fatal one also writes a crash report."""
        qt_log = logging.getLogger("qt")
        where = f" ({context.file}:{context.line})" if context.file else ""
        if mode == QtMsgType.QtFatalMsg:
            qt_log.critical("%s%s", message, where)
            self.reports.extend(p for p in [write_crash_report(f"Qt fatal error: {message}{where}\n"
                                            + "".join(traceback.format_stack()))] if p)
        elif mode == QtMsgType.QtCriticalMsg:
            qt_log.error("%s%s", message, where)
        elif mode == QtMsgType.QtWarningMsg:
            qt_log.warning("%s%s", message, where)
        else:
            qt_log.debug("%s%s", message, where)
