"""What every panel shares: the app state, at most one background task, a status line.

A panel starts a task with :meth:`Panel.run_task`, shows its progress, and handles how it ended;
:meth:`Panel.shutdown` stops it and waits for its thread (the window calls it on close).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from gui.engine_text import engine_text
from gui.errors import report_error
from gui.i18n import RetranslatedOnLanguageChange, translate
from gui.state import AppState
from gui.workers import Task, TaskWorker


class Panel(RetranslatedOnLanguageChange, QWidget):
    """Base class of the workflow panels.

    Parameters
    ----------
    state : AppState
        The shared application state.
    parent : QWidget, optional
        Qt parent.

    Signals
    -------
    status_message(str)
        A short line for the window's status bar.
    """

    status_message = Signal(str)
    task_ended = Signal(str, float)  # how the task ended ("succeeded", "failed", "cancelled"), seconds
    error_title = "GenAug Studio"  # dialog title; subclasses mark theirs QT_TRANSLATE_NOOP("Panel", ...)

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self._worker: TaskWorker | None = None
        self._handlers: dict[str, Callable[..., Any] | None] = {}
        self._task_started = 0.0  # time.monotonic() when the running task started
        self._task_outcome = ""  # "succeeded", "failed" or "cancelled", for task_ended

    @property
    def worker(self) -> TaskWorker | None:
        """The running task's worker, or None."""
        return self._worker

    @property
    def busy(self) -> bool:
        """Whether a task is running."""
        return self._worker is not None

    def run_task(
        self,
        fn: Task,
        on_progress: Callable[[Any], None] | None = None,
        on_succeeded: Callable[[Any], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> TaskWorker:
        """Start ``fn(progress, should_stop)`` on a worker thread; failures open a dialog.

        Refuses (RuntimeError) while another task of this panel runs: one task per panel.
        """
        if self._worker is not None:
            raise RuntimeError(f"{type(self).__name__} is already running a task")
        worker = TaskWorker(fn, self)
        self._handlers = {"progress": on_progress, "succeeded": on_succeeded,
                          "cancelled": on_cancelled}
        worker.progress.connect(self._on_worker_progress)
        worker.succeeded.connect(self._on_worker_succeeded)
        worker.failed.connect(self._on_worker_failed)
        worker.cancelled.connect(self._on_worker_cancelled)
        worker.finished.connect(self._on_worker_finished)
        self._worker = worker
        self._task_started, self._task_outcome = time.monotonic(), ""
        self.set_busy(True)
        worker.start()
        return worker

    def cancel(self) -> None:
        """Ask the running task to stop; it ends at its next check."""
        if self._worker is not None:
            self._worker.stop()

    def shutdown(self) -> None:
        """Stop the running task and wait for its thread to end (used when the window closes)."""
        worker = self._worker
        if worker is not None:
            worker.stop()
            worker.wait()

    def set_busy(self, busy: bool) -> None:
        """Enable or disable controls while a task runs; panels override this."""

    def _retranslate(self) -> None:
        """Set the panel's texts in the current language; panels override it and call it last in
        ``__init__``."""

    def show_error(self, message: str) -> None:
        """Tell the user what went wrong, in a dialog (one line, never a traceback)."""
        self.status_message.emit(message)
        QMessageBox.warning(self, translate("Panel", self.error_title), message)

    # Slots run on the GUI thread (queued from the worker thread).
    @Slot(object)
    def _on_worker_progress(self, report: Any) -> None:
        if self.sender() is self._worker and self._handlers.get("progress"):
            self._handlers["progress"](report)

    @Slot(object)
    def _on_worker_succeeded(self, result: Any) -> None:
        if self.sender() is self._worker:
            self._task_outcome = "succeeded"
            if self._handlers.get("succeeded"):
                self._handlers["succeeded"](result)

    @Slot(str, str)
    def _on_worker_failed(self, message: str, details: str) -> None:
        if self.sender() is self._worker:
            self._task_outcome = "failed"
            if details:  # a bug: the dialog shows the traceback behind "Show Details…"
                self.status_message.emit(message)
                report_error(self, translate("Panel", self.error_title), message, details=details)
            else:  # a user error: the engine's message, in the interface language
                self.show_error(engine_text(message))

    @Slot()
    def _on_worker_cancelled(self) -> None:
        if self.sender() is self._worker:
            self._task_outcome = "cancelled"
            if self._handlers.get("cancelled"):
                self._handlers["cancelled"]()

    @Slot()
    def _on_worker_finished(self) -> None:
        worker = self.sender()
        if worker is self._worker:
            self._worker = None
            self._handlers = {}
            self.set_busy(False)
            self.task_ended.emit(self._task_outcome or "failed", time.monotonic() - self._task_started)
        if worker is not None:
            worker.deleteLater()


def preview(make_panel: Callable[[AppState], QWidget], load_sample: bool = True) -> int:
    """Show one panel alone on the built-in sample (the ``__main__`` of every panel module)."""
    from engine.config import DataConfig
    from engine.data import load_dataset

    app = QApplication.instance() or QApplication(sys.argv)
    state = AppState()
    if load_sample:
        state.set_dataset(load_dataset(DataConfig()), "sample")
    panel = make_panel(state)
    panel.status_message.connect(lambda text: panel.setWindowTitle(text))
    panel.resize(1000, 700)
    panel.show()
    code = app.exec()
    if isinstance(panel, Panel):
        panel.shutdown()
    return code
