"""GUI tests: drive the real main window offscreen with pytest-qt (fast, tiny models)."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from engine.errors import UserError  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.state import AppState  # noqa: E402
from gui.workers import TaskWorker  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_qsettings")]
WAIT_MS = 60_000  # generous: the CI machine has 2 cores and may be busy


@pytest.fixture
def window(qtbot, tmp_path) -> MainWindow:
    """The main window on the built-in sample, with a tiny, fast model configured."""
    win = MainWindow(AppState(runs_root=tmp_path / "runs"))
    qtbot.addWidget(win)
    cfg = win.state.config
    cfg.model.width, cfg.model.latent_dim, cfg.model.embed_dim = 8, 16, 8
    cfg.train.steps, cfg.train.batch_size = 5000, 16  # long enough that Stop is what ends it
    cfg.train.sample_every, cfg.train.log_every = 20, 5
    cfg.train.threads, cfg.train.device = 1, "cpu"
    win.state.notify_config()
    win.show()
    return win


def test_train_stop_gallery_export(window, qtbot, tmp_path, dialogs):
    """The whole workflow on the sample: train, stop, generate, export; check the files."""
    assert window.state.dataset is not None and len(window.state.dataset) == 2200
    train = window.show_step("Train")
    qtbot.mouseClick(train.start_button, Qt.MouseButton.LeftButton)
    assert train.busy and train.stop_button.isEnabled()
    qtbot.waitUntil(lambda: train.loss_plot.points("loss/D") >= 2 and train.sample_grid.has_image,
                    timeout=WAIT_MS)
    assert {"loss/D", "loss/G"} <= set(train.loss_plot.names)
    assert not any(n.startswith("quality/") for n in train.loss_plot.names)  # those have their own plot
    qtbot.mouseClick(train.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not train.busy, timeout=WAIT_MS)
    result = train.last_result
    assert result is not None and result.stopped_early and result.step < 5000
    assert window.state.trained_run == Path(result.run_dir)
    assert train.start_button.isEnabled() and not train.stop_button.isEnabled()

    gallery = window.show_step("Gallery")
    assert gallery.controls.generate_button.isEnabled()
    gallery.controls.count_spin.setValue(3)
    qtbot.mouseClick(gallery.controls.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not gallery.busy and gallery.view.thumbs.rowCount() == 3, timeout=WAIT_MS)
    assert [gallery.controls.class_combo.itemText(i) for i in range(10)] == [str(d) for d in range(10)]
    assert gallery.view.thumbs.seeds == [0, 1, 2]

    export = window.show_step("Export")
    out = tmp_path / "augmented"
    export.options.out_edit.setText(str(out))
    export.options.per_class_radio.setChecked(True)
    export.options.per_class_spin.setValue(2)
    qtbot.mouseClick(export.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not export.busy, timeout=WAIT_MS)
    assert not dialogs, dialogs
    assert export.last_summary["synthetic"] == 20 and export.last_summary["real"] == 2200

    counts = window.state.dataset.class_counts()
    with (out / "manifest.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2200 + 20
    for c, name in enumerate(window.state.dataset.class_names):
        files = sorted(p.name for p in (out / name).iterdir())
        synthetic = [f for f in files if f.startswith("synthetic_")]
        assert len(synthetic) == 2 and len(files) == counts[c] + 2
        kinds = [r["kind"] for r in rows if r["class"] == name]
        assert kinds.count("real") == counts[c] and kinds.count("synthetic") == 2
    assert all((out / r["file"]).is_file() for r in rows)


def test_close_mid_training_stops_the_thread(window, qtbot):
    """Closing the window while training stops the run and waits for its thread."""
    train = window.show_step("Train")
    train.start()
    worker = train.worker
    assert worker is not None
    qtbot.waitUntil(lambda: train.last_progress is not None, timeout=WAIT_MS)
    t0 = time.monotonic()
    window.close()
    assert worker.isFinished()
    assert time.monotonic() - t0 < 10
    assert window.state.is_trained(window.state.run_dir)  # a stopped run is still saved


def test_pause_and_continue(window, qtbot):
    """Pause holds the loop (the loop reports it), Continue lets it go on, Stop ends it."""
    train = window.show_step("Train")
    train.start()
    qtbot.waitUntil(lambda: train.last_progress is not None, timeout=WAIT_MS)
    qtbot.mouseClick(train.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: train.last_progress.paused, timeout=WAIT_MS)
    held = train.last_progress.step
    qtbot.wait(300)
    assert train.last_progress.paused and train.last_progress.step == held
    qtbot.mouseClick(train.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: train.last_progress.step > held, timeout=WAIT_MS)
    train.stop()
    qtbot.waitUntil(lambda: not train.busy, timeout=WAIT_MS)
    assert not train.pause_button.isChecked() and train.last_result.stopped_early


@pytest.mark.parametrize("kind", ["missing", "empty", "no_images"])
def test_bad_dataset_folder_shows_a_dialog(window, qtbot, tmp_path, dialogs, kind):
    """A missing / empty / imageless folder gives a one-line dialog; the sample stays loaded."""
    folder = tmp_path / kind
    if kind != "missing":
        (folder / "cats").mkdir(parents=True)
    if kind == "no_images":
        (folder / "cats" / "notes.txt").write_text("not a picture")
    before = window.state.dataset
    window.data_panel.load(str(folder))
    qtbot.waitUntil(lambda: not window.data_panel.busy and bool(dialogs), timeout=WAIT_MS)
    title, text = dialogs[0]
    assert str(folder) in text and "Traceback" not in text and "\n" not in text
    expected = {"missing": "not found", "empty": "No files", "no_images": "No usable images"}
    assert expected[kind] in text
    assert window.state.dataset is before and window.state.config.data.path == "sample"


def test_folder_dataset_lists_problems(window, qtbot, tmp_path, dialogs):
    """A real folder loads on a worker; its broken file appears in the problems table."""
    import numpy as np
    from PIL import Image

    for name in ("a", "b"):
        (tmp_path / "ds" / name).mkdir(parents=True)
        for i in range(3):
            Image.fromarray(np.full((20, 20), 40 * i, np.uint8)).save(tmp_path / "ds" / name /
                                                                      f"{i}.png")
    (tmp_path / "ds" / "a" / "broken.png").write_bytes(b"not really a png")
    window.data_panel.load(str(tmp_path / "ds"))
    qtbot.waitUntil(lambda: window.state.config.data.path == str(tmp_path / "ds"),
                    timeout=WAIT_MS)
    assert not dialogs
    assert window.data_panel.classes_box.class_table.rowCount() == 2
    assert window.data_panel.problem_table.rowCount() == 1
    assert "broken.png" in window.data_panel.problem_table.item(0, 0).text()
    assert window.data_panel.classes_box.class_bar.counts == [3, 3]


@pytest.mark.skipif(__import__("torch").cuda.is_available(), reason="needs a machine without CUDA")
@pytest.mark.parametrize("fails_at_once", [False, True])
def test_training_error_is_a_dialog(window, qtbot, dialogs, request, fails_at_once):
    """An engine UserError during training (no CUDA here) is one line in a dialog; the panel hears
    the end even when the worker ended before ``run_task`` returned."""
    if fails_at_once:
        request.getfixturevalue("workers_end_at_once")
    window.model_panel.device_combo.setCurrentIndex(window.model_panel.device_combo.findData("cuda"))
    train = window.show_step("Train")
    train.start()
    qtbot.waitUntil(lambda: not train.busy, timeout=WAIT_MS)
    assert len(dialogs) == 1 and "cuda" in dialogs[0][1].lower() and "\n" not in dialogs[0][1]
    assert train.start_button.isEnabled() and window.state.trained_run is None
    qtbot.waitUntil(lambda: window.state.training_run is None, timeout=WAIT_MS)


def test_model_panel_edits_the_config(window):
    """Widgets write into the shared RunConfig; a changed image size reloads the dataset."""
    panel = window.model_panel
    panel.model_combo.setCurrentIndex(panel.model_combo.findData("cvae"))
    panel.width_spin.setValue(24)
    panel.minutes_radio.setChecked(True)
    cfg = window.state.config
    assert cfg.model.name == "cvae" and cfg.model.width == 24 and cfg.train.minutes > 0
    panel.size_combo.setCurrentIndex(panel.size_combo.findData(32))
    assert cfg.data.image_size == 32 and window.state.dataset.image_size == 32


def test_gallery_and_export_wait_for_a_trained_run(window):
    assert not window.gallery_panel.controls.generate_button.isEnabled()
    assert not window.export_panel.export_button.isEnabled()
    assert "Train a model first" in window.gallery_panel.hint_label.text()


# ------------------------------------------------------------------ the worker on its own
def _run_worker(qtbot, fn) -> dict:
    got: dict = {"progress": []}
    worker = TaskWorker(fn)
    worker.progress.connect(got["progress"].append)
    worker.succeeded.connect(lambda r: got.setdefault("result", r))
    worker.failed.connect(lambda m, details: got.setdefault("failed", m))
    worker.cancelled.connect(lambda: got.setdefault("cancelled", True))
    with qtbot.waitSignal(worker.finished, timeout=10_000):
        worker.start()
    qtbot.wait(50)  # deliver the queued signals
    return got


def test_worker_throttles_progress_but_keeps_the_last(qtbot):
    def fn(progress, should_stop):
        for i in range(1, 2001):
            progress(i, 2000)
        return "done"

    got = _run_worker(qtbot, fn)
    assert got["result"] == "done"
    assert 1 <= len(got["progress"]) < 100
    assert got["progress"][-1] == (2000, 2000)


def test_worker_reports_errors_as_one_line(qtbot):
    def user(progress, should_stop):
        raise UserError("Dataset folder not found: /nowhere")

    def bug(progress, should_stop):
        raise ValueError("boom\nsecond line")

    assert _run_worker(qtbot, user)["failed"] == "Dataset folder not found: /nowhere"
    assert _run_worker(qtbot, bug)["failed"] == "Unexpected error: ValueError: boom"


def test_worker_stop_cancels(qtbot):
    from engine.errors import Cancelled

    def fn(progress, should_stop):
        while not should_stop():
            time.sleep(0.01)
        raise Cancelled()

    worker = TaskWorker(fn)
    cancelled = []
    worker.cancelled.connect(lambda: cancelled.append(True))
    worker.start()
    worker.stop()
    assert worker.wait(5000)
    qtbot.waitUntil(lambda: bool(cancelled), timeout=5000)
