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


def run_gui() -> int:
    """Create the application and the main window on the built-in sample; run the event loop.

    Returns
    -------
    int
        The exit status of the Qt event loop.
    """
    from gui.main_window import MainWindow

    app = create_app()
    window = MainWindow(load_sample=True)
    window.show()
    return app.exec()
