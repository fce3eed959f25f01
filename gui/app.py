"""Start the desktop application: a window within a second, torch loaded behind it."""

from __future__ import annotations

import sys


def configure_threads() -> None:
    """Keep torch's pools small before any work starts, so the UI thread keeps a core.

    Inter-op parallelism is not used by our models and its pool can only be sized before first
    use. The GUI thread runs torch serially (it only paints; see :func:`engine.device.serial_here`
    for the 0.8x a pool of its own cost the training thread); every other thread starts with the
    Preferences' training threads (Auto: every core but one, see
    :func:`gui.preferences.auto_threads` for the measurements), and each run sizes its pool again
    from ``TrainConfig.threads``, which the Train panel fills from Preferences.
    """
    import torch

    from engine.device import serial_here
    from gui.preferences import Preferences

    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:  # already started (e.g. torch used before the GUI)
        pass
    serial_here(Preferences.load().training_threads())


def create_qapp(argv: list[str] | None = None):
    """The QApplication, named for QSettings and QStandardPaths; imports Qt only, not torch."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from engine.paths import resource_path

    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    app.setApplicationName("GenAug Studio")
    app.setOrganizationName("GenAug")
    app.setWindowIcon(QIcon(str(resource_path("icon", "genaug.png"))))  # title bars, task bars
    return app


def configure_plots() -> None:
    """pyqtgraph's global options (antialiased curves)."""
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True)


def collect_garbage_on_gui_thread(app) -> None:
    """Python's cyclic garbage collection from now on runs only on the GUI thread, on a timer.

    Left automatic, a collection runs on whichever thread allocates, often a worker training a
    model; if it then deletes Qt widgets that were dropped in a reference cycle, Qt may crash or
    deadlock with the GUI thread. pyqtgraph's ``GarbageCollector`` disables the automatic
    collection and collects on a one-second ``QTimer`` instead, with the same thresholds.
    """
    from pyqtgraph.util.garbage_collector import GarbageCollector

    if getattr(app, "_genaug_gc", None) is None:
        app._genaug_gc = GarbageCollector(interval=1.0)


def create_app(argv: list[str] | None = None):
    """The QApplication, named for QSettings and QStandardPaths, with small torch pools.

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments for Qt; ``sys.argv`` by default.

    Returns
    -------
    QApplication
        The existing instance if there is one, else a new one.
    """
    configure_threads()
    app = create_qapp(argv)
    configure_plots()
    collect_garbage_on_gui_thread(app)
    return app


def setup_desktop(app) -> None:
    """What the desktop app adds to :func:`create_app`: the log, the crash handler, theme, language.

    The application log (:mod:`engine.applog`) receives the engine's and the GUI's ``logging``
    records; the crash handler (:class:`gui.errors.CrashHandler`) turns anything uncaught into a
    report in the logs folder and a dialog; the theme and the language are the Preferences'.
    """
    import logging

    from engine.applog import setup_logging
    from gui import i18n
    from gui.errors import CrashHandler
    from gui.preferences import Preferences
    from gui.themes import apply_theme

    log_file = setup_logging()
    log = logging.getLogger("gui.app")
    log.info("GenAug Studio starting; log %s", log_file)
    handler = CrashHandler(app)
    handler.install()
    app.aboutToQuit.connect(handler.uninstall)
    prefs = Preferences.load()
    apply_theme(app, prefs.theme)
    try:
        if prefs.language_code() != i18n.current_language():  # the start window may have set it
            i18n.set_language(app, prefs.language_code())
    except ValueError as exc:  # a broken install: English, and the reason in the log
        log.warning("language not set: %s", exc)


def launch(on_shown=None):
    """Show the start window at once, then the main window once torch and the panels are loaded.

    The start window (:mod:`gui.splash`) appears before torch is imported; the import runs on a
    background thread; the main window, on the built-in sample, replaces the start window at
    the same place. ``on_shown(kind, window)`` is called with ``"start"`` and then ``"main"``
    once each window is exposed (the start-up probe prints them).

    Returns
    -------
    tuple
        (QApplication, holder) where ``holder["main"]`` is the main window once built; the
        caller runs ``app.exec()``.
    """
    from PySide6.QtCore import QTimer

    from gui.splash import start_with_splash

    app = create_qapp()
    holder: dict = {}

    def watch(kind: str, window) -> None:
        if on_shown is None:
            return
        timer = QTimer(window)
        timer.setInterval(2)

        def poll() -> None:
            handle = window.windowHandle()
            if handle is not None and handle.isExposed():
                timer.stop()
                on_shown(kind, window)

        timer.timeout.connect(poll)
        timer.start()

    def ready(start_window) -> None:
        from gui.main_window import MainWindow  # already imported by the background thread
        from gui.themes import apply_theme

        configure_threads()
        configure_plots()
        collect_garbage_on_gui_thread(app)
        setup_desktop(app)  # the log, the crash handler, the Preferences' theme and language
        window = MainWindow(load_sample=True)
        apply_theme(app, window.state.preferences.theme)  # again: the plots made by the window too
        holder["main"] = window
        window.show()
        start_window.close()
        watch("main", window)

    holder["start"] = start_with_splash(ready)
    watch("start", holder["start"])
    return app, holder


def run_gui() -> int:
    """Run the application: the start window at once, the main window on the built-in sample
    when the engine is loaded.

    Returns
    -------
    int
        The exit status of the Qt event loop.
    """
    app, _holder = launch()
    return app.exec()
