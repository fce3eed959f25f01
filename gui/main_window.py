"""The main window: a step-by-step sidebar beside one panel per step."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from engine.data.sample import SAMPLE_NAME
from gui.panels.base import Panel
from gui.panels.data_panel import DataPanel
from gui.panels.evaluate_panel import EvaluatePanel
from gui.panels.export_panel import ExportPanel
from gui.panels.gallery_panel import GalleryPanel
from gui.panels.model_panel import ModelPanel
from gui.panels.train_panel import TrainPanel
from gui.state import AppState

STEPS = ["Data", "Model", "Train", "Gallery", "Evaluate", "Export"]
SETTINGS_ORG, SETTINGS_APP = "GenAug", "GenAug Studio"


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
        One row per step; selecting a row shows that panel.
    data_panel, model_panel, train_panel, gallery_panel, evaluate_panel, export_panel : Panel
        The panels, in sidebar order.
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
        self.panels: list[Panel] = [self.data_panel, self.model_panel, self.train_panel,
                                    self.gallery_panel, self.evaluate_panel, self.export_panel]

        self.sidebar = QListWidget()
        for number, title in enumerate(STEPS, start=1):
            item = QListWidgetItem(f"{number}   {title}")
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
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.sidebar.setCurrentRow(0)
        self.statusBar().showMessage("Ready")
        self.resize(1200, 800)
        self._read_settings()
        if load_sample and self.state.dataset is None:
            self.data_panel.load(SAMPLE_NAME)

    def show_step(self, name: str) -> Panel:
        """Select the step called ``name`` (e.g. "Gallery") and return its panel."""
        index = STEPS.index(name)
        self.sidebar.setCurrentRow(index)
        return self.panels[index]

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Save the geometry, stop every task and wait for its thread, then close."""
        self._write_settings()
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
