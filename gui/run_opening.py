"""Opening a run of the Runs page: as the run of Gallery, Evaluate and Export, or to train on.

Either way the run's dataset is loaded as the run had it (:meth:`AppState.use_run`), on the Data
panel's worker for a folder; :class:`RunOpener` acts when the data is ready or has failed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Slot

from engine.errors import UserError
from gui.engine_text import engine_text


class RunOpener(QObject):
    """Open or continue the runs of a :class:`~gui.main_window.MainWindow`'s Runs page.

    Parameters
    ----------
    window : MainWindow
        The window whose state, Runs panel, Train panel and status bar it uses.
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        window.runs_panel.open_requested.connect(self.open)
        window.runs_panel.continue_requested.connect(self.continue_training)
        window.state.run_data_ready.connect(self._on_run_data_ready)
        window.state.run_data_failed.connect(self._on_run_data_failed)

    @Slot(object)
    def open(self, run_dir: Path) -> bool:
        """Make ``run_dir`` the run of Gallery, Evaluate and Export, its settings the Model panel's.

        The run's dataset is loaded too when it is not the one loaded, and split as the run was
        (so Export adds to the right classes and Evaluate holds out the same images); a dataset
        that cannot be found leaves the loaded one, with a message.
        """
        try:
            self.window.state.use_run(run_dir, train=False)
        except UserError as exc:
            self.window.runs_panel.show_error(engine_text(str(exc)))
            return False
        self.window.state.set_trained_run(run_dir)
        self.window.show_status(self.tr("Opened run {0}: Gallery, Evaluate and Export use it").format(
            Path(run_dir).name))
        self.window.show_step("Gallery")
        return True

    @Slot(object)
    def continue_training(self, run_dir: Path) -> bool:
        """Continue training the unfinished ``run_dir`` on its own data and split (see
        :meth:`AppState.use_run`); training starts when the data is ready."""
        w = self.window
        if w.train_panel.busy:
            w.runs_panel.show_error(self.tr("A run is already training: stop it before continuing "
                                            "another"))
            return False
        if w.data_panel.busy:
            w.runs_panel.show_error(self.tr("A dataset is being loaded: wait for it to finish, then "
                                            "try again"))
            return False
        try:
            w.state.use_run(run_dir, train=True)
        except UserError as exc:
            w.runs_panel.show_error(engine_text(str(exc)))
            return False
        return True

    @Slot(object, bool)
    def _on_run_data_ready(self, run_dir: Path, train: bool) -> None:
        if train:
            self.window.show_step("Train")
            self.window.train_panel.resume(run_dir)

    @Slot(str, bool)
    def _on_run_data_failed(self, message: str, train: bool) -> None:
        if train:  # Continue cannot start: say why
            self.window.runs_panel.show_error(engine_text(message))
        else:  # the run is open all the same; Export and Evaluate need its data
            self.window.show_status(engine_text(message))
