"""The desktop shell: menus and shortcuts, projects, settings across restarts, errors and logs."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox  # noqa: E402

from engine.applog import LOG_FILE, setup_logging  # noqa: E402
from engine.errors import UserError  # noqa: E402
from gui import errors  # noqa: E402
from gui.main_window import PAGES, MainWindow  # noqa: E402
from gui.preferences import Preferences, devices  # noqa: E402
from gui.project import Project  # noqa: E402
from gui.state import AppState  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_qsettings")]
WAIT_MS = 60_000  # generous: the CI machine has 2 cores and may be busy


def make_window(qtbot, runs_root: Path, load_sample: bool = True) -> MainWindow:
    win = MainWindow(AppState(runs_root=runs_root), load_sample=load_sample)
    qtbot.addWidget(win)
    cfg = win.state.config
    cfg.model.width, cfg.model.latent_dim, cfg.model.embed_dim = 8, 16, 8
    cfg.train.steps, cfg.train.batch_size = 5000, 16  # long enough that Stop is what ends it
    cfg.train.sample_every, cfg.train.log_every = 20, 5
    cfg.train.threads, cfg.train.device = 1, "cpu"
    win.state.notify_config()
    win.project.mark_clean()
    win.show()
    return win


@pytest.fixture
def window(qtbot, tmp_path) -> MainWindow:
    return make_window(qtbot, tmp_path / "runs")


def press(qtbot, window: MainWindow, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press as the user makes it: to the widget that has the focus in the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, modifier)


# ------------------------------------------------------------------ shortcuts
def test_shortcuts_trigger_their_actions(window, qtbot, tmp_path):
    """Step keys, next/previous, F1, Ctrl+S and F5 / F6 / Shift+F5 do what their menu items do."""
    ctrl = Qt.KeyboardModifier.ControlModifier
    press(qtbot, window, Qt.Key.Key_4, ctrl)
    assert window.current_page() == "Gallery"
    press(qtbot, window, Qt.Key.Key_PageDown, ctrl)
    assert window.current_page() == "Evaluate"
    press(qtbot, window, Qt.Key.Key_PageUp, ctrl)
    press(qtbot, window, Qt.Key.Key_PageUp, ctrl)
    assert window.current_page() == "Train"
    press(qtbot, window, Qt.Key.Key_7, ctrl)
    assert window.current_page() == "Runs"

    press(qtbot, window, Qt.Key.Key_F1)
    assert window._help is not None and window._help.isVisible()
    window._help.close()

    target = tmp_path / "mine.genaug"
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    original = QFileDialog.getSaveFileName
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(target), ""))
    try:
        press(qtbot, window, Qt.Key.Key_S, ctrl)
    finally:
        QFileDialog.getSaveFileName = original
    assert target.is_file() and window.project.path == target

    train = window.train_panel
    press(qtbot, window, Qt.Key.Key_F5)
    assert train.busy and window.current_page() == "Train"
    qtbot.waitUntil(lambda: train.last_progress is not None, timeout=WAIT_MS)
    press(qtbot, window, Qt.Key.Key_F6)
    assert train.pause_button.isChecked()
    qtbot.waitUntil(lambda: train.last_progress.paused, timeout=WAIT_MS)
    assert window.actions.actions["pause_training"].isChecked()
    press(qtbot, window, Qt.Key.Key_F6)
    assert not train.pause_button.isChecked()
    press(qtbot, window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not train.busy, timeout=WAIT_MS)
    assert train.last_result is not None and train.last_result.stopped_early


# ------------------------------------------------------------------ actions per state
EXPECTED = {  # written out by hand, not read from gui.menus: the test checks the table
    #                    no_data data   training trained
    "open_dataset":     (True,   True,  False,   True),
    "open_project":     (True,   True,  False,   True),
    "new_project":      (True,   True,  False,   True),
    "recent_datasets":  (True,   True,  False,   True),
    "save_project":     (True,   True,  True,    True),
    "start_training":   (False,  True,  False,   True),
    "pause_training":   (False,  False, True,    False),
    "stop_training":    (False,  False, True,    False),
    "generate":         (False,  False, False,   True),
    "evaluate":         (False,  False, False,   True),
    "export":           (False,  False, False,   True),
    "export_dataset":   (False,  False, False,   True),
    "copy_run_path":    (False,  False, False,   True),
    "preferences":      (True,   True,  True,    True),
    "guide":            (True,   True,  True,    True),
    "quit":             (True,   True,  True,    True),
}


def _enabled(window: MainWindow) -> dict[str, bool]:
    window.actions.update()
    return {name: window.actions.actions[name].isEnabled() for name in EXPECTED}


def test_menu_actions_follow_the_app_state(qtbot, tmp_path, gan_run):
    window = make_window(qtbot, tmp_path / "runs", load_sample=False)
    want = {phase: {n: flags[i] for n, flags in EXPECTED.items()}
            for i, phase in enumerate(("no_data", "data", "training", "trained"))}
    assert window.actions.phase() == "no_data" and _enabled(window) == want["no_data"]

    window.data_panel.load("sample")
    assert window.actions.phase() == "data" and _enabled(window) == want["data"]

    window.show_step("Train")
    window.train_panel.start()  # a real run: the state says "training" as long as it goes
    assert window.actions.phase() == "training" and _enabled(window) == want["training"]
    window.train_panel.stop()
    qtbot.waitUntil(lambda: not window.train_panel.busy, timeout=WAIT_MS)
    assert window.actions.phase() == "trained" and _enabled(window) == want["trained"]

    window.state.set_trained_run(gan_run)  # an opened run counts as trained too
    assert _enabled(window) == want["trained"]


# ------------------------------------------------------------------ projects and settings
def test_settings_and_project_survive_a_restart(qtbot, tmp_path, gan_run):
    run = Path(shutil.copytree(gan_run, tmp_path / "run"))
    (run / "curation.json").write_text(json.dumps(
        {"version": 1, "rejected": [{"class": "3", "temperature": 1.0, "truncation": 0.0,
                                     "seeds": [2, 5]}]}), encoding="utf-8")
    first = make_window(qtbot, tmp_path / "runs")
    first.resize(1200, 760)  # the offscreen screen is 800 x 800: the width is clamped
    first.show_step("Gallery")
    first.state.set_holdout_fraction(0.3)
    first.state.set_option("train", "steps", 777)
    first.state.set_trained_run(run)
    first.export_panel.options.balance_radio.setChecked(True)
    first.export_panel.options.balance_spin.setValue(321)
    first.export_panel.options.zip_check.setChecked(True)
    first.export_panel.options.out_edit.setText(str(tmp_path / "out"))
    assert first.isWindowModified() and first.windowTitle().startswith("Untitled")
    project_file = tmp_path / "work" / "digits"
    project_file.parent.mkdir()
    assert first.save_project_as(project_file)
    project_file = project_file.with_suffix(".genaug")
    assert project_file.is_file() and not first.isWindowModified()
    assert "digits" in first.windowTitle()
    (run / "curation.json").unlink()  # the project keeps a copy of the rejections
    first.close()

    second = make_window(qtbot, tmp_path / "elsewhere")
    assert second.current_page() == "Gallery"  # the last page, from QSettings
    assert second.height() == 760  # not the default 800
    assert second.export_panel.options.per_class_radio.isChecked()  # nothing else came back by itself
    assert str(project_file) in second.actions.recent_projects.paths()
    assert second.open_project(project_file)
    qtbot.waitUntil(lambda: not second.project.restoring, timeout=WAIT_MS)
    state = second.state
    assert state.trained_run == run and state.runs_root == tmp_path / "runs"
    assert state.config.data.holdout_fraction == pytest.approx(0.3)
    assert len(state.held_idx) == 10 * 200  # the sample ships a fixed split: the share does not apply
    assert state.config.model.width == 8 and state.config.train.steps == 777
    export = second.export_panel
    assert export.options.balance_radio.isChecked() and export.options.balance_spin.value() == 321
    assert export.options.zip_check.isChecked() and export.options.out_edit.text() == str(tmp_path / "out")
    assert json.loads((run / "curation.json").read_text())["rejected"][0]["seeds"] == [2, 5]
    assert second.current_page() == "Gallery" and not second.isWindowModified()
    assert second.windowTitle().startswith("digits")


@pytest.mark.parametrize("scan_ends_at_once", [False, True])
def test_project_with_a_folder_dataset_reloads_it(qtbot, tmp_path, request, scan_ends_at_once):
    import numpy as np

    from tests.conftest import write_png

    for c in ("cat", "dog"):
        for i in range(6):
            write_png(tmp_path / "data" / c / f"{i}.png", np.full((12, 12), 40 * i, np.uint8))
    first = make_window(qtbot, tmp_path / "runs")
    first.data_panel.load(str(tmp_path / "data"))
    qtbot.waitUntil(lambda: first.state.dataset is not None and len(first.state.dataset) == 12,
                    timeout=WAIT_MS)
    assert first.save_project_as(tmp_path / "p.genaug")
    first.close()
    second = make_window(qtbot, tmp_path / "runs")
    assert second.state.config.data.path == "sample"
    if scan_ends_at_once:  # the scan's thread has ended before the project waits for it (CI saw it)
        request.getfixturevalue("workers_end_at_once")
    second.open_project(tmp_path / "p.genaug")
    qtbot.waitUntil(lambda: not second.project.restoring, timeout=WAIT_MS)
    assert second.state.config.data.path == str(tmp_path / "data")
    assert second.state.dataset.class_names == ["cat", "dog"]


def test_modified_mark_and_close_prompt(window, qtbot, tmp_path, monkeypatch, unsaved_prompts):
    assert not window.isWindowModified()
    window.state.set_option("train", "steps", 1234)
    assert window.isWindowModified() and "[*]" in window.windowTitle()

    answers = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: unsaved_prompts.append(a[2]) or answers[0]))
    window.close()
    assert window.isVisible() and len(unsaved_prompts) == 1 and "Untitled" in unsaved_prompts[0]

    answers[0] = QMessageBox.StandardButton.Save
    target = tmp_path / "saved.genaug"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.close()
    assert not window.isVisible() and target.is_file()
    assert Project.load(target).config.train.steps == 1234


def test_bad_project_files_are_named_with_the_reason(tmp_path, qtbot, window, dialogs):
    bad = tmp_path / "bad.genaug"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError, match="bad.genaug.*not valid JSON"):
        Project.load(bad)
    other = tmp_path / "other.genaug"
    other.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    with pytest.raises(UserError, match="not a GenAug Studio project"):
        Project.load(other)
    newer = tmp_path / "newer.genaug"
    newer.write_text(json.dumps({"format": "genaug-studio-project", "version": 99}), encoding="utf-8")
    with pytest.raises(UserError, match="version 99"):
        Project.load(newer)
    assert not window.open_project(bad)
    assert dialogs and "bad.genaug" in dialogs[0][1]


def test_dropping_a_folder_loads_it(window, qtbot, tmp_path):
    import numpy as np

    from tests.conftest import write_png

    for c in ("a", "b"):
        for i in range(3):
            write_png(tmp_path / "drop" / c / f"{i}.png", np.full((10, 10), 30 * i, np.uint8))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "drop"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.state.config.data.path == str(tmp_path / "drop")
                    and not window.data_panel.busy, timeout=WAIT_MS)
    assert window.state.dataset.class_names == ["a", "b"]


# ------------------------------------------------------------------ errors and logs
def test_worker_exception_ends_in_a_dialog_and_the_log(window, qtbot, tmp_path):
    log_file = setup_logging(tmp_path / "logs")
    panel = window.gallery_panel

    def broken(progress, should_stop):
        raise ZeroDivisionError("the bug under test")

    with qtbot.waitSignal(panel.task_ended, timeout=WAIT_MS) as ended:
        panel.run_task(broken)
    assert ended.args[0] == "failed"
    qtbot.waitUntil(lambda: bool(errors.open_dialogs), timeout=5000)
    box = errors.open_dialogs[-1]
    assert "ZeroDivisionError: the bug under test" in box.text()
    assert "Traceback" in box.detailedText() and "in broken" in box.detailedText()
    box.close()
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "the bug under test" in text
    assert "in broken" in text


def test_user_errors_stay_one_line(window, qtbot, dialogs):
    panel = window.gallery_panel

    def refused(progress, should_stop):
        raise UserError("The folder /x is not there")

    with qtbot.waitSignal(panel.task_ended, timeout=WAIT_MS):
        panel.run_task(refused)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=5000)
    assert dialogs[0][1] == "The folder /x is not there"


def test_crash_handler_writes_a_report_and_says_where(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("GENAUG_LOG_DIR", str(tmp_path / "crash-logs"))
    handler = errors.CrashHandler()
    handler.install()
    try:
        assert sys.excepthook == handler.excepthook
        try:
            raise KeyError("nobody caught me")
        except KeyError:
            sys.excepthook(*sys.exc_info())
    finally:
        handler.uninstall()
    assert sys.excepthook is not handler.excepthook
    report = handler.reports[-1]
    assert report.parent == tmp_path / "crash-logs" and report.name.startswith("crash-")
    text = report.read_text(encoding="utf-8")
    assert "KeyError: 'nobody caught me'" in text and "Traceback" in text
    qtbot.waitUntil(lambda: bool(errors.open_dialogs), timeout=5000)
    box = errors.open_dialogs[-1]
    assert str(report) in box.informativeText()
    box.close()


def test_log_rotates_and_collects_engine_records(tmp_path):
    path = setup_logging(tmp_path)
    assert path == tmp_path / LOG_FILE
    assert setup_logging(tmp_path) == path  # a second call adds no second handler
    logging.getLogger("engine.some_module").info("engine says hello")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "engine.some_module" in path.read_text() and "engine says hello" in path.read_text()
    handlers = [h for h in logging.getLogger().handlers if getattr(h, "_genaug_app_log", False)]
    assert len(handlers) == 1 and handlers[0].maxBytes > 0 and handlers[0].backupCount > 0


# ------------------------------------------------------------------ preferences, theme, notify
def test_preferences_round_trip_and_device_list(qtbot):
    prefs = Preferences(Path("/tmp/ws"), threads=1, device="cpu", theme="dark", language="en")
    prefs.save()
    back = Preferences.load()
    assert (back.workspace, back.threads, back.device, back.theme, back.language) == (
        Path("/tmp/ws"), 1, "cpu", "dark", "en")
    found = dict(devices())
    assert "auto" in found and "cpu" in found
    assert all(name.startswith(("cuda:", "mps", "auto", "cpu")) for name in found)


def test_dark_theme_recolours_window_and_plots(window, qtbot):
    import pyqtgraph as pg
    from PySide6.QtGui import QPalette

    app = QApplication.instance()
    try:
        window.set_theme("dark")
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        plots = window.findChildren(pg.PlotWidget)
        assert plots and all(p.backgroundBrush().color().lightness() < 80 for p in plots)
        assert window.actions.actions["theme_dark"].isChecked()
        # a widget with a style sheet (the sidebar) follows the new palette too
        assert window.sidebar.palette().color(QPalette.ColorRole.Base).lightness() < 80
        window.set_theme("light")
        assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180
        assert all(p.backgroundBrush().color().lightness() > 180 for p in plots)
        assert window.sidebar.palette().color(QPalette.ColorRole.Base).lightness() > 180
    finally:
        app.setStyle("Fusion")


def test_long_job_in_the_background_is_notified(window, qtbot):
    notifier = window.notifier
    assert not notifier.job_ended("Training finished", "done", seconds=1.0)  # short: nothing
    monkey_active = window.isActiveWindow
    window.isActiveWindow = lambda: False  # the user is in another program
    try:
        assert notifier.job_ended("Training finished", "step 900", seconds=600.0)
    finally:
        window.isActiveWindow = monkey_active
    assert notifier.sent[-1][:2] == ("Training finished", "step 900")


def test_export_offers_the_judge_confidence_filter(qtbot, tmp_path, gan_run):
    from gui.panels.export_panel import ExportPanel

    run = Path(shutil.copytree(gan_run, tmp_path / "run"))
    state = AppState(runs_root=tmp_path / "ws")
    panel = ExportPanel(state)
    qtbot.addWidget(panel)
    state.set_trained_run(run)
    assert not panel.options.confidence_check.isEnabled()  # no evaluation yet: no judge to filter with
    assert panel.request().min_confidence == 0.0
    (run / "judge.pt").write_bytes(b"")  # the file the evaluation saves
    state.set_trained_run(run)
    assert panel.options.confidence_check.isEnabled()
    panel.options.confidence_check.setChecked(True)
    panel.options.confidence_spin.setValue(0.8)
    assert panel.request().min_confidence == pytest.approx(0.8)
    panel.options.size_combo.setCurrentIndex(panel.options.size_combo.findData("trained"))
    settings = panel.settings()
    assert settings["min_confidence"] == pytest.approx(0.8) and settings["size"] == "trained"
    panel.options.confidence_check.setChecked(False)
    panel.options.size_combo.setCurrentIndex(panel.options.size_combo.findData("real"))
    panel.apply_settings(settings)
    assert panel.options.confidence_check.isChecked() and panel.request().min_confidence == pytest.approx(0.8)
    assert panel.request().size == "trained"


def test_export_writes_the_moved_copies_asked_for_and_shows_them(qtbot, tmp_path, gan_run):
    from PySide6.QtCore import Qt

    from gui.panels.export_panel import ExportPanel

    state = AppState(runs_root=tmp_path / "ws")
    panel = ExportPanel(state)
    qtbot.addWidget(panel)
    state.set_trained_run(gan_run)
    assert panel.request().moved_copies == 0 and panel.options.moved_spin.text() == "none"
    options = panel.options
    options.out_edit.setText(str(tmp_path / "out"))
    options.per_class_spin.setValue(1)
    options.include_real_check.setChecked(False)
    options.sheet_check.setChecked(False)
    options.moved_spin.setValue(1)
    assert panel.settings()["moved_copies"] == 1
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy, timeout=WAIT_MS)
    summary = panel.last_summary
    assert summary is not None and summary["moved"] == 2200 and summary["synthetic"] == 10
    assert panel.result_table.horizontalHeaderItem(3).text() == "Moved"
    assert [panel.result_table.item(0, c).text() for c in range(4)] == ["0", "0", "1", "220"]
    assert "2,200 moved copies of the real images" in panel.result_label.text()
    assert summary["short"] == {} and "short" not in panel.result_label.text()
    panel._show_summary({**summary, "short": {"3": 2, "7": 1}})  # classes the filters could not fill
    assert ("fewer synthetic images than asked where the filters kept too few: 3 (2 short), 7 (1 short)"
            in panel.result_label.text())
    options.moved_spin.setValue(0)
    panel.apply_settings({"moved_copies": 3})
    assert options.moved_spin.value() == 3 and panel.request().moved_copies == 3


def test_every_page_has_a_menu_entry_and_tooltips(window):
    for page in PAGES:
        action = window.actions.actions[f"page_{page}"]
        assert action.shortcut().toString() and action.toolTip()
    for name, action in window.actions.actions.items():
        assert action.text(), name
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit

    for widget in [window.export_panel, window.guide_bar]:
        for kind in (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit):
            for child in widget.findChildren(kind):
                inner = isinstance(child.parent(), (QAbstractSpinBox, QComboBox))  # their line edits
                if not inner and child.isVisibleTo(widget) and not child.toolTip():
                    pytest.fail(f"{type(widget).__name__}: {type(child).__name__} "
                                f"{getattr(child, 'text', lambda: '')()!r} has no tooltip")


def test_garbage_is_collected_on_the_gui_thread_and_not_by_workers(qapp, qtbot):
    """A QObject dropped in a reference cycle is deleted by the GUI thread's timer, not by
    whichever thread happens to allocate (a worker deleting Qt objects can crash or deadlock)."""
    import gc
    import threading
    import weakref

    from PySide6.QtCore import QObject

    from gui.app import collect_garbage_on_gui_thread

    gc.enable()
    collect_garbage_on_gui_thread(qapp)
    try:
        assert not gc.isenabled(), "automatic collection is off"
        deleted_on: list[threading.Thread] = []
        obj = QObject()
        obj.cycle = obj  # only the cyclic collector can free it
        weakref.finalize(obj, lambda: deleted_on.append(threading.current_thread()))
        del obj

        def allocate_cycles() -> None:  # a worker making garbage: no collection may run here
            for _ in range(3 * gc.get_threshold()[0]):
                a: list = []
                a.append(a)

        worker = threading.Thread(target=allocate_cycles)
        worker.start()
        worker.join()
        assert deleted_on == []
        qtbot.waitUntil(lambda: bool(deleted_on), timeout=5000)
        assert deleted_on == [threading.main_thread()]
    finally:
        qapp._genaug_gc.timer.stop()
        qapp._genaug_gc = None
