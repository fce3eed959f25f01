"""The window's project: which file it is, whether it has unsaved changes, saving and opening.

:class:`ProjectSession` marks the window modified (``setWindowModified``; the title's ``[*]``)
whenever the dataset, the settings, the run in use or the export settings change, and clean when
the project is saved or opened. Opening a project reloads its dataset (on the Data panel's worker
for a folder) and then restores the run, its gallery rejections, the export settings and the step.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox

from engine.config import RunConfig
from engine.data.sample import SAMPLE_NAME
from engine.errors import UserError
from engine.runs import RunFolder
from engine.runs.files import CURATION as CURATION_FILE
from gui.errors import report_error
from gui.project import PROJECT_SUFFIX, Project

log = logging.getLogger(__name__)


class ProjectSession(QObject):
    """The project of one :class:`~gui.main_window.MainWindow`.

    Parameters
    ----------
    window : MainWindow
        The window whose state, panels and title the project covers.

    Attributes
    ----------
    path : Path or None
        The project file; None until the project is saved or opened ("Untitled").
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.path: Path | None = None
        self._restoring = False  # changes made while opening a project are not the user's
        self._after_data_load: Callable[[], None] | None = None  # waits for a dataset to load
        state = window.state
        for signal in (state.config_changed, state.dataset_changed, state.run_changed,
                       window.export_panel.settings_changed):
            signal.connect(self._on_changed)
        # The panel's own signal, not the worker's QThread.finished: a scan that ends before a
        # connection to the worker is made would never be heard, and the project never opens.
        window.data_panel.task_ended.connect(self._on_run_data_loaded)

    @property
    def restoring(self) -> bool:
        """Whether a project is being opened (its dataset may still be loading)."""
        return self._restoring

    @property
    def name(self) -> str:
        """The project's name for the title bar (its file name without the suffix)."""
        return self.path.stem if self.path is not None else self.tr("Untitled")

    @Slot()
    def _on_changed(self) -> None:
        if not self._restoring:
            self.window.setWindowModified(True)

    def mark_clean(self) -> None:
        """No unsaved changes (just saved, opened, or the window just started)."""
        self.window.setWindowModified(False)
        self.window.update_title()

    # ---------------------------------------------------------------- saving
    def capture(self) -> Project:
        """The project as the window shows it now."""
        w = self.window
        state = w.state
        run = state.trained_run
        curation = None
        if run is not None and (Path(run) / CURATION_FILE).is_file():
            try:
                curation = json.loads((Path(run) / CURATION_FILE).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:  # saved without it; the run keeps its own file
                log.warning("cannot read %s for the project: %s", Path(run) / CURATION_FILE, exc)
        config = RunConfig.from_dict(state.config.to_dict())  # a copy
        return Project(config=config, workspace=state.runs_root, trained_run=run, curation=curation,
                       export=w.export_panel.settings(), step=w.current_page())

    def save(self) -> bool:
        """Save to the project file (asking for one if there is none); False if not saved."""
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self, path: Path | str | None = None) -> bool:
        """Save to ``path`` (asked with a file dialog when None); False if cancelled or failed."""
        if path is None:
            start = str(self.path or Path.home() / f"{self.tr('project')}{PROJECT_SUFFIX}")
            chosen, _ = QFileDialog.getSaveFileName(
                self.window, self.tr("Save project"), start,
                self.tr("GenAug Studio projects (*{0})").format(PROJECT_SUFFIX))
            if not chosen:
                return False
            path = chosen
        return self._write(Path(path))

    def _write(self, path: Path) -> bool:
        try:
            written = self.capture().save(path)
        except UserError as exc:
            report_error(self.window, self.tr("Project not saved"), str(exc))
            return False
        self.path = written
        self.window.actions.recent_projects.add(str(written))
        self.mark_clean()
        self.window.show_status(self.tr("Project saved: {0}").format(written))
        log.info("project saved: %s", written)
        return True

    def maybe_save(self) -> bool:
        """Ask what to do with unsaved changes; True when the caller may go on (saved or discarded)."""
        if not self.window.isWindowModified():
            return True
        answer = QMessageBox.question(
            self.window, self.tr("Unsaved changes"),
            self.tr("The project \u201c{0}\u201d has changes that are not saved. Save them first?").format(
                self.name),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer != QMessageBox.StandardButton.Cancel  # Discard (Escape answers Cancel)

    # ---------------------------------------------------------------- opening
    def new(self) -> bool:
        """Start again: default settings on the built-in sample, no run in use, no file."""
        w = self.window
        if not self._can_replace() or not self.maybe_save():
            return False
        self._restoring = True
        try:
            config = RunConfig()
            config.train.device = w.state.preferences.device
            w.state.config = config
            w.state.set_trained_run(None)
            w.state.new_run()
            w.data_panel.load(config.data.path)  # the sample: loads at once
            w.state.notify_config()
            w.show_step("Data")
        finally:
            self._restoring = False
        self.path = None
        self.mark_clean()
        return True

    def open(self, path: Path | str | None = None) -> bool:
        """Open a project file (asked with a file dialog when None).

        Returns False if cancelled or if it cannot be opened (a dialog says why). The dataset of a
        folder loads on a worker: the run, the export settings and the step are restored when it
        has loaded.
        """
        w = self.window
        if not self._can_replace() or not self.maybe_save():
            return False
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                w, self.tr("Open project"), str(self.path.parent if self.path else Path.home()),
                self.tr("GenAug Studio projects (*{0})").format(PROJECT_SUFFIX))
            if not chosen:
                return False
            path = chosen
        path = Path(path)
        try:
            project = Project.load(path)
        except UserError as exc:
            report_error(w, self.tr("Cannot open the project"), str(exc))
            if not path.exists():
                w.actions.recent_projects.remove(str(path))
            return False
        self._restoring = True
        state = w.state
        if project.workspace is not None and project.workspace != state.runs_root:
            state.set_preferences(dataclasses.replace(state.preferences, workspace=project.workspace))
        self.apply_run_settings(project.config)

        def finish() -> None:
            self._finish_open(path, project)

        def failed(reason: str) -> None:
            self._restoring = False
            report_error(w, self.tr("Cannot open the project"),
                         self.tr("{0}: {1}").format(path, reason))

        self.load_run_data(project.config, finish, failed)
        return True

    def _finish_open(self, path: Path, project: Project) -> None:
        w = self.window
        run = project.trained_run
        if run is not None and not RunFolder(run).config_path.is_file():
            w.show_status(self.tr("The project's run {0} is not found: train again or open another "
                                  "from Runs").format(run))
            run = None
        if run is not None and project.curation and not (run / CURATION_FILE).is_file():
            try:  # the run lost its rejections (a copied folder): the project's copy goes back
                (run / CURATION_FILE).write_text(json.dumps(project.curation, indent=2), encoding="utf-8")
            except OSError as exc:
                log.warning("cannot restore %s: %s", run / CURATION_FILE, exc)
        w.state.set_trained_run(run)
        w.export_panel.apply_settings(project.export)
        w.show_step(project.step if project.step in w.PAGES else "Data")
        self.path = path
        w.actions.recent_projects.add(str(path))
        self._restoring = False
        self.mark_clean()
        w.show_status(self.tr("Project opened: {0}").format(path))
        log.info("project opened: %s", path)

    # ---------------------------------------------------------------- a run's settings and data
    def apply_run_settings(self, config: RunConfig) -> None:
        """The model and training settings of a run or project into the shared config (threads and
        device stay this machine's preferences); the data settings are applied by
        :meth:`load_run_data`."""
        cfg = self.window.state.config
        cfg.model = dataclasses.replace(config.model)
        cfg.train = dataclasses.replace(config.train, threads=0, device=self.window.state.preferences.device)
        self.window.state.notify_config()

    def load_run_data(self, config: RunConfig, then: Callable[[], None],
                      failed: Callable[[str], None]) -> bool:
        """Make the loaded dataset ``config``'s (folder, size, channels, resize, split); then ``then()``.

        A folder is scanned on the Data panel's worker; ``then`` runs when it has loaded, or
        ``failed(reason)`` if it cannot. Returns False when it fails at once.
        """
        want, state = config.data, self.window.state
        cfg = state.config.data
        if (state.dataset is not None and cfg.path == want.path and cfg.image_size == want.image_size
                and cfg.channels == want.channels and cfg.resize == want.resize
                and state.dataset_matches_config()):
            if (cfg.holdout_fraction, cfg.split_seed) != (want.holdout_fraction, want.split_seed):
                cfg.split_seed = want.split_seed
                state.set_holdout_fraction(want.holdout_fraction)  # splits again
            then()
            return True
        problem = None
        if want.path != SAMPLE_NAME and not Path(want.path).is_dir():
            problem = self.tr("The dataset folder is not found: {0}").format(want.path)
        elif self.window.data_panel.busy:
            problem = self.tr("A dataset is being loaded: wait for it to finish, then try again")
        if problem is not None:
            failed(problem)
            return False
        cfg.image_size, cfg.channels, cfg.resize = want.image_size, want.channels, want.resize
        cfg.holdout_fraction, cfg.split_seed = want.holdout_fraction, want.split_seed

        def loaded() -> None:
            if state.config.data.path == want.path and state.dataset_matches_config():
                then()
            else:
                failed(self.tr("The dataset {0} could not be loaded").format(want.path))

        self.window.data_panel.load(want.path)  # the sample loads at once, a folder on a worker
        if self.window.data_panel.worker is None:
            loaded()
        else:  # task_ended follows the panel's own handlers, so the dataset is installed by then
            self._after_data_load = loaded
        state.notify_config()
        return True

    @Slot(str, float)
    def _on_run_data_loaded(self, _outcome: str = "", _seconds: float = 0.0) -> None:
        then, self._after_data_load = self._after_data_load, None
        if then is not None:
            then()

    def _can_replace(self) -> bool:
        """A project cannot be opened or started while a run trains (it would change under it)."""
        if self.window.train_panel.busy or self._restoring:
            report_error(self.window, self.tr("Busy"),
                         self.tr("Stop the training (or wait for the project to open) first."))
            return False
        return True
