"""The trainer, run folders and checkpoints, on the sample with tiny models."""

import csv
import pickle

import numpy as np
import pytest
import torch
from conftest import TEST_SIZE, tiny_config, train_tiny

from engine.data.sample import load_sample
from engine.errors import UserError
from engine.runs import load_trained
from engine.runs.checkpoint import load_checkpoint, save_checkpoint
from engine.train.trainer import train


@pytest.mark.parametrize("model", ["cgan", "cvae"])
def test_train_writes_run_and_reports_progress(tmp_path, model):
    seen = []
    result = train(tiny_config(model, steps=20), load_sample(TEST_SIZE), tmp_path / "run", seen.append)
    assert result.step == 20 and not result.stopped_early
    run = tmp_path / "run"
    assert (run / "checkpoints" / "step_00000020.pt").is_file() and (run / "config.json").is_file()
    rows = list(csv.DictReader((run / "metrics.csv").open()))
    assert [int(r["step"]) for r in rows] == [5, 10, 15, 20]
    keys = {"cgan": {"loss/D", "loss/G"}, "cvae": {"loss/VAE", "recon", "kl"}}[model]
    assert keys <= set(rows[0])
    assert all(np.isfinite(float(r[k])) for r in rows for k in keys)
    grids = [p.grid for p in seen if p.grid is not None]
    assert len(grids) >= 2 and grids[0].dtype == np.uint8 and grids[0].shape[2] == 1
    assert (run / "samples" / "step_000010.png").is_file()
    assert seen[-1].step == 20 and seen[-1].fraction == 1.0
    assert any(p.metrics for p in seen)


def test_should_stop_takes_effect_within_one_step(tmp_path):
    steps_seen = []

    def progress(p):
        steps_seen.append(p.step)

    calls = {"n": 0}

    def should_stop():
        calls["n"] += 1
        return calls["n"] > 7  # allow 7 steps, then ask to stop

    result = train(tiny_config("cgan", steps=1000), load_sample(TEST_SIZE), tmp_path / "r", progress,
                   should_stop)
    assert result.stopped_early and result.step == 7
    assert load_checkpoint(tmp_path / "r" / "checkpoints" / "step_00000007.pt")["step"] == 7


def test_existing_run_refused_unless_resume(tmp_path):
    train_tiny(tmp_path / "r", steps=10)
    with pytest.raises(UserError, match="--resume"):
        train_tiny(tmp_path / "r", steps=10)
    cfg = tiny_config("cgan", steps=25)
    result = train(cfg, load_sample(TEST_SIZE), tmp_path / "r", resume=True)
    assert result.resumed_from == 10 and result.step == 25


def test_resume_without_checkpoint_starts_from_the_beginning(tmp_path):
    messages = []
    result = train(tiny_config("cvae", steps=5), load_sample(TEST_SIZE), tmp_path / "fresh",
                   lambda p: messages.append(p.message), resume=True)
    assert result.step == 5 and result.resumed_from is None
    assert any("starting from the beginning" in m for m in messages)


def test_same_seed_same_weights(tmp_path):
    a = load_trained(train_tiny(tmp_path / "a", steps=8).run_dir)
    b = load_trained(train_tiny(tmp_path / "b", steps=8).run_dir)
    for k in a.nets:
        for (n, pa), pb in zip(a.nets[k].state_dict().items(), b.nets[k].state_dict().values(),
                               strict=True):
            assert torch.equal(pa, pb), n


def test_checkpoint_rebuilds_model_alone(gan_run):
    model = load_trained(gan_run)
    assert model.class_names == [str(i) for i in range(10)]
    images = model.images(torch.randn(4, model.args.latent_dim), torch.arange(4))
    assert images.shape == (4, 1, TEST_SIZE, TEST_SIZE)


def test_malicious_checkpoint_is_refused_and_code_does_not_run(tmp_path):
    sentinel = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            import pathlib

            return (pathlib.Path.touch, (sentinel,))

    bad = tmp_path / "checkpoint.pt"
    with bad.open("wb") as f:
        pickle.dump({"format": "genaug-checkpoint-1", "x": Exploit()}, f)
    with pytest.raises(UserError, match="cannot be loaded safely"):
        load_checkpoint(bad)
    assert not sentinel.exists()


def test_checkpoint_save_is_atomic_and_cleans_up(tmp_path, monkeypatch):
    path = tmp_path / "checkpoint.pt"
    save_checkpoint(path, {"step": 1, "w": torch.ones(3)})

    def broken_save(obj, f):
        f.write(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(torch, "save", broken_save)
    with pytest.raises(UserError, match="No space left"):
        save_checkpoint(path, {"step": 2})
    assert load_checkpoint(path)["step"] == 1  # the previous checkpoint is intact
    assert [p.name for p in tmp_path.iterdir()] == ["checkpoint.pt"]  # no temporary left over
