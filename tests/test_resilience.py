"""Training you can trust: resume after SIGKILL, kills during saves, NaN and out-of-memory faults."""

import dataclasses
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import torch
from conftest import TEST_SIZE, tiny_config

from engine.data.sample import load_sample
from engine.errors import UserError
from engine.models import registry
from engine.runs import RunFolder
from engine.runs.checkpoint import CheckpointStore, load_checkpoint
from engine.train.trainer import TrainingFault, train

REPO = Path(__file__).resolve().parent.parent

# Trains a tiny GAN on the sample; with SLOW=1 each step is slowed by the progress callback (which
# draws no random numbers) so that the parent can kill it at a known point.
DRIVER = """
import os, sys, time
sys.path.insert(0, {repo!r}); sys.path.insert(0, {tests!r})
from conftest import TEST_SIZE, tiny_config
from engine.data.sample import load_sample
from engine.train.trainer import train
cfg = tiny_config("cgan", steps=40)
cfg.train.log_every = 1
cfg.train.checkpoint_every = 20
cfg.train.quality_every = 10  # the quality curve must resume bit-identically too
cfg.train.threads = 1
slow = os.environ.get("SLOW") == "1"
def progress(p):
    if slow and p.step >= 20:
        time.sleep(0.05)
train(cfg, load_sample(TEST_SIZE), sys.argv[1], progress, resume=sys.argv[2] == "resume")
"""


def _driver(tmp_path: Path, run: Path, mode: str, slow: bool) -> subprocess.Popen:
    script = tmp_path / "driver.py"
    script.write_text(DRIVER.format(repo=str(REPO), tests=str(REPO / "tests")))
    env = {**os.environ, "SLOW": "1" if slow else "0", "OMP_NUM_THREADS": "1"}
    return subprocess.Popen([sys.executable, str(script), str(run), mode], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _final_state(run: Path) -> dict:
    path, payload = CheckpointStore(run).latest()
    return payload


def test_resume_after_sigkill_is_bit_identical(tmp_path):
    straight, killed = tmp_path / "straight", tmp_path / "killed"
    p = _driver(tmp_path, straight, "new", slow=False)
    assert p.wait(timeout=300) == 0, p.stderr.read().decode()

    p = _driver(tmp_path, killed, "new", slow=True)
    deadline = time.time() + 300
    while RunFolder(killed).read_status().get("step") != 20:
        assert p.poll() is None and time.time() < deadline, "driver ended before step 20"
        time.sleep(0.02)
    time.sleep(0.3)  # let it run (and log) a few steps past the checkpoint
    p.send_signal(signal.SIGKILL)
    p.wait()
    rows = (killed / "metrics.csv").read_text().splitlines()
    assert int(rows[-1].split(",")[0]) > 20  # rows beyond the checkpoint exist and must be redone

    p = _driver(tmp_path, killed, "resume", slow=False)
    assert p.wait(timeout=300) == 0, p.stderr.read().decode()

    a, b = _final_state(straight), _final_state(killed)
    assert a["step"] == b["step"] == 40
    for net in a["nets"]:
        for name, tensor in a["nets"][net].items():
            assert torch.equal(tensor, b["nets"][net][name]), f"{net}.{name} differs"
    assert (straight / "metrics.csv").read_text() == (killed / "metrics.csv").read_text()
    header, *rows = (straight / "metrics.csv").read_text().splitlines()
    fd_col = header.split(",").index("quality/fd")
    assert sum(1 for r in rows if r.split(",")[fd_col]) == 4  # steps 10, 20, 30, 40
    assert "resumed from step 20" in (killed / "train.log").read_text()


def _save_forever(folder: str) -> None:
    store = CheckpointStore(Path(folder), keep_last=2)
    payload = {"w": torch.randn(2_000_000)}  # 8 MB: a save takes long enough to be interrupted
    step = 1
    while True:
        payload["step"] = step
        store.save(payload, step)
        step += 1


def test_sigkill_during_checkpoint_writes_never_leaves_a_broken_file(tmp_path):
    store = CheckpointStore(tmp_path, keep_last=2)
    store.save({"w": torch.zeros(3), "step": 0}, 0)
    ctx = multiprocessing.get_context("fork")
    rnd = random.Random(0)
    interrupted = 0
    for _ in range(50):
        child = ctx.Process(target=_save_forever, args=(str(tmp_path),))
        child.start()
        time.sleep(rnd.uniform(0.0, 0.25))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        for path in store.paths():  # every file at a final path is complete
            load_checkpoint(path)
        assert store.latest() is not None
        interrupted += bool(store.clean_stale())  # a temporary file = killed mid-write
    assert interrupted >= 10, f"only {interrupted} of 50 kills hit a write"
    leftovers = [p.name for p in store.folder.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def _wrap_step(monkeypatch, model, before):
    """Replace the step function of ``model`` with one that calls ``before(x, step)`` first."""
    spec = registry.get_model(model)
    original = spec.step

    def wrapped(nets, optims, x, y, *, step, config, report):
        x = before(x, step)
        return original(nets, optims, x, y, step=step, config=config, report=report)

    monkeypatch.setitem(registry.MODELS, model, dataclasses.replace(spec, step=wrapped))


def test_injected_nan_is_caught_and_rolled_back(tmp_path, monkeypatch):
    hits = []

    def poison(x, step):
        if step == 12 and not hits:
            hits.append(step)
            return x * float("nan")
        return x

    _wrap_step(monkeypatch, "cgan", poison)
    cfg = tiny_config("cgan", steps=20)
    cfg.train.checkpoint_every = 5
    cfg.train.lr = 2e-4  # explicit: the message below names this rate halved
    messages = []
    result = train(cfg, load_sample(TEST_SIZE), tmp_path / "r", lambda p: messages.append(p.message))
    assert result.step == 20
    assert result.faults == ["NaN in loss/D at step 12: rolled back to step 10 with learning "
                             "rate 1.0e-04"]
    assert any("rolled back" in m for m in messages)
    store = CheckpointStore(tmp_path / "r")
    for path in store.paths():
        payload = load_checkpoint(path)
        for net in payload["nets"].values():
            assert all(torch.isfinite(t).all() for t in net.values() if t.is_floating_point())
    final = load_checkpoint(store.paths()[0])
    assert final["lr_scale"] == 0.5
    assert final["optims"]["G"]["param_groups"][0]["lr"] == pytest.approx(1e-4)


def test_repeated_nan_stops_with_a_clear_message(tmp_path, monkeypatch):
    _wrap_step(monkeypatch, "cvae", lambda x, step: x * float("nan") if step >= 3 else x)
    cfg = tiny_config("cvae", steps=20)
    cfg.train.checkpoint_every = 2
    with pytest.raises(TrainingFault, match="diverged.*lower learning rate"):
        train(cfg, load_sample(TEST_SIZE), tmp_path / "r")
    assert "giving up" in (tmp_path / "r" / "train.log").read_text()


def test_out_of_memory_halves_the_batch_and_goes_on(tmp_path, monkeypatch):
    def oom_if_big(x, step):
        if x.shape[0] > 16:
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return x

    _wrap_step(monkeypatch, "cgan", oom_if_big)
    cfg = tiny_config("cgan", steps=10)
    cfg.train.batch_size = 64
    result = train(cfg, load_sample(TEST_SIZE), tmp_path / "r")
    assert result.step == 10 and result.batch_size == 16
    assert [f.split(":")[1].strip() for f in result.faults] == [
        "batch size halved to 32", "batch size halved to 16"]


def test_out_of_memory_at_smallest_batch_stops_cleanly(tmp_path, monkeypatch):
    def always_oom(x, step):
        raise RuntimeError("CUDA error: out of memory")

    _wrap_step(monkeypatch, "cgan", always_oom)
    with pytest.raises(TrainingFault, match="Out of memory .* batch of 2"):
        train(tiny_config("cgan", steps=10), load_sample(TEST_SIZE), tmp_path / "r")


def test_failed_periodic_save_is_reported_and_training_goes_on(tmp_path, monkeypatch):
    calls = []
    real_save = CheckpointStore.save

    def flaky(self, payload, step, score=None):
        calls.append(step)
        if step == 10:
            raise UserError(f"Could not save checkpoint {self.folder}: No space left on device")
        return real_save(self, payload, step, score)

    monkeypatch.setattr(CheckpointStore, "save", flaky)
    cfg = tiny_config("cgan", steps=20)
    cfg.train.checkpoint_every = 5
    result = train(cfg, load_sample(TEST_SIZE), tmp_path / "r")
    assert result.step == 20 and calls == [0, 5, 10, 15, 20]
    assert "No space left on device" in result.faults[0] and "goes on" in result.faults[0]


def test_resume_continues_budget_and_reports_step(tmp_path):
    cfg = tiny_config("cvae", steps=10)
    train(cfg, load_sample(TEST_SIZE), tmp_path / "r")
    cfg.train.steps = 15
    result = train(cfg, load_sample(TEST_SIZE), tmp_path / "r", resume=True)
    assert result.resumed_from == 10 and result.step == 15
    assert json.loads((tmp_path / "r" / "status.json").read_text())["finished"] is True


def test_run_saved_before_class_conditional_bn_still_resumes(tmp_path):
    """A GAN run from before `conditioning` existed (the class entered with the noise) resumes
    with the generator it was trained with, not today's default."""
    from engine.runs.checkpoint import load_checkpoint, save_checkpoint

    cfg = tiny_config("cgan", steps=10)
    cfg.model.conditioning, cfg.model.mode_seeking = "input", 0.0
    train(cfg, load_sample(TEST_SIZE), tmp_path / "r")
    for path in (tmp_path / "r" / "checkpoints").glob("*.pt"):
        payload = load_checkpoint(path)
        for key in ("conditioning", "mode_seeking_target", "r1_gamma", "lecam",
                    "ada_target", "real_moves"):
            del payload["config"]["model"][key]  # as saved by the older version
        del payload["nets"]["D"]["lecam_anchors"], payload["nets"]["D"]["ada_p"]
        save_checkpoint(path, payload)
    fresh = tiny_config("cgan", steps=15)  # today's defaults: conditioning "cbn"
    result = train(fresh, load_sample(TEST_SIZE), tmp_path / "r", resume=True)
    assert result.resumed_from == 10 and result.step == 15
    saved = json.loads((tmp_path / "r" / "config.json").read_text())
    assert saved["model"]["conditioning"] == "input"


def test_pause_then_continue(tmp_path):
    paused = threading.Event()
    paused.set()
    seen = []

    def progress(p):
        seen.append((p.step, p.paused, p.message))
        if p.paused:
            threading.Timer(0.3, paused.clear).start()

    result = train(tiny_config("cgan", steps=10), load_sample(TEST_SIZE), tmp_path / "r", progress,
                   is_paused=paused.is_set)
    assert result.step == 10
    assert (0, True, "paused") in seen and any(m == "continued" for _, _, m in seen)


def test_stop_takes_effect_before_the_next_step(tmp_path):
    """Stop requested mid-run on the default settings: train() ends at the step it was asked at (no
    step after it), with a checkpoint there. (How fast: benchmarks/stop_latency.py.)"""
    from engine.config import RunConfig

    cfg = RunConfig()
    cfg.train.threads = 2
    asked_at: list[int] = []  # the step at which stop was first asked
    last_step, polls = [0], [0]

    def progress(p):
        last_step[0] = p.step

    def should_stop():  # polled once before every step: poll k comes before step k (from 0)
        polls[0] += 1
        if last_step[0] >= 20 and not asked_at:
            asked_at.append(polls[0] - 1)
        return bool(asked_at)

    result = train(cfg, load_sample(TEST_SIZE), tmp_path / "r", progress, should_stop)
    assert result.stopped_early and result.step == asked_at[0], (asked_at, result.step)
    assert RunFolder(tmp_path / "r").read_status()["step"] == result.step
