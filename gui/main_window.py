"""The main window: a step-by-step sidebar (and Runs) beside one panel per page."""

from __future__ import annotations

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

from engine.data.sample import SAMPLE_NAME
from engine.errors import UserError
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
        self.state.run_data_ready.connect(self._on_run_data_ready)
        self.state.run_data_failed.connect(self._on_run_data_failed)
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
        """Make ``run_dir`` the run of Gallery, Evaluate and Export, its settings the Model panel's.

        The run's dataset is loaded too when it is not the one loaded, and split as the run was
        (so Export adds to the right classes and Evaluate holds out the same images); a dataset
        that cannot be found leaves the loaded one, with a message.
        """
        try:
            self.state.use_run(run_dir, train=False)
        except UserError as exc:
            self.runs_panel.show_error(str(exc))
            return False
        self.state.set_trained_run(run_dir)
        self._on_status_message(f"Opened run {Path(run_dir).name}: Gallery, Evaluate and Export use it")
        self.show_step("Gallery")
        return True

    @Slot(object)
    def continue_run(self, run_dir: Path) -> bool:
        """Continue training the unfinished ``run_dir`` on its own data and split (see
        :meth:`AppState.use_run`); training starts when the data is ready."""
        if self.train_panel.busy:
            self.runs_panel.show_error("A run is already training: stop it before continuing another")
            return False
        if self.data_panel.busy:
            self.runs_panel.show_error("A dataset is being loaded: wait for it to finish, then try again")
            return False
        try:
            self.state.use_run(run_dir, train=True)
        except UserError as exc:
            self.runs_panel.show_error(str(exc))
            return False
        return True

    @Slot(object, bool)
    def _on_run_data_ready(self, run_dir: Path, train: bool) -> None:
        if train:
            self.show_step("Train")
            self.train_panel.resume(run_dir)

    @Slot(str, bool)
    def _on_run_data_failed(self, message: str, train: bool) -> None:
        if train:  # Continue cannot start: say why
            self.runs_panel.show_error(message)
        else:  # the run is open all the same; Export and Evaluate need its data
            self._on_status_message(message)

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
        self.state.forget_pending_run()  # a Continue waiting for its dataset must not start now
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
