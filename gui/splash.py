"""The first window: shown before torch is imported, while the engine loads in the background.

Importing torch takes seconds (2.4 s of a 3.7 s start on a 2-core machine); Qt alone shows a
window in a fraction of that. :func:`start_with_splash` shows :class:`StartWindow` at the main
window's saved place and size, imports the main window's modules (torch, pyqtgraph, the engine)
on a plain thread, and, once they are in, calls ``ready()`` on the GUI thread, which builds the
real window; the splash then closes. Nothing Qt-visual is touched off the GUI thread: the
thread only imports.

The start window speaks the user's language: :func:`install_saved_language` installs the
translator of the language saved in Preferences before it is built (a QSettings read and one
``.qm`` file, milliseconds; torch is not needed for either).
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from gui import i18n
from gui.i18n import RetranslatedOnLanguageChange
from gui.preferences import SETTINGS_APP, SETTINGS_ORG, Preferences  # Qt only, no torch
from gui.step_sidebar import STEPS, page_title  # Qt only, no torch: the main window's own steps

HEAVY_MODULES = ("torch", "gui.main_window")  # what the background thread imports
POLL_MS = 20


def install_saved_language(app: QCoreApplication) -> str:
    """Install the translator of the language saved in Preferences; return its code.

    A missing or broken translation leaves English (the main window's start logs the reason).
    """
    code = Preferences.load().language_code()
    if code != i18n.current_language():
        try:
            i18n.set_language(app, code)
        except ValueError:
            return i18n.current_language()
    return code


class StartWindow(RetranslatedOnLanguageChange, QMainWindow):
    """The window the user sees first: the sidebar of steps and "Loading…" until the engine is in."""

    def __init__(self):
        super().__init__()
        self.setWindowTitle("GenAug Studio")
        self.sidebar = sidebar = QListWidget()
        sidebar.addItems([""] * len(STEPS))
        sidebar.setFixedWidth(150)
        sidebar.setEnabled(False)
        sidebar.setStyleSheet("QListWidget { font-size: 11pt; }")
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        busy = QProgressBar()
        busy.setRange(0, 0)  # an indeterminate bar
        busy.setMaximumWidth(300)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addStretch(1)
        column.addWidget(self.label)
        column.addWidget(busy, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(sidebar)
        row.addWidget(body, 1)
        self.setCentralWidget(central)
        self.resize(1200, 800)
        geometry = QSettings(SETTINGS_ORG, SETTINGS_APP).value("window/geometry", QByteArray())
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        self._retranslate()

    def _retranslate(self) -> None:
        """The steps and the loading line in the current language."""
        for index, step in enumerate(STEPS):
            self.sidebar.item(index).setText(f"{index + 1}   {page_title(step)}")
        self.label.setText(self.tr("Loading the engine (PyTorch)…"))



class BackgroundImport:
    """Import ``modules`` on a daemon thread; :attr:`done` and :attr:`error` say how it went."""

    def __init__(self, modules: tuple[str, ...] = HEAVY_MODULES):
        self.modules = modules
        self.error: BaseException | None = None
        self.seconds = 0.0
        self._thread = threading.Thread(target=self._run, name="genaug-import", daemon=True)

    def start(self) -> None:
        self._thread.start()

    @property
    def done(self) -> bool:
        return not self._thread.is_alive()

    def _run(self) -> None:
        t0 = time.perf_counter()
        try:
            for name in self.modules:
                importlib.import_module(name)
        except BaseException as exc:  # noqa: BLE001 - re-raised on the GUI thread
            self.error = exc
        self.seconds = time.perf_counter() - t0


def start_with_splash(ready: Callable[[StartWindow], None]) -> StartWindow:
    """Show the start window now; call ``ready(start_window)`` on the GUI thread once the heavy
    modules are imported (an import error is raised there, inside the event loop).

    The caller keeps the returned window alive and runs the event loop. The language saved in
    Preferences is installed first, so the start window already speaks it.
    """
    install_saved_language(QCoreApplication.instance())
    window = StartWindow()
    window.show()
    loader = BackgroundImport()
    loader.start()
    timer = QTimer(window)
    timer.setInterval(POLL_MS)

    def poll() -> None:
        if not loader.done:
            return
        timer.stop()
        if loader.error is not None:
            raise loader.error
        ready(window)

    timer.timeout.connect(poll)
    timer.start()
    return window
