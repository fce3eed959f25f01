"""The run folder has one owner (engine.runs): one split for every path, the run's own data
settings, no run inside the dataset, one trainer per folder."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import tiny_config, write_png

from engine.cli import main as cli_main
from engine.config import DataConfig
from engine.data.load import load_dataset
from engine.errors import UserError
from engine.runs import RunFolder, files, run_images, split_for_run
from engine.runs import images as images_module
from engine.train.trainer import train

REPO = Path(__file__).resolve().parent.parent


def _tree(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``root``."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _folder(root: Path, per_class: int = 8, shape=(12, 20)) -> Path:
    """Three classes of small non-square gray images (so crop and pad give different pixels)."""
    rng = np.random.default_rng(0)
    for c, name in enumerate(("ant", "bee", "cat")):
        for i in range(per_class):
            img = rng.integers(0, 60, shape, dtype=np.uint8)
            img[:, : shape[1] // 4] = 200 + c * 20  # a bright band at the left edge: crop cuts it
            write_png(root / name / f"{name}_{i:02d}.png", img)
    return root


def _held_files(data, held_idx) -> set[str]:
    return {data.files[i] for i in held_idx.tolist()}


def _cli_train(data: Path, out: Path, *extra: str) -> int:
    return cli_main(["train", "--data", str(data), "--model", "cvae", "--out", str(out),
                     "--image-size", "8", "--batch-size", "8", *extra])


# ------------------------------------------------------------------ one split for every path
def test_cli_resume_gui_continue_evaluation_and_curation_hold_out_the_same_images(tmp_path, qtbot):
    data_dir = _folder(tmp_path / "data")
    run = tmp_path / "run"
    assert _cli_train(data_dir, run, "--steps", "4") == 0
    saved = set(json.loads(RunFolder(run).split_path.read_text())["held_out_files"])
    # New files arrive after training: a fresh split of fraction and seed would now differ.
    for name in ("ant", "bee", "cat"):
        for i in range(8, 14):
            write_png(data_dir / name / f"{name}_{i:02d}.png", np.full((12, 20), 90, np.uint8))
    cfg = RunFolder(run).data_config()
    data = load_dataset(cfg)
    rel = {Path(f).relative_to(data_dir).as_posix(): f for f in data.files}
    expected = {rel[f] for f in saved}
    from engine.data.dataset import stratified_split

    _, fresh = stratified_split(data.labels, data.num_classes, cfg.holdout_fraction, cfg.split_seed)
    assert _held_files(data, fresh) != expected  # the bug this guards against would show

    # The command line's --resume
    _, held = split_for_run(run, data, cfg, resume=True)
    assert _held_files(data, held) == expected
    # Evaluation (its loader) and curation (the training images)
    from engine.evaluate.holdout import load_eval_data
    from engine.export.curation import training_images
    from engine.runs import load_trained

    split = load_eval_data(load_trained(run, "cpu"), str(data_dir), None)
    assert set(split.test.files) == expected
    assert set(training_images(run).files) == set(data.files) - expected
    assert set(run_images(run).held_out.files) == expected

    # The GUI's Continue: AppState asks for the run's data, then splits it as the run did
    from gui.state import AppState

    state = AppState(runs_root=tmp_path / "ws")
    state.set_dataset(load_dataset(DataConfig(path="sample")), "sample")  # another dataset loaded
    state.load_requested.connect(
        lambda path: state.set_dataset(load_dataset(
            DataConfig(path=path, image_size=state.config.data.image_size,
                       channels=state.config.data.channels, resize=state.config.data.resize)), path))
    with qtbot.waitSignal(state.run_data_ready, timeout=10_000) as ready:
        state.use_run(run, train=True)
    assert ready.args == [RunFolder(run).path, True]
    assert _held_files(state.dataset, state.held_idx) == expected
    assert len(state.train_data()) == len(data) - len(expected)


def test_a_run_trained_with_pad_exports_evaluates_and_curates_with_pad(tmp_path, monkeypatch):
    data_dir = _folder(tmp_path / "data", per_class=6)
    run = tmp_path / "run"
    assert _cli_train(data_dir, run, "--steps", "3", "--resize", "pad") == 0
    seen: list[str] = []
    real_load = images_module.load_dataset

    def spy(cfg, *args, **kwargs):
        seen.append(cfg.resize)
        return real_load(cfg, *args, **kwargs)

    monkeypatch.setattr(images_module, "load_dataset", spy)

    from engine.export.curation import training_images
    from engine.export.dataset import ExportRequest, export_dataset

    train_set = training_images(run)
    padded = real_load(DataConfig(path=str(data_dir), image_size=8, channels=1, resize="pad"))
    cropped = real_load(DataConfig(path=str(data_dir), image_size=8, channels=1, resize="crop"))
    by_file = {f: i for i, f in enumerate(padded.files)}
    idx = torch.tensor([by_file[f] for f in train_set.files])
    assert torch.equal(train_set.images, padded.images[idx])  # the run's pixels: padded
    assert not torch.equal(train_set.images, cropped.images[idx])
    export_dataset(ExportRequest(run_dir=str(run), data=str(data_dir), out=str(tmp_path / "aug"),
                                 per_class=1, filter_memorized=True, make_sheet=False))
    assert seen and set(seen) == {"pad"}, seen


# ------------------------------------------------------------------ never inside the dataset
def test_a_run_folder_inside_the_dataset_is_refused_with_nothing_written(tmp_path, capsys):
    data_dir = _folder(tmp_path / "data", per_class=3)
    before = _tree(data_dir)
    assert _cli_train(data_dir, data_dir / "run", "--steps", "2") == 2
    assert "inside the dataset" in capsys.readouterr().err
    assert _cli_train(data_dir, data_dir, "--steps", "2") == 2
    data = load_dataset(DataConfig(path=str(data_dir), image_size=8))
    with pytest.raises(UserError, match="inside the dataset"):
        train(tiny_config("cvae", 2), data, data_dir / "ant" / "run")
    with pytest.raises(UserError, match="inside the dataset"):
        split_for_run(data_dir / "x" / "run", data, DataConfig(path=str(data_dir)))
    assert _tree(data_dir) == before and sorted(p.name for p in data_dir.iterdir()) == ["ant", "bee", "cat"]


# ------------------------------------------------------------------ one trainer per folder
def _start_trainer(run: Path) -> subprocess.Popen:
    """A real `main.py train` on a time budget, in another process; returns once it trains."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "main.py"), "train", "--data", "sample", "--model", "cvae",
         "--out", str(run), "--minutes", "5", "--batch-size", "4", "--image-size", "8"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    status = RunFolder(run).status_path
    deadline = time.monotonic() + 120
    while not status.exists():  # the step-0 checkpoint is written under the lock
        assert proc.poll() is None, "the first trainer ended early"
        assert time.monotonic() < deadline, "the first trainer did not start"
        time.sleep(0.2)
    return proc


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_second_trainer_is_refused_and_a_killed_ones_lock_does_not_block_resume(tmp_path, capsys):
    run = tmp_path / "run"
    proc = _start_trainer(run)
    try:
        metrics = RunFolder(run).metrics_path
        metrics_before = metrics.read_bytes() if metrics.exists() else b""
        with pytest.raises(UserError, match="in use"):
            train(tiny_config("cvae", 2), load_dataset(DataConfig(path="sample", image_size=8)), run,
                  resume=True)
        code = cli_main(["train", "--data", "sample", "--model", "cvae", "--out", str(run), "--resume",
                         "--steps", "2", "--image-size", "8"])
        assert code == 2 and "in use" in capsys.readouterr().err
        metrics_after = metrics.read_bytes() if metrics.exists() else b""
        assert metrics_after[:len(metrics_before)] == metrics_before  # nothing cut or redone
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert (run / files.LOCK).exists()  # left behind by the killed process: it means nothing now
    code = cli_main(["train", "--data", "sample", "--model", "cvae", "--out", str(run), "--resume",
                     "--minutes", "0.01", "--image-size", "8", "--batch-size", "4"])
    assert code == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["resumed_from"] is not None


def test_the_lock_is_reentrant_in_a_process_and_released_after(tmp_path):
    folder = RunFolder(tmp_path / "run")
    with folder.lock(), folder.lock():  # the CLI holds it around the split and the training
        pass
    code = ("import sys; from engine.runs import RunFolder\n"
            "with RunFolder(sys.argv[1]).lock(): print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code, str(folder.path)], cwd=REPO,
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr


# ------------------------------------------------------------------ TensorBoard, when installed
def test_tensorboard_events_mirror_the_metrics_csv(tmp_path):
    pytest.importorskip("tensorboard")
    from conftest import train_tiny
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    run = RunFolder(tmp_path / "run")
    train_tiny(run.path, "cvae", steps=20)
    events = EventAccumulator(str(run.tensorboard_dir))
    events.Reload()
    csv_rows = run.read_metrics()
    assert [e.step for e in events.Scalars("loss/VAE")] == [step for step, _ in csv_rows]
    assert [e.value for e in events.Scalars("loss/VAE")] == pytest.approx(
        [m["loss/VAE"] for _, m in csv_rows], rel=1e-5)  # float32 in the event file
    assert events.Tags()["images"] == ["samples"]
