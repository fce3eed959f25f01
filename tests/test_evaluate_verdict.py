"""Verdicts you can trust: intervals that mean something, choices never made on the test images,
leaks refused, and a generator known to help shown to help."""

import shutil
from pathlib import Path

import pytest
import torch
from conftest import TEST_SIZE, tiny_config, write_png

from engine.config import DataConfig, RunConfig
from engine.data.load import load_dataset
from engine.data.sample import load_sample
from engine.errors import UserError
from engine.evaluate import report as report_module
from engine.evaluate.holdout import content_hashes
from engine.evaluate.interval import bootstrap_interval, effect, method_text
from engine.evaluate.pool import SyntheticPool
from engine.evaluate.report import EvalConfig, evaluate_run
from engine.evaluate.selection import MIN_VAL_PER_CLASS, validation_plan
from engine.evaluate.verdict import class_leakage, limits
from engine.generate import Generated
from engine.runs import RunFolder, split_for_run
from engine.train.trainer import train

QUICK = dict(seeds=1, classifier_steps=20, amounts=(1.0,), confidences=(), metric_samples=200,
             memorization_samples=200, device="cpu")


# ---------------------------------------------------------------------------------------------
# Intervals
# ---------------------------------------------------------------------------------------------
def test_bootstrap_interval_of_known_differences():
    gen = torch.Generator().manual_seed(0)
    same = torch.zeros(3, 400)
    assert bootstrap_interval(same) == (0.0, 0.0, 0.0)
    always = torch.ones(3, 400)  # the arm gets right every image the baseline misses
    assert bootstrap_interval(always) == (1.0, 1.0, 1.0)
    # 30% of images gained, 10% lost, with no seed effect: mean +0.2, clearly above 0
    d = torch.zeros(3, 1000)
    d[:, :300], d[:, 300:400] = 1, -1
    mean, low, high = bootstrap_interval(d[:, torch.randperm(1000, generator=gen)])
    assert mean == pytest.approx(0.2) and 0.15 < low < 0.2 < high < 0.25
    assert effect(low, high) == "helps" and effect(-high, -low) == "hurts" and effect(-0.01, 0.02) == (
        "no clear effect")


def test_seeds_that_disagree_widen_the_interval():
    """Two seeds gain, one loses as much: images alone would look sure, seeds resampled are not."""
    per_image = torch.zeros(1000)
    per_image[:200] = 1  # +20 points
    d = torch.stack([per_image, per_image, -per_image])  # (3, 1000): seed 3 loses 20 points
    _, low, high = bootstrap_interval(d)
    _, low1, high1 = bootstrap_interval(d[:1])
    assert low < 0 < high  # the seeds disagree: no clear effect
    assert low1 > 0 and (high1 - low1) < (high - low)  # one seed: images only, narrower
    assert "test images only" in method_text(1, 1000, 2000) and "wider" in method_text(1, 1000, 2000)
    assert "3 classifier seeds and 1,000 test images" in method_text(3, 1000, 2000)


def test_interval_is_reproducible_and_covers_the_truth_at_about_its_level():
    """Simulated paired experiments with no true gain: the 95% interval excludes 0 rarely."""
    gen = torch.Generator().manual_seed(1)
    misses = 0
    for _ in range(40):
        a = (torch.rand(3, 300, generator=gen) < 0.8).float()
        b = (torch.rand(3, 300, generator=gen) < 0.8).float()
        _, low, high = bootstrap_interval(b - a, resamples=500)
        misses += effect(low, high) != "no clear effect"
    assert misses <= 5  # expected 2 of 40 at the 95% level
    d = (torch.rand(2, 100, generator=gen) < 0.5).float()
    assert bootstrap_interval(d, seed=3) == bootstrap_interval(d, seed=3)


# ---------------------------------------------------------------------------------------------
# Validation plan and what would it take
# ---------------------------------------------------------------------------------------------
def test_validation_is_a_holdout_on_enough_data_and_k_fold_on_little():
    many = torch.arange(10).repeat_interleave(5 * MIN_VAL_PER_CLASS)
    folds, plan = validation_plan(many, 10, seeds=3, first_seed=0)
    assert plan["method"] == "holdout" and len(folds) == 3 and "fifth" in plan["reason"]
    assert all(torch.equal(f.val, folds[0].val) for f in folds) and [f.seed for f in folds] == [0, 1, 2]
    assert not set(folds[0].fit.tolist()) & set(folds[0].val.tolist())
    few = torch.arange(10).repeat_interleave(12)
    folds, plan = validation_plan(few, 10, seeds=3, first_seed=0)
    assert plan["method"] == "k-fold" and "too few" in plan["reason"]
    every = torch.cat([f.val for f in folds]).sort().values
    assert torch.equal(every, torch.arange(120))  # each image validates exactly once
    assert all(not set(f.fit.tolist()) & set(f.val.tolist()) for f in folds)


def test_a_tie_on_validation_favours_no_synthetic_images():
    """Validation accuracies are counts over counts, and a best gain that is zero up to rounding (one
    image more right on one fold, one fewer on the other) is a tie: it must not count as 'adds'."""
    from engine.evaluate.selection import _accuracy, _arm_choice

    class Guess(torch.nn.Module):  # says class 0 for every image
        def __init__(self):
            super().__init__()
            self.bias = torch.nn.Parameter(torch.tensor([1.0, 0.0]))

        def forward(self, x):
            return self.bias.expand(len(x), 2)

    assert _accuracy(Guess(), torch.zeros(3, 1, 4, 4, dtype=torch.uint8), torch.tensor([0, 0, 1])) == 2 / 3
    pool = SyntheticPool(torch.zeros(4, 1, 4, 4, dtype=torch.uint8), torch.tensor([0, 0, 1, 1]),
                         torch.tensor([0, 1, 0, 1]))
    candidate, base = (1.0, None), [23 / 40, 17 / 40]
    tie = _arm_choice([candidate], {candidate: [24 / 40, 16 / 40]}, base, pool, [2, 2])
    assert abs(tie.best["val_gain_mean"]) < 1e-12 and not tie.adds
    better = _arm_choice([candidate], {candidate: [24 / 40, 17 / 40]}, base, pool, [2, 2])
    assert better.adds
    half = (0.5, None)  # ties the larger amount up to rounding: the smaller one is chosen
    accs = {half: list(base), candidate: [24 / 40, 16 / 40]}
    both = _arm_choice([half, candidate], accs, base, pool, [2, 2])
    assert both.amount == 0.5 and not both.adds


def test_what_would_it_take_names_the_limit():
    arms = {"real": {"accuracy_mean": 0.90}, "synth": {"accuracy_mean": 0.50}}
    leaks = class_leakage(torch.tensor([0] * 10 + [1] * 10), torch.tensor([1] * 4 + [0] * 6 + [1] * 10),
                          ["cat", "dog"])
    assert leaks[0] == {"class": "cat", "looks_like": "dog", "share": 0.4, "wrong": 0.4}
    text = " ".join(limits(arms, 0.3, leaks, [-0.05, 0.05], 200, 1))
    assert "50.0% against 90.0%" in text and "30% of the samples are near-copies" in text
    assert "40% of the synthetic 'cat' look like 'dog'" in text and "±5.0 points" in text
    assert "more seeds" in text
    fine = {"real": {"accuracy_mean": 0.99}, "synth": {"accuracy_mean": 0.97}}
    assert "none of the measured limits" in limits(fine, 0.0, [], [-0.004, 0.004], 5000, 3)[0]


# ---------------------------------------------------------------------------------------------
# Leaks refused
# ---------------------------------------------------------------------------------------------
def test_a_run_without_a_saved_split_is_refused(gan_run):
    assert RunFolder(gan_run).load_split() is None  # trained through the engine on every image
    with pytest.raises(UserError, match=r"no saved split \(split\.json\).*--test DIR"):
        evaluate_run(gan_run, "sample", EvalConfig(**QUICK))
    assert not (gan_run / "evaluation.json").exists()


def test_content_hashes_catch_copies_under_any_name():
    x = torch.randint(0, 256, (4, 1, 8, 8), dtype=torch.uint8)
    y = x.clone()
    y[3, 0, 0, 0] ^= 1  # one grey level in one pixel
    hx, hy = content_hashes(x), content_hashes(y)
    assert hx[:3] == hy[:3] and hx[3] != hy[3]


def test_synthetic_copies_of_held_out_images_are_refused(gan_split_run, tmp_path, monkeypatch):
    """A 'generator' that returns the held-out images: it would help strongly, and is refused."""
    run = Path(shutil.copytree(gan_split_run, tmp_path / "run"))
    data = load_sample(TEST_SIZE)
    _, held_idx = split_for_run(run, data, RunConfig().data, resume=True)  # the saved split
    held = data.subset(held_idx)

    def leaking_generate(model, counts, seed, temperature, progress=None, should_stop=None):
        idx = torch.cat([torch.nonzero(held.labels == c).flatten().repeat(n)[:n]
                         for c, n in enumerate(counts)])
        return Generated(held.images[idx], held.labels[idx], list(range(len(idx))))

    monkeypatch.setattr(report_module, "generate", leaking_generate)
    with pytest.raises(UserError, match=r"Leak: 200 of 200 synthetic images checked are copies of test "
                                        r"images \(held-out split.*the generator has seen the test images"):
        evaluate_run(run, "sample", EvalConfig(**QUICK))
    assert not (run / "evaluation.json").exists()


# ---------------------------------------------------------------------------------------------
# Choices never see the test images; a generator known to help is shown to help
# ---------------------------------------------------------------------------------------------
def test_choices_do_not_depend_on_the_test_images(gan_split_run):
    """The same run judged on two different test sets chooses the same way, with the same evidence."""
    from engine.evaluate.report import evaluate_model
    from engine.runs import load_trained

    model = load_trained(gan_split_run, "cpu")
    data = load_sample(TEST_SIZE)
    train_idx, held_idx = split_for_run(gan_split_run, data, model.config.data, resume=True)
    cfg = EvalConfig(**{**QUICK, "amounts": (0.5, 2.0), "confidences": (0.5,)})
    first, _ = evaluate_model(model, data.subset(train_idx), data.subset(held_idx[::2]), cfg)
    second, _ = evaluate_model(model, data.subset(train_idx), data.subset(held_idx[1::2]), cfg)
    assert first["validation"] == second["validation"] and len(first["validation"]) == 4
    assert first["recommendation"]["amount"] == second["recommendation"]["amount"]
    assert first["with_classical"]["rows"] == second["with_classical"]["rows"]
    assert len(first["with_classical"]["rows"]) == 2  # each amount, at the filter chosen above
    assert first["data"]["test_count"] + second["data"]["test_count"] == len(held_idx)


@pytest.fixture(scope="module")
def helpful_setup(tmp_path_factory):
    """A folder of 100 sample digits per class; the run trains on a twentieth of it (5 per class, the
    split saved) and the rest is its test set. The digits left out of the folder are what a perfect
    generator would draw: new images of the same classes that neither training nor test has."""
    root = tmp_path_factory.mktemp("helpful")
    data = load_sample(TEST_SIZE)
    for c in range(10):
        for k, i in enumerate(torch.nonzero(data.labels == c).flatten().tolist()):
            part = "digits" if k < 100 else "unseen"
            write_png(root / part / str(c) / f"{i:04d}.png", data.images[i, 0].numpy())
    folder = load_dataset(DataConfig(path=str(root / "digits"), image_size=16, channels=1))
    unseen = load_dataset(DataConfig(path=str(root / "unseen"), image_size=16, channels=1))
    cfg = tiny_config("cgan", 5)
    cfg.data.holdout_fraction = 0.95
    train_idx, _ = split_for_run(root / "run", folder, cfg.data)
    train(cfg, folder.subset(train_idx), root / "run")
    return root, unseen


def test_a_generator_known_to_help_is_shown_to_help(helpful_setup, monkeypatch):
    root, unseen = helpful_setup

    def perfect_generate(model, counts, seed, temperature, progress=None, should_stop=None):
        idx = torch.cat([torch.nonzero(unseen.labels == c).flatten()[:n] for c, n in enumerate(counts)])
        return Generated(unseen.images[idx], unseen.labels[idx], list(range(len(idx))))

    monkeypatch.setattr(report_module, "generate", perfect_generate)
    report = evaluate_run(root / "run", str(root / "digits"), EvalConfig(
        seeds=2, classifier_steps=150, amounts=(4.0,), confidences=(), metric_samples=300,
        memorization_samples=300, device="cpu"))
    verdict = report["verdict"]
    assert report["discipline"]["validation"]["method"] == "k-fold"  # 5 per class: too few to hold out
    assert report["data"]["train_count"] == 50 and report["data"]["test_count"] == 950
    assert report["discipline"]["leak_check"]["copies_of_test"] == 0
    assert verdict["interval"][0] > 0 and verdict["verdict"] == "helps", verdict["text"]
    assert verdict["what_would_it_take"] is None and verdict["text"].startswith("helps: ")
    assert report["recommendation"]["validation_favours"] == "synthetic"
    assert report["recommendation"]["validation_gain"] > 0


def test_a_generator_known_to_hurt_is_advised_against_on_validation(helpful_setup, monkeypatch):
    """Unseen digits labelled as the next class can only mislead: validation favours no synthetic
    images in either arm, so neither verdict can say "helps", and export is not recommended."""
    root, unseen = helpful_setup

    def mislabelled_generate(model, counts, seed, temperature, progress=None, should_stop=None):
        idx = torch.cat([torch.nonzero(unseen.labels == (c + 1) % 10).flatten()[:n]
                         for c, n in enumerate(counts)])
        labels = (unseen.labels[idx] - 1) % 10  # each image asked for as the class before its own
        return Generated(unseen.images[idx], labels, list(range(len(idx))))

    monkeypatch.setattr(report_module, "generate", mislabelled_generate)
    report = evaluate_run(root / "run", str(root / "digits"), EvalConfig(
        seeds=1, classifier_steps=60, amounts=(4.0,), confidences=(), metric_samples=300,
        memorization_samples=300, device="cpu"))
    rec, verdict, aug = report["recommendation"], report["verdict"], report["with_classical"]
    assert rec["validation_favours"] == "none" and rec["validation_gain"] <= 0 and not rec["helps"]
    assert verdict["verdict"] != "helps" and "validation favours real images alone" in verdict["text"]
    assert verdict["what_would_it_take"] is not None
    assert aug["validation_favours"] == "none" and aug["verdict"] != "helps"
    assert [row["amount"] for row in aug["rows"]] == [4.0] and aug["rows"][0]["val_gain_mean"] <= 0
    # the classical arm was tested at its own choice, and its gain is over real + classical
    by_key = {arm["key"]: arm for arm in report["arms"]}
    assert aug["gain_mean"] == pytest.approx(by_key["real_synth_classical"]["accuracy_mean"]
                                             - by_key["real_classical"]["accuracy_mean"], abs=1e-9)
