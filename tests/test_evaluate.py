"""Evaluation: metrics that behave, memorisation that is caught, the five-way report end to end."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import TEST_SIZE, tiny_config, write_png
from PIL import Image

from engine.config import DataConfig, RunConfig
from engine.data.sample import load_sample
from engine.data.split import holdout_split
from engine.errors import Cancelled, UserError
from engine.evaluate import report as report_module
from engine.evaluate.classical import choose_classical
from engine.evaluate.classifier import ClassifierRecipe, load_classifier, predict, train_classifier
from engine.evaluate.memorization import memorization_report
from engine.evaluate.metrics import embed, frechet_distance, kernel_distance, precision_recall
from engine.evaluate.pool import SyntheticPool
from engine.evaluate.report import ARM_KEYS, EvalConfig, evaluate_run, load_report
from engine.export.card import evaluation_verdict
from engine.export.dataset import ExportRequest, export_dataset
from engine.generate import Generated
from engine.runs import split_for_run
from engine.runs.files import EVALUATION as REPORT_FILE
from engine.runs.files import JUDGE as JUDGE_FILE
from engine.train.trainer import train

REPO = Path(__file__).resolve().parent.parent
QUICK = dict(seeds=2, classifier_steps=30, amounts=(0.5, 1.0), metric_samples=200,
             memorization_samples=200, device="cpu")


@pytest.fixture(scope="module")
def judge():
    data = load_sample(TEST_SIZE)
    model = train_classifier(data.images, data.labels, 10, ClassifierRecipe(steps=150, batch_size=64,
                                                                            width=16))
    return model, data


def test_frechet_distance_is_zero_on_itself_and_grows_with_noise():
    gen = torch.Generator().manual_seed(0)
    feats = torch.randn(2000, 16, generator=gen) @ torch.randn(16, 16, generator=gen)
    assert frechet_distance(feats, feats) < 1e-6
    distances = [frechet_distance(feats, feats + s * torch.randn(feats.shape, generator=gen))
                 for s in (0.1, 0.5, 1.0, 2.0)]
    assert all(a < b for a, b in zip(distances, distances[1:], strict=False)), distances
    assert frechet_distance(feats[:1], feats) is None  # one sample has no covariance


def test_kernel_distance_and_precision_recall_on_known_sets():
    gen = torch.Generator().manual_seed(1)
    a = torch.randn(1000, 8, generator=gen)
    b = torch.randn(1000, 8, generator=gen)
    far = b + 10.0
    kid_same, _ = kernel_distance(a, b)
    kid_far, _ = kernel_distance(a, far)
    assert abs(kid_same) < 0.01 < kid_far
    p, r = precision_recall(a, b)
    assert p > 0.8 and r > 0.8  # two draws of one distribution mostly cover each other (k=3)
    p, r = precision_recall(a, far)
    assert p == 0.0 and r == 0.0
    collapsed = a[:1].repeat(500, 1) + 0.01 * torch.randn(500, 8, generator=gen)
    p, r = precision_recall(a, collapsed)
    assert p > 0.9 and r < 0.1  # one mode: precise, no recall


def test_frechet_distance_on_judge_features_tells_real_from_noise(judge):
    model, data = judge
    half = len(data) // 2
    real_a, real_b = embed(model, data.images[:half]), embed(model, data.images[half:])
    noise = torch.randint(0, 256, data.images[half:].shape, dtype=torch.uint8)
    assert frechet_distance(real_a, real_b) < frechet_distance(real_a, embed(model, noise)) / 5


def test_copying_generator_is_flagged_and_noise_is_not(judge):
    model, data = judge
    train_x = data.images[:1000]
    jitter = torch.randint(-1, 2, train_x[:300].shape)
    copies = (train_x[:300].int() + jitter).clamp(0, 255).to(torch.uint8)  # re-encoded copies
    noise = torch.randint(0, 256, (300, *train_x.shape[1:]), dtype=torch.uint8)
    real_feat = embed(model, train_x)
    hit = memorization_report(copies, train_x, embed(model, copies), real_feat)
    miss = memorization_report(noise, train_x, embed(model, noise), real_feat)
    assert hit["rate"] >= 0.95 and hit["rate_pixels"] >= 0.95
    assert miss["rate"] <= 0.05
    # Distinct real images (the other half of the sample) are rarely flagged: the threshold is calibrated.
    other = data.images[1000:1300]
    assert memorization_report(other, train_x, embed(model, other), real_feat)["rate"] <= 0.05


def test_classical_augmentation_uses_flips_only_where_they_keep_the_label(judge):
    model, data = judge
    digits = choose_classical(model, data.images, data.labels)
    assert not digits.horizontal_flip and not digits.vertical_flip  # a flipped 2 is not a 2
    symmetric = torch.maximum(data.images, data.images.flip(-1))  # mirror-symmetric classes
    sym_judge = train_classifier(symmetric, data.labels, 10, ClassifierRecipe(steps=150, width=16))
    chosen = choose_classical(sym_judge, symmetric, data.labels)
    assert chosen.horizontal_flip and "horizontal flip" in chosen.describe()
    batch = torch.rand(16, 1, 16, 16) * 2 - 1
    out = chosen(batch)
    assert out.shape == batch.shape and not torch.equal(out, batch)


@pytest.fixture
def run_copy(split_run, tmp_path):
    """A private copy of a shared tiny run with its split: evaluation writes into the run folder."""
    return Path(shutil.copytree(split_run, tmp_path / "run"))


@pytest.fixture
def gan_copy(gan_split_run, tmp_path):
    return Path(shutil.copytree(gan_split_run, tmp_path / "gan"))


def test_five_way_report_end_to_end_on_the_sample(run_copy):
    trained_run = run_copy
    seen = []
    report = evaluate_run(trained_run, "sample", EvalConfig(**QUICK),
                          progress=lambda d, n, m: seen.append((d, n, m)))
    assert [a["key"] for a in report["arms"]] == list(ARM_KEYS)
    for arm in report["arms"]:
        assert len(arm["accuracies"]) == 2 and 0.0 <= arm["accuracy_mean"] <= 1.0
        low, high = arm["accuracy_ci"]
        assert 0.0 <= low <= arm["accuracy_mean"] <= high <= 1.0 and len(arm["recall_mean"]) == 10
        assert arm["gain_ci"][0] <= arm["gain_mean"] <= arm["gain_ci"][1]
    real = report["arms"][0]
    assert real["gain_mean"] == real["gain_ci"][0] == real["gain_ci"][1] == 0.0  # paired with itself
    # The choice is made on validation data: 0.5x and 1x, each filtered or not.
    assert len(report["validation"]) == 4 and sum(r["chosen"] for r in report["validation"]) == 1
    assert report["recommendation"]["amount"] in (0.5, 1.0)
    assert report["recommendation"]["chosen_on"] == "validation"
    discipline = report["discipline"]
    # 20 training images per class are too few to hold a fifth out: cross-validation over them.
    assert discipline["validation"]["method"] == "k-fold" and "nothing was chosen" in discipline["test"]
    assert discipline["validation"]["images"] == 200  # the training split only, never the test
    assert discipline["leak_check"]["share"] == 0.0
    m = report["metrics"]
    assert m["overall"]["fd"] >= 0 and len(m["per_class"]) == 10 and len(m["class_leakage"]) == 10
    assert 0.0 <= m["overall"]["label_agreement"] <= 1.0
    assert 0.0 <= report["memorization"]["rate"] <= 1.0
    verdict = report["verdict"]
    assert verdict["verdict"] in ("helps", "hurts", "no clear effect") and verdict["level"] == 0.95
    assert "2 classifier seeds and 2,000 test images" in verdict["method"]
    assert f"[{100 * verdict['interval'][0]:+.1f}, {100 * verdict['interval'][1]:+.1f}]" in verdict["text"]
    assert (verdict["what_would_it_take"] is None) == (verdict["verdict"] == "helps")
    assert report["data"]["test_count"] == 2000 and report["data"]["train_count"] == 200
    # Progress moves forward to the end and names its stages.
    assert seen[-1][0] == seen[-1][1] and any("synthetic only" in s[2] for s in seen)
    assert any(s[2].startswith("validation") for s in seen)
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
    # Saved in the run folder, readable by the GUI and quoted by export's dataset card.
    saved = json.loads((trained_run / REPORT_FILE).read_text())
    assert saved["verdict"] == report["verdict"] == load_report(trained_run)["verdict"]
    quoted = evaluation_verdict(trained_run)
    assert quoted["verdict"] == report["verdict"]
    assert quoted["interval"] == verdict["interval"] and quoted["method"] == verdict["method"]


def test_memorising_run_is_caught_end_to_end(gan_copy, monkeypatch):
    """A 'generator' that returns training images: the report flags nearly all of them."""
    cfg = DataConfig()
    full = load_sample(TEST_SIZE)
    train_idx, _ = holdout_split(full, cfg.holdout_fraction, cfg.split_seed)
    data = full.subset(train_idx)  # what the run's generator saw (held-out images are not copies)
    assert len(data) == 200

    def copying_generate(model, counts, seed, temperature, progress=None, should_stop=None):
        idx = torch.cat([torch.nonzero(data.labels == c).flatten().repeat(n)[:n]
                         for c, n in enumerate(counts)])
        return Generated(data.images[idx], data.labels[idx], list(range(len(idx))))

    monkeypatch.setattr(report_module, "generate", copying_generate)
    report = evaluate_run(gan_copy, "sample", EvalConfig(**{**QUICK, "seeds": 1}))
    assert report["memorization"]["rate"] >= 0.95
    assert sum(len(v) for v in report["memorization"]["flagged_seeds"].values()) >= 190


def test_large_amounts_reuse_a_capped_pool_with_weights():
    """Beyond the pool, a class's images are drawn more often, so it still counts as asked."""
    labels = torch.tensor([0] * 5 + [1] * 3)
    pool = SyntheticPool(torch.zeros(8, 1, 4, 4, dtype=torch.uint8), labels,
                         torch.cat([torch.arange(5), torch.arange(3)]),
                         confidence=torch.tensor([1, 1, 0, 1, 1, 1, 0, 1.0]))
    _, y, w = pool.take_weighted([10, 3])
    assert (y == 0).sum() == 5 and (y == 1).sum() == 3
    assert w[y == 0].eq(2.0).all() and w[y == 1].eq(1.0).all() and w.sum() == 13
    _, y, w = pool.take_weighted([10, 3], 0.5)  # filtered: confident ones, same weight
    assert (y == 0).sum() == 4 and w[y == 0].eq(2.0).all() and (y == 1).sum() == 2


def test_classifier_draws_images_by_weight():
    data = load_sample(TEST_SIZE)
    two = data.subset(torch.nonzero(data.labels < 2).flatten())
    weights = (two.labels == 0).float()  # class 1 is never drawn: the classifier never learns it
    clf = train_classifier(two.images, two.labels, 2, ClassifierRecipe(steps=30, width=8),
                           weights=weights)
    assert predict(clf, two.images).argmax(1).eq(0).all()


def test_pool_is_capped_at_what_a_classifier_can_draw(gan_copy, monkeypatch):
    asked = []
    real_generate = report_module.generate

    def counting_generate(model, counts, *args, **kwargs):
        asked.append(list(counts))
        return real_generate(model, counts, *args, **kwargs)

    monkeypatch.setattr(report_module, "generate", counting_generate)
    config = EvalConfig(**{**QUICK, "seeds": 1, "classifier_steps": 2, "amounts": (4.0,)})
    report = evaluate_run(gan_copy, "sample", config)
    real = report["data"]["train_count"]
    # One classifier draws 2 x 64 = 128 images, fewer than the sample's 200 real ones: the pool is
    # the real count (1x, the floor), not 4x, and the 4x row is weighted to count as 4x.
    assert real <= sum(asked[0]) <= real + 10
    assert report["settings"]["synthetic_pool"] == sum(asked[0])
    unfiltered, filtered = report["validation"]
    assert unfiltered["distinct"] == sum(asked[0]) and filtered["distinct"] <= sum(asked[0])
    assert abs(unfiltered["synthetic"] - 4 * real) <= 10


def test_cancel_stops_and_saves_nothing(tmp_path):
    run = tmp_path / "run"
    data = load_sample(TEST_SIZE)
    cfg = tiny_config("cvae", 10)
    train_idx, _ = split_for_run(run, data, cfg.data)
    train(cfg, data.subset(train_idx), run)
    calls = []

    def should_stop():
        calls.append(1)
        return len(calls) > 20

    with pytest.raises(Cancelled):
        evaluate_run(run, "sample", EvalConfig(**QUICK), should_stop=should_stop)
    assert not (run / REPORT_FILE).exists() and load_report(run) is None


def test_test_folder_instead_of_the_held_out_split(gan_copy, tmp_path):
    data = load_sample(TEST_SIZE)
    cfg = DataConfig()
    train_idx, held_idx = holdout_split(data, cfg.holdout_fraction, cfg.split_seed)
    test = tmp_path / "test"
    for c in ("3", "7"):
        held = [i for i in held_idx.tolist() if int(data.labels[i]) == int(c)]
        for i in held[:5]:
            write_png(test / c / f"{i}.png", np.asarray(data.images[i, 0]))
    report = evaluate_run(gan_copy, "sample", EvalConfig(**{**QUICK, "seeds": 1}, test_dir=str(test)))
    assert report["data"]["test_count"] == 10 and report["data"]["test_source"] == str(test)
    assert "one classifier seed" in report["verdict"]["text"]
    assert "test images only" in report["verdict"]["method"]
    # A training image under another name in the test folder: refused, naming the file.
    write_png(test / "3" / "renamed.png", np.asarray(data.images[int(train_idx[0]), 0]))
    with pytest.raises(UserError, match=r"shares 1 image\(s\) with the training split.*renamed\.png"):
        evaluate_run(gan_copy, "sample", EvalConfig(**QUICK, test_dir=str(test)))
    (test / "3" / "renamed.png").unlink()
    (test / "zebra").mkdir()
    write_png(test / "zebra" / "z.png", np.zeros((16, 16), np.uint8))
    with pytest.raises(UserError, match="zebra"):
        evaluate_run(gan_copy, "sample", EvalConfig(**QUICK, test_dir=str(test)))


def test_bad_settings_are_user_errors(gan_copy):
    for bad in (dict(seeds=0), dict(classifier_steps=0), dict(amounts=(0.0,)), dict(confidences=(1.5,)),
                dict(bootstrap=10)):
        with pytest.raises(UserError):
            evaluate_run(gan_copy, "sample", EvalConfig(**{**QUICK, **bad}))


def test_evaluate_command_line(gan_copy, tmp_path):
    out = tmp_path / "report.json"
    env = {**os.environ, "OMP_NUM_THREADS": "2"}
    args = [sys.executable, str(REPO / "main.py"), "evaluate", "--run", str(gan_copy), "--data", "sample",
            "--seeds", "1", "--classifier-steps", "20", "--amounts", "1", "--json", str(out)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(line["accuracy"]) == set(ARM_KEYS) and line["verdict"]["text"] in result.stderr
    assert json.loads(out.read_text())["verdict"] == line["verdict"]
    bad = subprocess.run([*args[:6], str(tmp_path / "missing")], capture_output=True, text=True,
                         timeout=120, env=env)
    assert bad.returncode == 2 and bad.stderr.startswith("error: ") and "Traceback" not in bad.stderr


def test_export_keeps_only_samples_the_judge_recognises(tmp_path):
    run = tmp_path / "run"
    cfg = RunConfig()  # the default cVAE for 300 steps: most samples, not all, are recognisable
    cfg.model.name, cfg.train.steps, cfg.train.threads, cfg.train.device = "cvae", 300, 2, "cpu"
    cfg.train.quality_every = 0
    cfg.data.image_size = 16  # the sample's 28 px would only make the test slower
    data = load_sample(image_size=16)
    train_idx, _ = split_for_run(run, data, cfg.data)
    train(cfg, data.subset(train_idx), run)
    request = ExportRequest(run_dir=str(run), data="sample", out=str(tmp_path / "a"), per_class=5,
                            include_real=False, make_sheet=False, min_confidence=0.3)
    with pytest.raises(UserError, match="evaluate the run first"):
        export_dataset(request)
    evaluate_run(run, "sample", EvalConfig(**{**QUICK, "seeds": 1, "classifier_steps": 100,
                                              "amounts": (1.0,), "confidences": ()}))  # for its judge
    summary = export_dataset(request)
    assert summary["synthetic"] == 50 and summary["unconfident_rejected"] > 0
    judge = load_classifier(run / JUDGE_FILE)
    for c in range(10):
        files = sorted((tmp_path / "a" / str(c)).glob("*.png"))
        images = torch.stack([torch.from_numpy(np.array(Image.open(f)))[None] for f in files])
        assert (predict(judge, images)[:, c] >= 0.3).all()
