"""The main window: a step-by-step sidebar (and Runs) beside one panel per page, with menus.

The menus and their shortcuts are :mod:`gui.menus`; the project file and its "modified" mark are
:mod:`gui.project_session`; the first start's guided path is :mod:`gui.onboarding`. Window size,
splitters and the page on screen come back from QSettings (``window/``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QEvent, QSettings, QSize, Qt, Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from engine import __version__
from engine.config import RunConfig
from engine.data.sample import SAMPLE_NAME
from engine.errors import UserError
from gui import i18n
from gui.engine_text import engine_text
from gui.errors import open_logs_folder, report_error
from gui.help_panel import HelpDialog
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
from gui.state import AppState
from gui.themes import apply_theme

log = logging.getLogger(__name__)
STEPS = ["Data", "Model", "Train", "Gallery", "Evaluate", "Export"]  # the numbered workflow
PAGES = STEPS + ["Runs"]  # Runs is not a step: it sits below the steps, after a separator
PAGE_TITLES = {  # the sidebar's words for each page (PAGES are the keys code uses)
    "Data": QT_TRANSLATE_NOOP("MainWindow", "Data"),
    "Model": QT_TRANSLATE_NOOP("MainWindow", "Model"),
    "Train": QT_TRANSLATE_NOOP("MainWindow", "Train"),
    "Gallery": QT_TRANSLATE_NOOP("MainWindow", "Gallery"),
    "Evaluate": QT_TRANSLATE_NOOP("MainWindow", "Evaluate"),
    "Export": QT_TRANSLATE_NOOP("MainWindow", "Export"),
    "Runs": QT_TRANSLATE_NOOP("MainWindow", "Runs"),
}
__all__ = ["MainWindow", "PAGES", "SETTINGS_APP", "SETTINGS_ORG", "STEPS"]


class MainWindow(QMainWindow):
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
    sidebar : QListWidget
        One row per step, a separator, then Runs; selecting a row shows that panel.
    data_panel, model_panel, train_panel, gallery_panel, evaluate_panel, export_panel : Panel
        The workflow panels, in sidebar order.
    runs_panel : RunsPanel
        The run folders of the workspace.
    actions : WindowActions
        The menus and their actions (``actions.actions["start_training"]``...).
    project : ProjectSession
        The project file and its unsaved-changes mark.
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
        self._after_data_load: Callable[[], None] | None = None  # waits for a dataset to load
        self._help: HelpDialog | None = None
        self.panels: list[Panel] = [self.data_panel, self.model_panel, self.train_panel,
                                    self.gallery_panel, self.evaluate_panel, self.export_panel,
                                    self.runs_panel]

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("StepSidebar")
        for index, page in enumerate(PAGES):
            if page == "Runs":
                self._add_separator()
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, index)  # the page in the stack
            item.setSizeHint(QSize(0, 40))
            self.sidebar.addItem(item)
        self.sidebar.setMinimumWidth(150)
        self.sidebar.setMaximumWidth(220)
        self.sidebar.setStyleSheet("QListWidget { font-size: 11pt; }")
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

        self.runs_panel.open_requested.connect(self.open_run)
        self.runs_panel.continue_requested.connect(self.continue_run)
        self.runs_panel.preferences_requested.connect(self.edit_preferences)
        self.state.run_data_ready.connect(self._on_run_data_ready)
        self.state.run_data_failed.connect(self._on_run_data_failed)
        self.sidebar.currentItemChanged.connect(self._on_page_changed)
        self.sidebar.setCurrentRow(0)
        self.resize(1200, 800)
        self._retranslate()
        self.statusBar().showMessage(self.tr("Ready"))
        self._read_settings()
        if load_sample and self.state.dataset is None:
            self.data_panel.load(SAMPLE_NAME)
            if not tour_seen():  # the first start: the guided path, on the sample
                self.guide_bar.start()
        self.actions.update()
        self.project.mark_clean()  # what the window starts with is not a change

    # ---------------------------------------------------------------- pages
    def page_title(self, page: str, numbered: bool = False) -> str:
        """The translated name of ``page``; with its number for a step (``"3  Train"``)."""
        title = QApplication.translate("MainWindow", PAGE_TITLES[page])
        if numbered and page in STEPS:
            return f"&{STEPS.index(page) + 1}  {title}"
        return title

    def show_step(self, name: str) -> Panel:
        """Select the page called ``name`` (a step such as "Gallery", or "Runs"); return its panel."""
        index = PAGES.index(name)
        for row in range(self.sidebar.count()):
            if self.sidebar.item(row).data(Qt.ItemDataRole.UserRole) == index:
                self.sidebar.setCurrentRow(row)
        return self.panels[index]

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
            self.runs_panel.show_error(engine_text(str(exc)))
            return False
        self.state.set_trained_run(run_dir)
        self.show_status(self.tr("Opened run {0}: Gallery, Evaluate and Export use it").format(
            Path(run_dir).name))
        self.show_step("Gallery")
        return True

    @Slot(object)
    def continue_run(self, run_dir: Path) -> bool:
        """Continue training the unfinished ``run_dir`` on its own data and split (see
        :meth:`AppState.use_run`); training starts when the data is ready."""
        if self.train_panel.busy:
            self.runs_panel.show_error(self.tr("A run is already training: stop it before continuing "
                                               "another"))
            return False
        if self.data_panel.busy:
            self.runs_panel.show_error(self.tr("A dataset is being loaded: wait for it to finish, then "
                                               "try again"))
            return False
        try:
            self.state.use_run(run_dir, train=True)
        except UserError as exc:
            self.runs_panel.show_error(engine_text(str(exc)))
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
            self.runs_panel.show_error(engine_text(message))
        else:  # the run is open all the same; Export and Evaluate need its data
            self.show_status(engine_text(message))

    # Projects (gui.project_session) restore a saved config and its data with these two.
    def apply_run_settings(self, config: RunConfig) -> None:
        """The model and training settings of a run or project into the shared config (threads and
        device stay this machine's preferences); the data settings are applied by
        :meth:`load_run_data`."""
        cfg = self.state.config
        cfg.model = dataclasses.replace(config.model)
        cfg.train = dataclasses.replace(config.train, threads=0, device=self.state.preferences.device)
        self.state.notify_config()

    def load_run_data(self, config: RunConfig, then: Callable[[], None],
                      failed: Callable[[str], None]) -> bool:
        """Make the loaded dataset ``config``'s (folder, size, channels, resize, split); then ``then()``.

        A folder is scanned on the Data panel's worker; ``then`` runs when it has loaded, or
        ``failed(reason)`` if it cannot. Returns False when it fails at once.
        """
        want, state = config.data, self.state
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
        elif self.data_panel.busy:
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

    # ---------------------------------------------------------------- window
    def _add_separator(self) -> None:
        item = QListWidgetItem()
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setSizeHint(QSize(0, 17))
        self.sidebar.addItem(item)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self.sidebar.setItemWidget(item, line)

    def _retranslate(self) -> None:
        """The sidebar, menus and title in the current language."""
        for row in range(self.sidebar.count()):
            item = self.sidebar.item(row)
            index = item.data(Qt.ItemDataRole.UserRole)
            if index is None:
                continue
            page = PAGES[int(index)]
            title = self.page_title(page)
            item.setText(f"{index + 1}   {title}" if page in STEPS else f"     {title}")
            item.setToolTip(self.tr("Step {0}: {1} (Ctrl+{0})").format(index + 1, title) if page in STEPS
                            else self.tr("The runs of the workspace (Ctrl+7)"))
        self.sidebar.setToolTip(self.tr("The steps, in order; Ctrl+Page Down goes to the next one"))
        self.actions.retranslate()
        self.update_title()

    def update_title(self) -> None:
        """``<project>[*] — GenAug Studio``: Qt shows ``*`` in place of ``[*]`` while modified."""
        name = self.project.name if hasattr(self, "project") else self.tr("Untitled")
        self.setWindowTitle(self.tr("{0}[*] — GenAug Studio").format(name))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Re-set every text when the language changes."""
        if i18n.is_language_change(event):
            self._retranslate()
        super().changeEvent(event)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_page_changed(self, item: QListWidgetItem | None, _previous=None) -> None:
        index = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if index is not None:
            self.stack.setCurrentIndex(int(index))

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
        self._write_settings()
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

    def _splitters(self) -> dict[str, QSplitter]:
        """Every splitter of the panels, by a key that stays the same between starts."""
        found = {}
        for panel in self.panels:
            for i, splitter in enumerate(panel.findChildren(QSplitter)):
                found[f"window/splitters/{type(panel).__name__}_{i}"] = splitter
        return found

    def _read_settings(self) -> None:
        settings = QSettings(SETTINGS_ORG, SETTINGS_APP)
        geometry = settings.value("window/geometry", QByteArray())
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = settings.value("window/state", QByteArray())
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        for key, splitter in self._splitters().items():
            value = settings.value(key, QByteArray())
            if isinstance(value, QByteArray) and not value.isEmpty():
                splitter.restoreState(value)
        page = settings.value("window/page", "", type=str)
        if page in PAGES:
            self.show_step(page)

    def _write_settings(self) -> None:
        settings = QSettings(SETTINGS_ORG, SETTINGS_APP)
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        for key, splitter in self._splitters().items():
            settings.setValue(key, splitter.saveState())
        settings.setValue("window/page", self.current_page())
        settings.sync()
