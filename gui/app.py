"""Start the desktop application."""

from __future__ import annotations

import sys


def configure_threads() -> None:
    """Keep torch's pools small before any work starts, so the UI thread keeps a core.

    Inter-op parallelism is not used by our models and its pool can only be sized before first
    use; the intra-op pool (process-wide) starts at the Preferences' training threads (Auto:
    every core but one, see :func:`gui.preferences.auto_threads` for the measurements) and each
    run sizes it again from ``TrainConfig.threads``, which the Train panel fills from Preferences.
    """
    import torch

    from gui.preferences import Preferences

    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:  # already started (e.g. torch used before the GUI)
        pass
    torch.set_num_threads(Preferences.load().training_threads())


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
    import pyqtgraph as pg
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from engine.paths import resource_path

    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    app.setApplicationName("GenAug Studio")
    app.setOrganizationName("GenAug")
    app.setWindowIcon(QIcon(str(resource_path("icon", "genaug.png"))))  # title bars, task bars
    pg.setConfigOptions(antialias=True)
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
        i18n.set_language(app, prefs.language_code())
    except ValueError as exc:  # a broken install: English, and the reason in the log
        log.warning("language not set: %s", exc)


def run_gui() -> int:
    """Create the application and the main window on the built-in sample; run the event loop.

    Returns
    -------
    int
        The exit status of the Qt event loop.
    """
    from gui.main_window import MainWindow
    from gui.themes import apply_theme

    app = create_app()
    setup_desktop(app)
    window = MainWindow(load_sample=True)
    apply_theme(app, window.state.preferences.theme)  # again: the plots made by the window too
    window.show()
    return app.exec()
