"""Every choice of an evaluation, made on validation data carved out of the training split.

The amount of synthetic data, whether and at which judge confidence to filter it, and which
classical augmentations keep the labels are all chosen here, on images the final classifiers
train on but the test never sees: the held-out test images are used once, afterwards, for the
chosen configuration and the baselines. Choosing on the test images would report the best of
several noisy estimates as if it were one, which is biased upwards.

"None" is always a candidate: when no amount beats real images alone on validation, the choice
says so (``adds`` is False) and the evaluation advises against adding synthetic images, while
still testing the best amount once so the report shows what it would have done. The amount to
add on top of classical augmentation is chosen the same way within that arm, against real +
classical on validation: what helps a plain classifier need not help an augmented one.

With enough images a stratified fifth of the training split is the validation part, and each
candidate is trained with every seed on the rest. When the smallest class would leave fewer than
:data:`MIN_VAL_PER_CLASS` images to validate on, k-fold cross-validation is used instead: every
training image validates once, one seed per fold.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

import torch

from engine.data.dataset import ImageSet, stratified_split
from engine.evaluate.classical import ClassicalAugment, choose_classical
from engine.evaluate.classifier import SmallCNN, predict
from engine.evaluate.pool import SyntheticPool
from engine.evaluate.settings import EvalConfig

VAL_FRACTION = 0.2  # share of each class of the training split that validates (hold-out mode)
MIN_VAL_PER_CLASS = 20  # fewer validation images in the smallest class than this: k-fold instead
FOLDS = 4  # folds of the cross-validation on small data
TIE = 1e-9  # a best gain no larger than this is a tie with none, and a tie favours no synthetic images

# fit(stage, images, labels, seed, augment=None, weights=None) -> a trained classifier
Fit = Callable[..., SmallCNN]


@dataclass
class Fold:
    """One validation round: train on ``fit`` (indices of the training split), score on ``val``."""

    fit: torch.Tensor
    val: torch.Tensor
    seed: int


@dataclass
class ArmChoice:
    """The best synthetic candidate of one arm on validation, and whether it beats none at all."""

    amount: float
    threshold: float | None  # judge confidence the synthetic images must reach; None: unfiltered
    rows: list[dict]  # every candidate's validation accuracy and gain over the arm's baseline
    adds: bool  # the best candidate's mean validation gain is above 0 (a tie is not); False: none

    @property
    def best(self) -> dict:
        return next(row for row in self.rows if row["chosen"])


@dataclass
class Choice:
    """What the validation chose, and the evidence."""

    plain: ArmChoice  # real + synthetic, against real only
    with_classical: ArmChoice  # real + synthetic + classical, against real + classical
    judge: SmallCNN  # the real-only classifier of the first round (filter, metrics, export)
    classical: ClassicalAugment
    plan: dict  # how the validation was made, and why

    @property
    def amount(self) -> float:
        return self.plain.amount

    @property
    def threshold(self) -> float | None:
        return self.plain.threshold

    @property
    def rows(self) -> list[dict]:
        return self.plain.rows


def validation_plan(labels: torch.Tensor, num_classes: int, seeds: int, first_seed: int) -> tuple[
        list[Fold], dict]:
    """The validation rounds for a training split with ``labels``, and a description for the report."""
    counts = torch.bincount(labels, minlength=num_classes)
    smallest = int(counts.min()) if len(counts) else 0
    per_class = round(smallest * VAL_FRACTION)
    if per_class >= MIN_VAL_PER_CLASS:
        fit, val = stratified_split(labels, num_classes, VAL_FRACTION, first_seed)
        folds = [Fold(fit, val, first_seed + s) for s in range(seeds)]
        return folds, {
            "method": "holdout", "fraction": VAL_FRACTION, "images": len(val), "rounds": seeds,
            "reason": f"the smallest class has {smallest} training images, so a fifth of each class "
                      f"({len(val):,} images) validates every choice, {seeds} seed(s) each"}
    gen = torch.Generator().manual_seed(first_seed)
    fold_of = torch.empty(len(labels), dtype=torch.int64)
    for c in range(num_classes):
        idx = torch.nonzero(labels == c).flatten()
        fold_of[idx[torch.randperm(len(idx), generator=gen)]] = torch.arange(len(idx)) % FOLDS
    everyone = torch.arange(len(labels))
    folds = [Fold(everyone[fold_of != f], everyone[fold_of == f], first_seed + f) for f in range(FOLDS)]
    return folds, {
        "method": "k-fold", "folds": FOLDS, "images": len(labels), "rounds": FOLDS,
        "reason": f"the smallest class has only {smallest} training images: a fifth of it ({per_class}) "
                  f"is too few to choose on, so {FOLDS}-fold cross-validation lets every training "
                  "image validate once (one seed per fold)"}


def choose_on_validation(train: ImageSet, pool: SyntheticPool, config: EvalConfig, fit: Fit) -> Choice:
    """Train the baselines and every candidate on each round; pick the best mean gain in each arm.

    The first round's real-only classifier becomes the judge: it scores the synthetic pool
    (``pool.confidence``, ``pool.predicted``) and checks which flips keep labels, on that round's
    validation images. Ties go to the smaller amount, then to no filter. The arm with classical
    augmentation tries every amount at the filter the plain arm chose.
    """
    k = train.num_classes
    folds, plan = validation_plan(train.labels, k, config.seeds, config.classifier_seed)
    candidates = config.candidates()
    judge, classical = None, None
    plain_accs: dict[tuple, list[float]] = {c: [] for c in candidates}
    base_accs: list[float] = []
    for r, fold in enumerate(folds):
        fit_x, fit_y = train.images[fold.fit], train.labels[fold.fit]
        val_x, val_y = train.images[fold.val], train.labels[fold.val]
        real = fit(f"validation {r + 1}/{len(folds)}: real only", fit_x, fit_y, fold.seed)
        if judge is None:
            judge, classical = real, choose_classical(real, val_x, val_y)
            probs = predict(judge, pool.images)  # (P, K)
            pool.confidence = probs.gather(1, pool.labels[:, None]).squeeze(1)
            pool.predicted = probs.argmax(1)
        base_accs.append(_accuracy(real, val_x, val_y))
        for amount, threshold in candidates:
            clf = fit(f"validation {r + 1}/{len(folds)}: {describe(amount, threshold)}", seed=fold.seed,
                      **pool.mixed(fit_x, fit_y, amount, threshold, k))
            plain_accs[(amount, threshold)].append(_accuracy(clf, val_x, val_y))
    plain = _arm_choice(candidates, plain_accs, base_accs, pool, train.class_counts())

    # -- the same question on top of classical augmentation, at the filter chosen above ------------
    augmented = [(amount, plain.threshold) for amount in config.amounts]
    aug_accs: dict[tuple, list[float]] = {c: [] for c in augmented}
    aug_base: list[float] = []
    for r, fold in enumerate(folds):  # indexed again: keeping every round's images would cost memory
        fit_x, fit_y = train.images[fold.fit], train.labels[fold.fit]
        val_x, val_y = train.images[fold.val], train.labels[fold.val]
        stage = f"validation {r + 1}/{len(folds)}"
        clf = fit(f"{stage}: real + classical", fit_x, fit_y, fold.seed, augment=classical)
        aug_base.append(_accuracy(clf, val_x, val_y))
        for amount, threshold in augmented:
            clf = fit(f"{stage}: {describe(amount, threshold)} + classical", seed=fold.seed,
                      augment=classical, **pool.mixed(fit_x, fit_y, amount, threshold, k))
            aug_accs[(amount, threshold)].append(_accuracy(clf, val_x, val_y))
    with_classical = _arm_choice(augmented, aug_accs, aug_base, pool, train.class_counts())
    return Choice(plain, with_classical, judge, classical, plan)


def _arm_choice(candidates: list[tuple], accs: dict[tuple, list[float]], base: list[float],
                pool: SyntheticPool, real_counts: list[int]) -> ArmChoice:
    """The rows of one arm's candidates, the best marked ``chosen``; ``adds`` when it beats the baseline."""
    rows = []
    for amount, threshold in candidates:
        gains = [a - b for a, b in zip(accs[(amount, threshold)], base, strict=True)]
        _, _, sw = pool.take_weighted([round(amount * n) for n in real_counts], threshold)
        rows.append({"amount": amount, "filtered": threshold is not None, "confidence": threshold,
                     "synthetic": round(float(sw.sum())), "distinct": len(sw),
                     "val_accuracy_mean": statistics.fmean(accs[(amount, threshold)]),
                     "val_baseline_mean": statistics.fmean(base),
                     "val_gain_mean": statistics.fmean(gains),
                     "val_gain_std": statistics.stdev(gains) if len(gains) > 1 else 0.0})
    # gains equal up to rounding tie, and a tie goes to the smaller amount, then to no filter
    best = max(rows, key=lambda row: (round(row["val_gain_mean"] / TIE), -row["amount"], not row["filtered"]))
    for row in rows:
        row["chosen"] = row is best
    return ArmChoice(best["amount"], best["confidence"], rows, best["val_gain_mean"] > TIE)


def describe(amount: float, threshold: float | None) -> str:
    """``real + 2x synthetic, judge >= 0.9``: a candidate in words."""
    return f"real + {amount:g}x synthetic" + (f", judge ≥ {threshold:g}" if threshold is not None else "")


def _accuracy(clf: SmallCNN, images: torch.Tensor, labels: torch.Tensor) -> float:
    # a count over a count: equal hits give equal accuracies, so a tie's gain is 0, not rounding noise
    return int((predict(clf, images).argmax(1) == labels).sum()) / len(labels) if len(labels) else 0.0
