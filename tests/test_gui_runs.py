"""Runs you can trust, from the GUI: the Runs list, Open, Continue, Rename, Delete, Preferences,
readable faults, and how fast Stop and closing the window take effect."""

from __future__ import annotations

import dataclasses
import json
import os
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from conftest import TEST_SIZE, tiny_config, train_tiny, write_png  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QInputDialog, QMessageBox  # noqa: E402

from engine.config import RunConfig  # noqa: E402
from engine.data.sample import load_sample  # noqa: E402
from engine.data.split import holdout_split  # noqa: E402
from engine.errors import UserError  # noqa: E402
from engine.models import registry  # noqa: E402
from engine.runs import RunInfo, delete_run, rename_run  # noqa: E402
from engine.train.trainer import train  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.preferences import Preferences, PreferencesDialog, auto_threads  # noqa: E402
from gui.state import AppState  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_qsettings")]
WAIT_MS = 60_000  # generous: the CI machine has 2 cores and may be busy


@pytest.fixture
def workspace(tmp_path) -> Path:
    folder = tmp_path / "workspace"
    folder.mkdir()
    return folder


def make_window(qtbot, workspace: Path) -> MainWindow:
    win = MainWindow(AppState(runs_root=workspace))
    qtbot.addWidget(win)
    win.show()
    return win


def split_sample():
    """The sample's training split, exactly as the GUI trains on it (its fixed 20 per class)."""
    data = load_sample(TEST_SIZE)
    train_idx, _ = holdout_split(data, 0.2, 0)
    return data.subset(train_idx)


def train_stopped(run_dir: Path, model: str, steps: int, stop_after: int):
    """A run of ``steps`` steps stopped early, after about ``stop_after`` steps."""
    checks = []
    cfg = tiny_config(model, steps)
    cfg.train.checkpoint_every = 5
    return train(cfg, split_sample(), run_dir, should_stop=lambda: checks.append(1) or
                 len(checks) > stop_after)


def fake_run(folder: Path) -> Path:
    folder.mkdir(parents=True)
    RunConfig().save_json(folder / "config.json")
    return folder


# ------------------------------------------------------------------ engine helpers
def test_rename_and_delete_refuse_anything_outside_the_workspace(workspace, tmp_path):
    run = fake_run(workspace / "a")
    outside = fake_run(tmp_path / "outside")
    not_a_run = workspace / "notes"
    not_a_run.mkdir()
    link = workspace / "link"
    link.symlink_to(outside, target_is_directory=True)

    for bad in ("", "  ", ".", "..", "../escape", "x/y", "x\\y"):
        with pytest.raises(UserError, match="Not a valid run name"):
            rename_run(workspace, run, bad)
    fake_run(workspace / "taken")
    with pytest.raises(UserError, match="already exists"):
        rename_run(workspace, run, "taken")
    for target in (outside, workspace / ".." / "outside", link, not_a_run, workspace):
        with pytest.raises(UserError, match="Refused"):
            rename_run(workspace, target, "moved")
        with pytest.raises(UserError, match="Refused"):
            delete_run(workspace, target)
    assert (outside / "config.json").is_file() and not_a_run.is_dir() and link.is_symlink()
    assert not (workspace / "moved").exists()

    renamed = rename_run(workspace, run, " b ")
    assert renamed == workspace / "b" and renamed.is_dir() and not run.exists()
    delete_run(workspace, renamed)
    assert not renamed.exists() and (outside / "config.json").is_file()


def test_preferences_round_trip_and_dialog(qtbot, tmp_path):
    prefs = Preferences.load()
    assert prefs.threads == 0 and prefs.workspace.name == "runs"
    assert prefs.training_threads() == auto_threads() == max(1, (os.cpu_count() or 1) - 1)
    Preferences(tmp_path / "ws", 1).save()
    assert Preferences.load() == Preferences(tmp_path / "ws", 1)

    dialog = PreferencesDialog(Preferences.load())
    qtbot.addWidget(dialog)
    assert dialog.workspace_edit.text() == str(tmp_path / "ws")
    assert dialog.threads_combo.currentData() == 1
    dialog.workspace_edit.setText(str(tmp_path / "other"))
    dialog.threads_combo.setCurrentIndex(0)
    assert dialog.preferences() == Preferences(tmp_path / "other", 0)
    assert dialog.threads_combo.itemText(0).startswith("Auto")


def test_changing_the_workspace_moves_new_runs_and_the_list(qtbot, workspace, tmp_path,
                                                            monkeypatch):
    train_tiny(workspace / "first", "cvae", steps=5)
    win = make_window(qtbot, workspace)
    assert win.runs_panel.table.rowCount() == 1
    other = tmp_path / "other"
    monkeypatch.setattr(PreferencesDialog, "exec", lambda self: 1)
    monkeypatch.setattr(PreferencesDialog, "preferences", lambda self: Preferences(other, 1))
    assert win.edit_preferences()
    assert win.state.runs_root == other and win.state.run_dir.parent == other
    assert win.runs_panel.table.rowCount() == 0 and not win.runs_panel.empty_label.isHidden()
    assert Preferences.load() == Preferences(other, 1)  # saved for the next start


# ------------------------------------------------------------------ the Runs list
def test_runs_list_open_makes_gallery_and_export_usable(qtbot, workspace, dialogs):
    train_tiny(workspace / "alpha", "cvae", steps=20)
    time.sleep(0.01)  # distinct update times: the list is newest first
    train_stopped(workspace / "beta", "cgan", steps=40, stop_after=12)
    win = make_window(qtbot, workspace)
    assert not win.gallery_panel.controls.generate_button.isEnabled()
    panel = win.show_step("Runs")
    assert panel is win.runs_panel
    rows = {panel.table.item(r, 0).text(): [panel.table.item(r, c).text() for c in range(5)]
            for r in range(panel.table.rowCount())}
    assert rows["alpha"][1:4] == ["cvae", "20 / 20", "Finished"]
    assert rows["beta"][1] == "cgan" and rows["beta"][3] == "Unfinished"
    assert rows["beta"][2].endswith("/ 40") and 0 < int(rows["beta"][2].split(" / ")[0]) < 40

    panel.select_run(workspace / "alpha")
    assert panel.open_button.isEnabled() and not panel.continue_button.isEnabled()
    panel.select_run(workspace / "beta")
    assert panel.open_button.isEnabled() and panel.continue_button.isEnabled()

    panel.select_run(workspace / "alpha")
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert win.state.trained_run == workspace / "alpha"
    assert win.model_panel.model_combo.currentData() == "cvae"  # the run's settings in Model
    assert win.state.config.model.width == 8 and win.state.config.train.threads == 0
    assert "· open" in panel.table.item(panel.runs.index(next(
        r for r in panel.runs if r.path.name == "alpha")), 3).text()
    gallery = win.gallery_panel
    assert gallery.controls.generate_button.isEnabled() and win.export_panel.export_button.isEnabled()
    gallery.controls.count_spin.setValue(2)
    gallery.generate()
    qtbot.waitUntil(lambda: not gallery.busy and gallery.view.thumbs.rowCount() == 2,
                    timeout=WAIT_MS)
    assert not dialogs, dialogs


def test_continue_resumes_an_unfinished_run_on_its_own_data(qtbot, workspace, tmp_path, dialogs):
    stopped = train_stopped(workspace / "beta", "cgan", steps=40, stop_after=12)
    assert stopped.stopped_early and stopped.step < 40
    for name in ("cats", "dogs"):  # another dataset is loaded: Continue must reload the sample
        for i in range(3):
            write_png(tmp_path / "other" / name / f"{i}.png", np.full((12, 12), 50 * i, np.uint8))
    win = make_window(qtbot, workspace)
    win.data_panel.load(str(tmp_path / "other"))
    qtbot.waitUntil(lambda: win.state.config.data.path == str(tmp_path / "other"), timeout=WAIT_MS)

    panel = win.show_step("Runs")
    panel.select_run(workspace / "beta")
    qtbot.mouseClick(panel.continue_button, Qt.MouseButton.LeftButton)
    train_panel = win.train_panel
    qtbot.waitUntil(lambda: train_panel.last_result is not None and not train_panel.busy,
                    timeout=WAIT_MS)
    assert not dialogs, dialogs
    assert win.state.config.data.path == "sample" and len(win.state.dataset) == 2200
    result = train_panel.last_result
    assert result.resumed_from == stopped.step and result.step == 40 and not result.stopped_early
    assert json.loads((workspace / "beta" / "status.json").read_text())["finished"] is True
    log = train_panel.event_log.events_list
    events = [log.item(i).text() for i in range(log.count())]
    assert any(f"Resumed from step {stopped.step}" in e for e in events), events
    assert any("Finished at step 40" in e for e in events), events
    assert win.state.trained_run == workspace / "beta"
    row = [r.path for r in panel.runs].index(workspace / "beta")
    assert panel.table.item(row, 3).text().startswith("Finished")  # refreshed after training
    assert not panel.continue_button.isEnabled()


def test_rename_and_delete_from_the_list(qtbot, workspace, tmp_path, dialogs, monkeypatch):
    train_tiny(workspace / "alpha", "cvae", steps=5)
    win = make_window(qtbot, workspace)
    panel = win.show_step("Runs")
    panel.select_run(workspace / "alpha")
    panel._on_open_clicked()
    assert win.state.trained_run == workspace / "alpha"

    answers = iter([("../escape", True), ("gamma", True)])
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: next(answers)))
    panel.select_run(workspace / "alpha")
    panel.rename_selected()  # refused: not a plain name
    assert dialogs and "Not a valid run name" in dialogs[-1][1] and (workspace / "alpha").is_dir()
    assert not (tmp_path / "escape").exists()
    panel.rename_selected()
    assert (workspace / "gamma").is_dir() and not (workspace / "alpha").exists()
    assert [r.path.name for r in panel.runs] == ["gamma"] and panel.selected_run() == workspace / "gamma"
    assert win.state.trained_run == workspace / "gamma"  # the opened run follows its folder

    asked = []

    def answer(button):
        def question(*args, **kwargs):
            asked.append(args[2])
            return button
        return staticmethod(question)

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    panel.delete_selected()
    assert (workspace / "gamma").is_dir() and "cannot be undone" in asked[-1]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    panel.delete_selected()
    assert not (workspace / "gamma").exists() and panel.table.rowCount() == 0
    assert win.state.trained_run is None and not win.gallery_panel.controls.generate_button.isEnabled()

    outside = fake_run(tmp_path / "outside")  # a row that somehow points outside: refused
    panel.runs = [RunInfo(outside, "cgan", 0, 10, False, time.time())]
    panel.table.setRowCount(1)
    panel.table.selectRow(0)
    panel.delete_selected()
    assert (outside / "config.json").is_file() and "Refused" in dialogs[-1][1]


def test_training_faults_are_readable_lines_not_tracebacks(qtbot, workspace, dialogs, monkeypatch):
    spec = registry.get_model("cgan")
    original = spec.step

    def poisoned(nets, optims, x, y, *, step, config, report):  # NaN from step 3 on, every time
        x = x * float("nan") if step >= 3 else x
        return original(nets, optims, x, y, step=step, config=config, report=report)

    monkeypatch.setitem(registry.MODELS, "cgan", dataclasses.replace(spec, step=poisoned))
    win = make_window(qtbot, workspace)
    cfg = tiny_config("cgan", steps=50)
    cfg.train.checkpoint_every = 2
    win.state.config.model, win.state.config.train = cfg.model, cfg.train
    train_panel = win.show_step("Train")
    train_panel.start()
    qtbot.waitUntil(lambda: not train_panel.busy, timeout=WAIT_MS)
    assert len(dialogs) == 1
    title, text = dialogs[0]
    assert "diverged" in text and "\n" not in text and "Traceback" not in text
    log = train_panel.event_log.events_list
    events = [log.item(i).text() for i in range(log.count())]
    assert sum("rolled back" in e for e in events) == 3, events
    assert "Error: Training diverged" in events[-1]
    assert "diverged" in win.statusBar().currentMessage()
    assert win.state.training_run is None and train_panel.start_button.isEnabled()


# ------------------------------------------------------------------ Stop and close latency
def _start_default_run(qtbot, win: MainWindow):
    """Start the default preset on the sample and return its worker once a few steps ran."""
    win.state.config = RunConfig()  # the default preset: cgan, batch 64, automatic width, 16 px
    train_panel = win.train_panel
    train_panel.last_progress = None
    train_panel.start()
    worker = train_panel.worker
    assert worker is not None
    qtbot.waitUntil(lambda: train_panel.last_progress is not None
                    and train_panel.last_progress.step >= 10, timeout=WAIT_MS)
    return worker


def test_stop_and_window_close_stop_the_run_and_keep_it(qtbot, workspace):
    """Stop, and closing the window, mid-training: the worker ends, the run is saved with a checkpoint.
    (How fast: benchmarks/stop_latency.py, p95 over repeated stops and closes.)"""
    win = make_window(qtbot, workspace)
    for _ in range(2):
        worker = _start_default_run(qtbot, win)
        win.train_panel.stop()
        assert worker.wait(10_000)
        qtbot.waitUntil(lambda: not win.train_panel.busy, timeout=WAIT_MS)
        assert win.train_panel.last_result.stopped_early
    win.close()

    win = make_window(qtbot, workspace)
    worker = _start_default_run(qtbot, win)
    win.close()  # closeEvent stops every task and waits for its thread
    assert worker.isFinished()
    runs = [p for p in workspace.iterdir() if (p / "checkpoints").is_dir()]
    assert len(runs) == 3  # every stopped or closed run was saved with a checkpoint
