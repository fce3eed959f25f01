"""The main window: a step-by-step sidebar (and Runs) beside one panel per page, with menus.

The menus and their shortcuts are :mod:`gui.menus`; the sidebar of steps is :mod:`gui.step_sidebar`;
the project file and its "modified" mark are :mod:`gui.project_session`; opening a run of the Runs
page is :mod:`gui.run_opening`; the first start's guided path is :mod:`gui.onboarding`. Window
size, splitters and the page on screen come back from QSettings (``window/``, :mod:`gui.window_layout`).
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from engine import __version__
from engine.data.sample import SAMPLE_NAME
from gui import i18n
from gui.errors import open_logs_folder, report_error
from gui.help_panel import HelpDialog
from gui.i18n import RetranslatedOnLanguageChange
from gui.menus import WindowActions
from gui.notify import Notifier
from gui.onboarding import GuideBar, tour_seen
from gui.panels.base import Panel
from gui.panels.data_panel import DataPanel
from gui.panels.evaluate_panel import EvaluatePanel
from gui.panels.export_panel import ExportPanel
from gui.panels.gallery_panel import GalleryPanel
from gui.panels.model_panel import ModelPanel
from gui.panels.runs_panel import RunsPanel
from gui.panels.train_panel import TrainPanel
from gui.preferences import SETTINGS_APP, SETTINGS_ORG, Preferences, PreferencesDialog
from gui.project import PROJECT_SUFFIX
from gui.project_session import ProjectSession
from gui.run_opening import RunOpener
from gui.state import AppState
from gui.step_sidebar import PAGES, STEPS, StepSidebar, page_title
from gui.themes import apply_theme
from gui.window_layout import restore_layout, save_layout

log = logging.getLogger(__name__)
__all__ = ["MainWindow", "PAGES", "SETTINGS_APP", "SETTINGS_ORG", "STEPS"]


class MainWindow(RetranslatedOnLanguageChange, QMainWindow):
    """GenAug Studio's window: sidebar of steps, stacked panels, menus, status bar.

    Parameters
    ----------
    state : AppState, optional
        The shared state; a new one (runs under the app-data folder) by default.
    load_sample : bool
        Load the built-in sample at once, so Train works without choosing a folder; on the very
        first start the guided path through the six steps opens too.

    Attributes
    ----------
    sidebar : StepSidebar
        One row per step, a separator, then Runs; selecting a row shows that panel.
    data_panel, model_panel, train_panel, gallery_panel, evaluate_panel, export_panel : Panel
        The workflow panels, in sidebar order.
    runs_panel : RunsPanel
        The run folders of the workspace.
    actions : WindowActions
        The menus and their actions (``actions.actions["start_training"]``...).
    project : ProjectSession
        The project file and its unsaved-changes mark.
    run_opener : RunOpener
        Opens a run of the Runs page, or continues training it.
    guide_bar : GuideBar
        The guided path (hidden unless running).
    notifier : Notifier
        Desktop notifications for long jobs that end while the window is in the background.
    """

    PAGES = PAGES

    def __init__(self, state: AppState | None = None, load_sample: bool = True):
        super().__init__()
        self.state = state or AppState(parent=self)
        self.data_panel = DataPanel(self.state)
        self.model_panel = ModelPanel(self.state)
        self.train_panel = TrainPanel(self.state)
        self.gallery_panel = GalleryPanel(self.state)
        self.evaluate_panel = EvaluatePanel(self.state)
        self.export_panel = ExportPanel(self.state)
        self.runs_panel = RunsPanel(self.state)
        self._help: HelpDialog | None = None
        self.panels: list[Panel] = [self.data_panel, self.model_panel, self.train_panel,
                                    self.gallery_panel, self.evaluate_panel, self.export_panel,
                                    self.runs_panel]

        self.sidebar = StepSidebar()
        self.stack = QStackedWidget()
        for panel in self.panels:
            self.stack.addWidget(panel)
            panel.status_message.connect(self.show_status)
        self.guide_bar = GuideBar()
        self.guide_bar.hide()
        self.guide_bar.step_requested.connect(self.show_step)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.guide_bar)
        right.addWidget(self.stack, 1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(self.sidebar)
        row.addLayout(right, 1)
        self.setCentralWidget(central)
        self.setAcceptDrops(True)  # a dataset folder or a project file dropped anywhere opens

        self.actions = WindowActions(self)
        self.project = ProjectSession(self)
        self.notifier = Notifier(self)
        for signal in (self.state.dataset_changed, self.state.run_changed, self.state.runs_changed,
                       self.train_panel.pause_button.toggled):
            signal.connect(self.actions.update)
        for panel in self.panels:
            panel.task_ended.connect(self._on_task_ended)

        self.run_opener = RunOpener(self)
        self.runs_panel.preferences_requested.connect(self.edit_preferences)
        self.sidebar.page_selected.connect(self.stack.setCurrentIndex)
        self.sidebar.setCurrentRow(0)
        self.resize(1200, 800)
        self._retranslate()
        self.statusBar().showMessage(self.tr("Ready"))
        restore_layout(self)
        if load_sample and self.state.dataset is None:
            self.data_panel.load(SAMPLE_NAME)
            if not tour_seen():  # the first start: the guided path, on the sample
                self.guide_bar.start()
        self.actions.update()
        self.project.mark_clean()  # what the window starts with is not a change

    # ---------------------------------------------------------------- pages
    page_title = staticmethod(page_title)  # the translated name of a page (for the Go menu)

    def show_step(self, name: str) -> Panel:
        """Select the page called ``name`` (a step such as "Gallery", or "Runs"); return its panel."""
        self.sidebar.select_page(name)
        return self.panels[PAGES.index(name)]

    def current_page(self) -> str:
        """The name of the page on screen."""
        return PAGES[self.stack.currentIndex()]

    @Slot()
    def next_step(self) -> None:
        """Show the next page (after Runs: Data)."""
        self.show_step(PAGES[(self.stack.currentIndex() + 1) % len(PAGES)])

    @Slot()
    def previous_step(self) -> None:
        """Show the page before (before Data: Runs)."""
        self.show_step(PAGES[(self.stack.currentIndex() - 1) % len(PAGES)])

    # ---------------------------------------------------------------- menu actions
    def new_project(self) -> bool:
        """File → New project."""
        return self.project.new()

    def open_project(self, path: Path | str | None = None) -> bool:
        """File → Open project (``path``, or asked)."""
        return self.project.open(path)

    def save_project(self) -> bool:
        """File → Save project."""
        return self.project.save()

    def save_project_as(self, path: Path | str | None = None) -> bool:
        """File → Save project as (``path``, or asked)."""
        return self.project.save_as(path)

    @Slot()
    def open_dataset(self) -> None:
        """File → Open dataset folder: the Data panel's folder dialog."""
        self.show_step("Data")
        self.data_panel.choose_folder()

    def open_dataset_path(self, path: str) -> None:
        """Load the dataset folder ``path`` (a recent one, or a dropped one) on the Data page."""
        self.show_step("Data")
        if path != SAMPLE_NAME and not Path(path).is_dir():
            self.actions.recent_datasets.remove(path)
            report_error(self, self.tr("Folder not found"),
                         self.tr("The dataset folder {0} is not there any more.").format(path),
                         self.tr("It was removed from the recent datasets. Open another folder."))
            return
        self.data_panel.load(path)

    @Slot()
    def open_sample(self) -> None:
        """File → Open the built-in sample."""
        self.show_step("Data")
        self.data_panel.use_sample()

    @Slot()
    def copy_run_path(self) -> None:
        """Edit → Copy run folder path."""
        if self.state.trained_run is not None:
            QGuiApplication.clipboard().setText(str(self.state.trained_run))
            self.show_status(self.tr("Copied: {0}").format(self.state.trained_run))

    @Slot()
    def start_training(self) -> None:
        """Run → Start training, on the Train page."""
        self.show_step("Train")
        self.train_panel.start()

    @Slot(bool)
    def set_training_paused(self, paused: bool) -> None:
        """Run → Pause training (checked) or continue it."""
        if self.train_panel.busy and self.train_panel.pause_button.isChecked() != paused:
            self.train_panel.pause_button.setChecked(paused)

    @Slot()
    def stop_training(self) -> None:
        """Run → Stop training."""
        self.train_panel.stop()

    def run_step_action(self, page: str) -> None:
        """Run → Generate / Evaluate / Export: show that page and start its task."""
        self.show_step(page)
        {"Gallery": self.gallery_panel.generate, "Evaluate": self.evaluate_panel.evaluate,
         "Export": self.export_panel.export}[page]()
        self.actions.update()

    @Slot()
    def toggle_full_screen(self) -> None:
        """View → Full screen, and back."""
        self.showNormal() if self.isFullScreen() else self.showFullScreen()
        self.actions.update()

    def set_theme(self, theme: str) -> None:
        """View → Theme: apply and remember ``theme`` ("system", "light" or "dark")."""
        self.apply_preferences(dataclasses.replace(self.state.preferences, theme=theme))

    @Slot()
    def show_help(self, page: str | None = None) -> HelpDialog:
        """Help → User guide (F1): the guide, on ``page`` if given."""
        if self._help is None:
            self._help = HelpDialog(self)
        if page:
            self._help.show_page(page)
        self._help.show()
        self._help.raise_()
        return self._help

    @Slot()
    def start_tour(self) -> None:
        """Help → Getting started: the guided path from step 1."""
        self.guide_bar.start()

    @Slot()
    def open_logs_folder(self) -> None:
        """Help → Open logs folder (and say where it is)."""
        self.show_status(self.tr("Logs folder: {0}").format(open_logs_folder()))

    @Slot()
    def about(self) -> None:
        """Help → About."""
        QMessageBox.about(self, self.tr("About GenAug Studio"), self.tr(
            "<b>GenAug Studio {0}</b><p>Train a class-conditional generative model on a small image "
            "folder and export an augmented dataset. Runs offline.</p><p>Built-in sample: 2,200 "
            "MNIST handwritten digits (LeCun, Cortes and Burges), CC BY-SA 3.0.</p>").format(__version__))

    # ---------------------------------------------------------------- preferences
    @Slot()
    def edit_preferences(self) -> bool:
        """Show the Preferences dialog; on OK save the preferences and apply them."""
        editor = PreferencesDialog(self.state.preferences, self)
        if editor.exec() != QDialog.DialogCode.Accepted:
            return False
        prefs = editor.preferences()
        self.apply_preferences(prefs)
        self.show_status(self.tr("Workspace: {0}; training threads: {1}").format(
            prefs.workspace, prefs.training_threads()))
        return True

    def apply_preferences(self, prefs: Preferences) -> None:
        """Save ``prefs`` and use them now: workspace and device, theme, language."""
        old = self.state.preferences
        prefs.save()
        self.state.set_preferences(prefs)
        app = QApplication.instance()
        if prefs.theme != old.theme:
            apply_theme(app, prefs.theme)
        code = prefs.language_code()
        if code != i18n.current_language():
            try:
                i18n.set_language(app, code)
            except ValueError as exc:
                report_error(self, self.tr("Language not changed"), str(exc))
        self.actions.update()

    # ---------------------------------------------------------------- runs
    def open_run(self, run_dir: Path) -> bool:
        """Make ``run_dir`` the run of Gallery, Evaluate and Export (:meth:`RunOpener.open`)."""
        return self.run_opener.open(run_dir)

    def continue_run(self, run_dir: Path) -> bool:
        """Continue training the unfinished ``run_dir`` (:meth:`RunOpener.continue_training`)."""
        return self.run_opener.continue_training(run_dir)

    # ---------------------------------------------------------------- window
    def _retranslate(self) -> None:
        """The sidebar, menus and title in the current language."""
        self.sidebar.retranslate()
        self.actions.retranslate()
        self.update_title()

    def update_title(self) -> None:
        """``<project>[*] — GenAug Studio``: Qt shows ``*`` in place of ``[*]`` while modified."""
        name = self.project.name if hasattr(self, "project") else self.tr("Untitled")
        self.setWindowTitle(self.tr("{0}[*] — GenAug Studio").format(name))

    @Slot(str, float)
    def _on_task_ended(self, outcome: str, seconds: float) -> None:
        """Update the menus; notify when a long job ends while the window is in the background."""
        self.actions.update()
        panel = self.sender()
        what = {self.train_panel: self.tr("Training"), self.evaluate_panel: self.tr("Evaluation"),
                self.export_panel: self.tr("Export")}.get(panel)
        if what is None:
            return
        how = {"succeeded": self.tr("{0} finished"), "cancelled": self.tr("{0} stopped"),
               "failed": self.tr("{0} failed")}.get(outcome, self.tr("{0} ended"))
        self.notifier.job_ended(how.format(what), self.statusBar().currentMessage() or how.format(what),
                                seconds)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        """Accept one local folder (a dataset) or a ``.genaug`` file (a project)."""
        if self._dropped(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        """Open the dropped dataset folder or project."""
        path = self._dropped(event.mimeData())
        if path is None:
            return
        event.acceptProposedAction()
        if path.is_dir():
            self.open_dataset_path(str(path))
        else:
            self.open_project(path)

    def _dropped(self, mime) -> Path | None:
        urls = [u for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
        if len(urls) != 1 or self.train_panel.busy or self.data_panel.busy:
            return None
        path = Path(urls[0].toLocalFile())
        return path if path.is_dir() or path.suffix == PROJECT_SUFFIX else None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Ask about unsaved changes; save the window's layout, stop every task, wait, close."""
        if not self.project.maybe_save():
            event.ignore()
            return
        save_layout(self)
        self.state.forget_pending_run()  # a Continue waiting for its dataset must not start now
        for panel in self.panels:
            panel.cancel()  # all stop at once, then wait for each
        for panel in self.panels:
            panel.shutdown()
        if self._help is not None:
            self._help.close()
        event.accept()

    @Slot(str)
    def show_status(self, text: str) -> None:
        """A line in the status bar for a few seconds."""
        self.statusBar().showMessage(text, 8000)

    _on_status_message = show_status  # the former name, kept for callers
