"""The main window: a step-by-step sidebar (and Runs) beside one panel per page."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from engine.config import RunConfig
from engine.data.sample import SAMPLE_NAME
from gui.panels.base import Panel
from gui.panels.data_panel import DataPanel
from gui.panels.evaluate_panel import EvaluatePanel
from gui.panels.export_panel import ExportPanel
from gui.panels.gallery_panel import GalleryPanel
from gui.panels.model_panel import ModelPanel
from gui.panels.runs_panel import RunsPanel
from gui.panels.train_panel import TrainPanel
from gui.preferences import SETTINGS_APP, SETTINGS_ORG, PreferencesDialog
from gui.state import AppState

STEPS = ["Data", "Model", "Train", "Gallery", "Evaluate", "Export"]  # the numbered workflow
PAGES = STEPS + ["Runs"]  # Runs is not a step: it sits below the steps, after a separator
__all__ = ["MainWindow", "PAGES", "SETTINGS_APP", "SETTINGS_ORG", "STEPS"]


class MainWindow(QMainWindow):
    """GenAug Studio's window: sidebar of steps, stacked panels, File menu, status bar.

    Parameters
    ----------
    state : AppState, optional
        The shared state; a new one (runs under the app-data folder) by default.
    load_sample : bool
        Load the built-in sample at once, so Train works without choosing a folder.

    Attributes
    ----------
    sidebar : QListWidget
        One row per step, a separator, then Runs; selecting a row shows that panel.
    data_panel, model_panel, train_panel, gallery_panel, evaluate_panel, export_panel : Panel
        The workflow panels, in sidebar order.
    runs_panel : RunsPanel
        The run folders of the workspace.
    """

    def __init__(self, state: AppState | None = None, load_sample: bool = True):
        super().__init__()
        self.setWindowTitle("GenAug Studio")
        self.state = state or AppState(parent=self)
        self.data_panel = DataPanel(self.state)
        self.model_panel = ModelPanel(self.state)
        self.train_panel = TrainPanel(self.state)
        self.gallery_panel = GalleryPanel(self.state)
        self.evaluate_panel = EvaluatePanel(self.state)
        self.export_panel = ExportPanel(self.state)
        self.runs_panel = RunsPanel(self.state)
        self._after_data_load: Callable[[], None] | None = None  # waits for a dataset to load
        self.panels: list[Panel] = [self.data_panel, self.model_panel, self.train_panel,
                                    self.gallery_panel, self.evaluate_panel, self.export_panel,
                                    self.runs_panel]

        self.sidebar = QListWidget()
        for index, title in enumerate(PAGES):
            if title == "Runs":
                self._add_separator()
            label = f"{index + 1}   {title}" if title in STEPS else f"     {title}"  # under the titles
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, index)  # the page in the stack
            item.setSizeHint(QSize(0, 40))
            self.sidebar.addItem(item)
        self.sidebar.setFixedWidth(150)
        self.sidebar.setStyleSheet("QListWidget { font-size: 11pt; }")
        self.stack = QStackedWidget()
        for panel in self.panels:
            self.stack.addWidget(panel)
            panel.status_message.connect(self._on_status_message)
        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        file_menu = self.menuBar().addMenu("&File")
        self.open_action = QAction("&Open dataset folder…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self._on_open)
        self.runs_action = QAction("&Runs…", self)
        self.runs_action.setShortcut(QKeySequence("Ctrl+R"))
        self.runs_action.triggered.connect(lambda: self.show_step("Runs"))
        self.preferences_action = QAction("&Preferences…", self)
        self.preferences_action.setShortcuts([QKeySequence.StandardKey.Preferences,
                                              QKeySequence("Ctrl+,")])
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.triggered.connect(self.edit_preferences)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        for action in (self.open_action, self.runs_action, None, self.preferences_action, None,
                       self.quit_action):
            file_menu.addAction(action) if action else file_menu.addSeparator()

        self.runs_panel.open_requested.connect(self.open_run)
        self.runs_panel.continue_requested.connect(self.continue_run)
        self.runs_panel.preferences_requested.connect(self.edit_preferences)
        self.sidebar.currentItemChanged.connect(self._on_page_changed)
        self.sidebar.setCurrentRow(0)
        self.statusBar().showMessage("Ready")
        self.resize(1200, 800)
        self._read_settings()
        if load_sample and self.state.dataset is None:
            self.data_panel.load(SAMPLE_NAME)

    def show_step(self, name: str) -> Panel:
        """Select the page called ``name`` (a step such as "Gallery", or "Runs"); return its panel."""
        index = PAGES.index(name)
        for row in range(self.sidebar.count()):
            if self.sidebar.item(row).data(Qt.ItemDataRole.UserRole) == index:
                self.sidebar.setCurrentRow(row)
        return self.panels[index]

    # ---------------------------------------------------------------- runs
    @Slot()
    def edit_preferences(self) -> bool:
        """Show the Preferences dialog; on OK save the preferences and apply them."""
        editor = PreferencesDialog(self.state.preferences, self)
        if editor.exec() != QDialog.DialogCode.Accepted:
            return False
        prefs = editor.preferences()
        prefs.save()
        self.state.set_preferences(prefs)
        self.statusBar().showMessage(f"Workspace: {prefs.workspace}; training threads: "
                                     f"{prefs.training_threads()}", 8000)
        return True

    @Slot(object)
    def open_run(self, run_dir: Path) -> bool:
        """Make ``run_dir`` the run of Gallery and Export, its settings the Model panel's.

        The run's dataset is loaded too when it is not the one loaded (so Export adds to the
        right classes and Evaluate uses the same held-out split); a dataset that cannot be
        found leaves the loaded one, with a message.
        """
        config = self._run_config(run_dir)
        if config is None:
            return False
        self.state.set_trained_run(run_dir)
        self._apply_run_settings(config)
        self._with_run_data(config, lambda: None, needed=False)
        self._on_status_message(f"Opened run {run_dir.name}: Gallery, Evaluate and Export use it")
        self.show_step("Gallery")
        return True

    @Slot(object)
    def continue_run(self, run_dir: Path) -> bool:
        """Continue training the unfinished ``run_dir`` on its own data (reloaded if need be)."""
        config = self._run_config(run_dir)
        if config is None:
            return False
        if self.train_panel.busy:
            self.runs_panel.show_error("A run is already training: stop it before continuing "
                                       "another")
            return False
        self._apply_run_settings(config)

        def go() -> None:
            names = self._run_class_names(run_dir)
            data = self.state.dataset
            if names is not None and data is not None and names != data.class_names:
                self.runs_panel.show_error(
                    f"The classes in {config.data.path} ({', '.join(data.class_names)}) are not "
                    f"the ones {run_dir.name} was trained on ({', '.join(names)})")
                return
            self.show_step("Train")
            self.train_panel.resume(run_dir)

        return self._with_run_data(config, go, needed=True)

    def _run_config(self, run_dir: Path) -> RunConfig | None:
        try:
            return RunConfig.load_json(Path(run_dir) / "config.json")
        except (OSError, ValueError) as exc:
            self.runs_panel.show_error(f"Cannot read the settings of the run {run_dir}: {exc}")
            return None

    @staticmethod
    def _run_class_names(run_dir: Path) -> list[str] | None:
        try:
            info = json.loads((Path(run_dir) / "dataset.json").read_text(encoding="utf-8"))
            return [str(n) for n in info["class_names"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _apply_run_settings(self, config: RunConfig) -> None:
        """The run's model and training settings into the shared config (threads stay this
        machine's preference); the data settings are applied by :meth:`_with_run_data`."""
        cfg = self.state.config
        cfg.model = config.model
        cfg.train = config.train
        cfg.train.threads = 0
        self.state.notify_config()

    def _with_run_data(self, config: RunConfig, then: Callable[[], None], needed: bool) -> bool:
        """Make the loaded dataset the run's (folder, size, channels, split), then call ``then``.

        A folder is scanned on the Data panel's worker; ``then`` runs when it has loaded. Returns
        False (after saying why) if the dataset cannot be loaded.
        """
        want, state = config.data, self.state
        cfg = state.config.data
        if (state.dataset is not None and cfg.path == want.path and cfg.image_size == want.image_size
                and cfg.channels == want.channels and state.dataset_matches_config()):
            if (cfg.holdout_fraction, cfg.split_seed) != (want.holdout_fraction, want.split_seed):
                cfg.split_seed = want.split_seed
                state.set_holdout_fraction(want.holdout_fraction)  # splits again
            then()
            return True
        problem = None
        if want.path != SAMPLE_NAME and not Path(want.path).is_dir():
            problem = f"The run's dataset folder is not found: {want.path}"
        elif self.data_panel.busy:
            problem = "A dataset is being loaded: wait for it to finish, then try again"
        if problem is not None:
            if needed:
                self.runs_panel.show_error(problem)
            else:
                self._on_status_message(f"{problem} (Export needs it)")
            return False
        cfg.image_size, cfg.channels = want.image_size, want.channels
        cfg.holdout_fraction, cfg.split_seed = want.holdout_fraction, want.split_seed

        def loaded() -> None:
            if state.config.data.path == want.path and state.dataset_matches_config():
                then()

        self.data_panel.load(want.path)  # the sample loads at once, a folder on a worker
        worker = self.data_panel.worker
        if worker is None:
            loaded()
        else:  # queued after the panel's own handlers, so the dataset is installed by then
            self._after_data_load = loaded
            worker.finished.connect(self._on_run_data_loaded)
        self.state.notify_config()
        return True

    @Slot()
    def _on_run_data_loaded(self) -> None:
        then, self._after_data_load = self._after_data_load, None
        if then is not None:
            then()

    def _add_separator(self) -> None:
        item = QListWidgetItem()
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setSizeHint(QSize(0, 17))
        self.sidebar.addItem(item)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self.sidebar.setItemWidget(item, line)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_page_changed(self, item: QListWidgetItem | None, _previous=None) -> None:
        index = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if index is not None:
            self.stack.setCurrentIndex(int(index))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Save the geometry, stop every task and wait for its thread, then close."""
        self._write_settings()
        self._after_data_load = None  # a Continue waiting for its dataset must not start now
        for panel in self.panels:
            panel.cancel()  # all stop at once, then wait for each
        for panel in self.panels:
            panel.shutdown()
        event.accept()

    @Slot()
    def _on_open(self) -> None:
        self.show_step("Data")
        self.data_panel.choose_folder()

    @Slot(str)
    def _on_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _read_settings(self) -> None:
        settings = QSettings(SETTINGS_ORG, SETTINGS_APP)
        geometry = settings.value("window/geometry", QByteArray())
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = settings.value("window/state", QByteArray())
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def _write_settings(self) -> None:
        settings = QSettings(SETTINGS_ORG, SETTINGS_APP)
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
