"""The window's menus (File, Edit, View, Run, Help), their shortcuts, and when each is enabled.

:class:`WindowActions` makes every :class:`QAction` once, puts it in its menu and connects it to the
window; :meth:`WindowActions.update` enables each for the app's phase (:func:`app_phase`) from the
table :data:`ENABLED_IN`, so what a menu offers is data, tested as such.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QWhatsThis

from gui.i18n import translate
from gui.recent import RECENT_DATASETS, RecentList
from gui.themes import THEMES

PHASES = ("no_data", "data", "training", "trained")  # what the app can be doing, for the menus
ALWAYS = frozenset(PHASES)
IDLE = frozenset({"no_data", "data", "trained"})  # anything but training
HAS_DATA = frozenset({"data", "trained"})
TRAINED = frozenset({"trained"})
TRAINING = frozenset({"training"})

# In which phases each action is enabled (actions not listed are always enabled).
ENABLED_IN = {
    "new_project": IDLE, "open_project": IDLE, "open_dataset": IDLE, "open_sample": IDLE,
    "recent_datasets": IDLE, "recent_projects": IDLE, "export_dataset": TRAINED,
    "copy_run_path": TRAINED,
    "start_training": HAS_DATA, "pause_training": TRAINING, "stop_training": TRAINING,
    "generate": TRAINED, "evaluate": TRAINED, "export": TRAINED,
}

CONTEXT = "WindowActions"  # the translation context of the tables below (and of self.tr here)
MENU_TITLES = {
    "file": QT_TRANSLATE_NOOP("WindowActions", "&File"),
    "edit": QT_TRANSLATE_NOOP("WindowActions", "&Edit"),
    "view": QT_TRANSLATE_NOOP("WindowActions", "&View"),
    "run": QT_TRANSLATE_NOOP("WindowActions", "&Run"),
    "help": QT_TRANSLATE_NOOP("WindowActions", "&Help"),
    "recent_projects": QT_TRANSLATE_NOOP("WindowActions", "Recent &projects"),
    "recent_datasets": QT_TRANSLATE_NOOP("WindowActions", "Recent &datasets"),
    "theme": QT_TRANSLATE_NOOP("WindowActions", "&Theme"),
}
ACTION_TEXTS = {  # name: (menu text, tooltip and status tip)
    "new_project": (
        QT_TRANSLATE_NOOP("WindowActions", "&New project"),
        QT_TRANSLATE_NOOP("WindowActions", "Start again on the built-in sample with default settings")),
    "open_project": (
        QT_TRANSLATE_NOOP("WindowActions", "&Open project…"),
        QT_TRANSLATE_NOOP("WindowActions", "Open a .genaug project: its dataset, settings, run and export "
                                           "settings")),
    "recent_projects": (
        QT_TRANSLATE_NOOP("WindowActions", "Recent &projects"),
        QT_TRANSLATE_NOOP("WindowActions", "Projects opened or saved lately")),
    "save_project": (
        QT_TRANSLATE_NOOP("WindowActions", "&Save project"),
        QT_TRANSLATE_NOOP("WindowActions", "Save where you are to the project file")),
    "save_project_as": (
        QT_TRANSLATE_NOOP("WindowActions", "Save project &as…"),
        QT_TRANSLATE_NOOP("WindowActions", "Save where you are to a new project file")),
    "open_dataset": (
        QT_TRANSLATE_NOOP("WindowActions", "Open &dataset folder…"),
        QT_TRANSLATE_NOOP("WindowActions", "A folder with one sub-folder per class")),
    "open_sample": (
        QT_TRANSLATE_NOOP("WindowActions", "Open the built-in &sample"),
        QT_TRANSLATE_NOOP("WindowActions", "Handwritten digits, 10 classes")),
    "recent_datasets": (
        QT_TRANSLATE_NOOP("WindowActions", "Recent &datasets"),
        QT_TRANSLATE_NOOP("WindowActions", "Dataset folders loaded lately")),
    "export_dataset": (
        QT_TRANSLATE_NOOP("WindowActions", "&Export augmented dataset…"),
        QT_TRANSLATE_NOOP("WindowActions", "Go to Export and write the augmented folder")),
    "quit": (
        QT_TRANSLATE_NOOP("WindowActions", "&Quit"),
        QT_TRANSLATE_NOOP("WindowActions", "Close GenAug Studio (asks first if the project has changes)")),
    "copy_run_path": (
        QT_TRANSLATE_NOOP("WindowActions", "&Copy run folder path"),
        QT_TRANSLATE_NOOP("WindowActions", "Copy the folder of the run in use to the clipboard")),
    "clear_recent": (
        QT_TRANSLATE_NOOP("WindowActions", "C&lear recent lists"),
        QT_TRANSLATE_NOOP("WindowActions", "Forget the recent datasets and projects")),
    "preferences": (
        QT_TRANSLATE_NOOP("WindowActions", "&Preferences…"),
        QT_TRANSLATE_NOOP("WindowActions", "Workspace, device, CPU threads, theme, language")),
    "next_step": (
        QT_TRANSLATE_NOOP("WindowActions", "&Next step"),
        QT_TRANSLATE_NOOP("WindowActions", "Show the next step")),
    "previous_step": (
        QT_TRANSLATE_NOOP("WindowActions", "&Previous step"),
        QT_TRANSLATE_NOOP("WindowActions", "Show the step before")),
    "full_screen": (
        QT_TRANSLATE_NOOP("WindowActions", "&Full screen"),
        QT_TRANSLATE_NOOP("WindowActions", "Use the whole screen")),
    "theme_system": (
        QT_TRANSLATE_NOOP("WindowActions", "Follow the &system"),
        QT_TRANSLATE_NOOP("WindowActions", "Colours of the window and the plots")),
    "theme_light": (
        QT_TRANSLATE_NOOP("WindowActions", "&Light"),
        QT_TRANSLATE_NOOP("WindowActions", "Colours of the window and the plots")),
    "theme_dark": (
        QT_TRANSLATE_NOOP("WindowActions", "&Dark"),
        QT_TRANSLATE_NOOP("WindowActions", "Colours of the window and the plots")),
    "start_training": (
        QT_TRANSLATE_NOOP("WindowActions", "&Start training"),
        QT_TRANSLATE_NOOP("WindowActions", "Train the model chosen in Model on the training split")),
    "pause_training": (
        QT_TRANSLATE_NOOP("WindowActions", "&Pause training"),
        QT_TRANSLATE_NOOP("WindowActions", "Hold the run after the current step; again to go on")),
    "stop_training": (
        QT_TRANSLATE_NOOP("WindowActions", "S&top training"),
        QT_TRANSLATE_NOOP("WindowActions", "End the run after the current step; it is saved and can be "
                                           "continued from Runs")),
    "generate": (
        QT_TRANSLATE_NOOP("WindowActions", "&Generate samples"),
        QT_TRANSLATE_NOOP("WindowActions", "Make images per class in the Gallery")),
    "evaluate": (
        QT_TRANSLATE_NOOP("WindowActions", "E&valuate"),
        QT_TRANSLATE_NOOP("WindowActions", "Measure whether the synthetic images help a classifier")),
    "export": (
        QT_TRANSLATE_NOOP("WindowActions", "E&xport"),
        QT_TRANSLATE_NOOP("WindowActions", "Write the augmented dataset folder")),
    "guide": (
        QT_TRANSLATE_NOOP("WindowActions", "User &guide"),
        QT_TRANSLATE_NOOP("WindowActions", "The offline user guide")),
    "tour": (
        QT_TRANSLATE_NOOP("WindowActions", "Getting &started"),
        QT_TRANSLATE_NOOP("WindowActions", "A short guided path through the six steps")),
    "whats_this": (
        QT_TRANSLATE_NOOP("WindowActions", "What's &this?"),
        QT_TRANSLATE_NOOP("WindowActions", "Then click a control or a figure to learn what it means")),
    "open_logs": (
        QT_TRANSLATE_NOOP("WindowActions", "Open &logs folder"),
        QT_TRANSLATE_NOOP("WindowActions", "The application log and crash reports")),
    "about": (
        QT_TRANSLATE_NOOP("WindowActions", "&About GenAug Studio"),
        QT_TRANSLATE_NOOP("WindowActions", "Version and licences")),
}

def app_phase(state) -> str:
    """``"training"`` while a run trains, else ``"trained"`` with a run to use, else ``"data"``
    with a dataset loaded, else ``"no_data"``."""
    if state.training_run is not None:
        return "training"
    if state.trained_run is not None and state.dataset is not None:
        return "trained"
    return "data" if state.dataset is not None else "no_data"


def _keys(standard: QKeySequence.StandardKey, *fallback: str) -> list[QKeySequence]:
    """The platform's keys for ``standard`` (some platforms have none: then ``fallback``)."""
    keys = QKeySequence.keyBindings(standard)
    return keys or [QKeySequence(k) for k in fallback]


class WindowActions(QObject):
    """Every menu action of the main window.

    Parameters
    ----------
    window : MainWindow
        The window: its menu bar gets the menus, its methods are the actions' slots.

    Attributes
    ----------
    actions : dict of str to QAction
        By name (``"open_dataset"``, ``"start_training"``...): the names of :data:`ENABLED_IN`.
    menus : dict of str to QMenu
        ``"file"``, ``"edit"``, ``"view"``, ``"run"``, ``"help"``, and the sub-menus ``"recent_datasets"``,
        ``"recent_projects"``, ``"theme"``.
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.recent_datasets = RecentList(RECENT_DATASETS)  # the Data panel adds every folder it loads
        self.recent_projects = RecentList("recent/projects")
        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        bar = window.menuBar()
        w = window
        for name in ("file", "edit", "view", "run", "help"):
            self.menus[name] = bar.addMenu("")
            self.menus[name].aboutToShow.connect(self.update)

        self._add("file", "new_project", w.new_project, _keys(QKeySequence.StandardKey.New, "Ctrl+N"))
        self._add("file", "open_project", w.open_project, [QKeySequence("Ctrl+Shift+O")])
        self.menus["recent_projects"] = self._submenu("file", "recent_projects")
        self._add("file", "save_project", w.save_project, _keys(QKeySequence.StandardKey.Save, "Ctrl+S"))
        self._add("file", "save_project_as", w.save_project_as,
                  _keys(QKeySequence.StandardKey.SaveAs, "Ctrl+Shift+S"))
        self.menus["file"].addSeparator()
        self._add("file", "open_dataset", w.open_dataset, _keys(QKeySequence.StandardKey.Open, "Ctrl+O"))
        self._add("file", "open_sample", w.open_sample)
        self.menus["recent_datasets"] = self._submenu("file", "recent_datasets")
        self._add("file", "export_dataset", lambda: w.show_step("Export"))
        self.menus["file"].addSeparator()
        self._add("file", "quit", w.close, _keys(QKeySequence.StandardKey.Quit, "Ctrl+Q")
                  ).setMenuRole(QAction.MenuRole.QuitRole)

        self._add("edit", "copy_run_path", w.copy_run_path)
        self._add("edit", "clear_recent", self.clear_recent)
        self.menus["edit"].addSeparator()
        prefs = self._add("edit", "preferences", w.edit_preferences,
                          _keys(QKeySequence.StandardKey.Preferences) + [QKeySequence("Ctrl+,")])
        prefs.setMenuRole(QAction.MenuRole.PreferencesRole)

        for index, page in enumerate(w.PAGES):
            keys = [QKeySequence(f"Ctrl+{index + 1}")] + ([QKeySequence("Ctrl+R")] if page == "Runs" else [])
            self._add("view", f"page_{page}", lambda _=False, p=page: w.show_step(p), keys)
        self.menus["view"].addSeparator()
        self._add("view", "next_step", w.next_step, [QKeySequence("Ctrl+PgDown")])
        self._add("view", "previous_step", w.previous_step, [QKeySequence("Ctrl+PgUp")])
        self.menus["view"].addSeparator()
        self.menus["theme"] = self._submenu("view", "theme")
        themes = QActionGroup(self)
        for theme in THEMES:
            action = QAction(self)
            action.setCheckable(True)
            action.setData(theme)
            action.triggered.connect(lambda _=False, t=theme: w.set_theme(t))
            themes.addAction(action)
            self.menus["theme"].addAction(action)
            self.actions[f"theme_{theme}"] = action
        full = self._add("view", "full_screen", w.toggle_full_screen,
                         _keys(QKeySequence.StandardKey.FullScreen, "F11"))
        full.setCheckable(True)

        self._add("run", "start_training", w.start_training, [QKeySequence("F5")])
        pause = self._add("run", "pause_training", None, [QKeySequence("F6")])
        pause.setCheckable(True)
        pause.toggled.connect(w.set_training_paused)
        self._add("run", "stop_training", w.stop_training, [QKeySequence("Shift+F5")])
        self.menus["run"].addSeparator()
        self._add("run", "generate", lambda: w.run_step_action("Gallery"), [QKeySequence("Ctrl+G")])
        self._add("run", "evaluate", lambda: w.run_step_action("Evaluate"), [QKeySequence("Ctrl+E")])
        self._add("run", "export", lambda: w.run_step_action("Export"), [QKeySequence("Ctrl+Shift+E")])

        self._add("help", "guide", w.show_help, _keys(QKeySequence.StandardKey.HelpContents, "F1"))
        self._add("help", "tour", w.start_tour)
        whats_this = QWhatsThis.createAction(self)
        whats_this.setShortcuts(_keys(QKeySequence.StandardKey.WhatsThis, "Shift+F1"))
        self.menus["help"].addAction(whats_this)
        self.actions["whats_this"] = whats_this
        self.menus["help"].addSeparator()
        self._add("help", "open_logs", w.open_logs_folder)
        self._add("help", "about", w.about).setMenuRole(QAction.MenuRole.AboutRole)
        self.menus["recent_datasets"].aboutToShow.connect(self._fill_recent_datasets)
        self.menus["recent_projects"].aboutToShow.connect(self._fill_recent_projects)
        self.retranslate()

    def _add(self, menu: str, name: str, slot, keys: list[QKeySequence] | None = None) -> QAction:
        action = QAction(self.window)  # owned by the window so its shortcuts work in every panel
        if keys:
            action.setShortcuts(keys)
        if slot is not None:
            action.triggered.connect(lambda _=False, s=slot: s())
        self.menus[menu].addAction(action)
        self.window.addAction(action)  # its shortcut works wherever the focus is in the window
        self.actions[name] = action
        return action

    def _submenu(self, menu: str, name: str) -> QMenu:
        sub = self.menus[menu].addMenu("")
        self.actions[name] = sub.menuAction()
        return sub

    # ---------------------------------------------------------------- state
    @Slot()
    def update(self) -> None:
        """Enable every action for the current phase; check the theme, pause and full screen."""
        w = self.window
        phase = app_phase(w.state)
        busy = {"generate": w.gallery_panel.busy, "evaluate": w.evaluate_panel.busy,
                "export": w.export_panel.busy, "export_dataset": w.export_panel.busy,
                "open_dataset": w.data_panel.busy, "open_sample": w.data_panel.busy,
                "recent_datasets": w.data_panel.busy}
        for name, action in self.actions.items():
            action.setEnabled(phase in ENABLED_IN.get(name, ALWAYS) and not busy.get(name, False))
        theme = w.state.preferences.theme
        self.actions[f"theme_{theme}"].setChecked(True)
        self.actions["full_screen"].setChecked(w.isFullScreen())
        pause = self.actions["pause_training"]
        paused = phase == "training" and w.train_panel.pause_button.isChecked()
        if pause.isChecked() != paused:
            pause.blockSignals(True)
            pause.setChecked(paused)
            pause.blockSignals(False)

    def phase(self) -> str:
        """The phase the actions are enabled for now."""
        return app_phase(self.window.state)

    # ---------------------------------------------------------------- recent
    def _fill_recent(self, menu: QMenu, recent: RecentList, opener) -> None:
        menu.clear()
        for path in recent.paths():
            action = menu.addAction(path)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: opener(p))
        if menu.isEmpty():
            menu.addAction(self.tr("(none yet)")).setEnabled(False)

    @Slot()
    def _fill_recent_datasets(self) -> None:
        self._fill_recent(self.menus["recent_datasets"], self.recent_datasets, self.window.open_dataset_path)

    @Slot()
    def _fill_recent_projects(self) -> None:
        self._fill_recent(self.menus["recent_projects"], self.recent_projects,
                          lambda p: self.window.open_project(Path(p)))

    @Slot()
    def clear_recent(self) -> None:
        """Forget the recent datasets and projects."""
        self.recent_datasets.clear()
        self.recent_projects.clear()
        self.window.data_panel._fill_recent_menu()  # its Recent button reads the same list

    # ---------------------------------------------------------------- texts
    def retranslate(self) -> None:
        """Every menu title, action text, tooltip and status tip in the current language."""
        for name, title in MENU_TITLES.items():
            self.menus[name].setTitle(translate(CONTEXT, title))
        texts = {name: (translate(CONTEXT, text), translate(CONTEXT, tip))
                 for name, (text, tip) in ACTION_TEXTS.items()}
        for index, page in enumerate(self.window.PAGES):
            texts[f"page_{page}"] = (self.window.page_title(page, numbered=True),
                                     self.tr("Show this step") if index < 6 else self.tr("Show the runs"))
        for name, (text, tip) in texts.items():
            action = self.actions[name]
            action.setText(text)
            action.setToolTip(tip)
            action.setStatusTip(tip)
        for menu in self.menus.values():
            menu.setToolTipsVisible(True)
