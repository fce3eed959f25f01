"""From per-image results to the verdict: accuracy and gain intervals per arm, and what limits a gain.

"helps" only when the whole 95% interval of the gain is above 0, "hurts" only when it is below;
otherwise "no clear effect", and the report says which measured quantity stands in the way.
"""

from __future__ import annotations

import math
import statistics

import torch

from engine.evaluate.interval import LEVEL, bootstrap_interval, effect, method_text

CAS_GAP = 0.10  # synthetic-only accuracy this far below real-only: the classes are not captured
MEMORISED = 0.10  # this share of near-copies of training images: the samples add little new
LEAKED = 0.10  # this share of one class's samples that the judge calls another class: class leakage
WIDE = 0.01  # an interval wider than +-1 point cannot show gains of a point
# the advice where validation favours an amount and the test images show no clear effect: the
# export recommends it, unconfirmed (engine.evaluate.report.export_advice)
UNCONFIRMED = "validation favours exporting it, but the test images can neither confirm nor refute a gain"


def arm_summaries(correct: dict[str, torch.Tensor], labels: torch.Tensor, num_classes: int,
                  labels_by_key: dict[str, str], resamples: int, seed: int) -> list[dict]:
    """One dict per arm: accuracy per seed, mean, std, interval; gain over real only with its interval.

    ``correct[key]`` is (S seeds, N test images) bool; arm ``"real"`` is the paired baseline.
    """
    base = correct["real"].float()
    arms = []
    for key, hits in correct.items():
        hits = hits.float()  # (S, N)
        per_seed = hits.mean(1).tolist()
        mean, low, high = bootstrap_interval(hits, resamples, seed)
        gain, g_low, g_high = bootstrap_interval(hits - base, resamples, seed)
        recall = [float(hits[:, labels == c].mean()) if bool((labels == c).any()) else float("nan")
                  for c in range(num_classes)]
        arms.append({"key": key, "label": labels_by_key[key], "accuracies": per_seed,
                     "accuracy_mean": mean, "accuracy_std": statistics.stdev(per_seed) if len(per_seed) > 1
                     else 0.0, "accuracy_ci": [low, high], "gain_mean": gain, "gain_ci": [g_low, g_high],
                     "recall_mean": recall})
    return arms


def make_verdict(arm: dict, how: str, seeds: int, images: int, resamples: int, limits: list[str],
                 validation_gain: float | None = None) -> dict:
    """The verdict on the chosen arm's gain over real only, in words with its interval.

    ``how`` names the amount tested (the best on validation). ``validation_gain`` is given when
    that amount did not beat real images alone on validation: validation then favoured no
    synthetic images, so the verdict cannot be "helps", whatever the test images say.
    """
    gain, (low, high) = arm["gain_mean"], arm["gain_ci"]
    kind = _effect(low, high, validation_gain is None)
    points = f"{100 * gain:+.1f} points, {LEVEL:.0%} interval [{100 * low:+.1f}, {100 * high:+.1f}]"
    if validation_gain is not None:
        advice = "do not export" if kind == "hurts" else "exporting it is not recommended"
        text = (f"{kind}: validation favours real images alone (the best amount, {how}, changed "
                f"validation accuracy by {100 * validation_gain:+.1f} points); on the test images it "
                f"gives {points}; {advice}")
    elif kind == "helps":
        text = f"helps: synthetic data adds {points} on the test images ({how}, chosen on validation data)"
    elif kind == "hurts":
        text = f"hurts: {points} on the test images ({how}, chosen on validation data); do not export"
    else:
        text = (f"no clear effect: {points} on the test images ({how}, chosen on validation data); "
                f"{UNCONFIRMED}")
    if seeds == 1:
        text += "; one classifier seed: the interval covers test images only, the true one is wider"
    take = None if kind == "helps" else "What would it take: " + " ".join(limits)
    return {"verdict": kind, "helps": kind == "helps", "gain_mean": gain, "interval": [low, high],
            "level": LEVEL, "method": method_text(seeds, images, resamples), "text": text,
            "what_would_it_take": take}


def with_classical_verdict(gain: tuple[float, float, float], how: str, adds: bool,
                           validation_gain: float) -> dict:
    """Does the synthetic data add to classical augmentation? ``gain`` = (mean, low, high) of real +
    synthetic + classical over real + classical on the test images; the amount was chosen within
    that arm on validation, and ``adds`` says whether it beat real + classical there."""
    mean, low, high = gain
    kind = _effect(low, high, adds)
    points = (f"{100 * mean:+.1f} points over real + classical, {LEVEL:.0%} interval "
              f"[{100 * low:+.1f}, {100 * high:+.1f}]")
    if not adds:
        text = (f"with classical augmentation, validation favours no synthetic images (the best amount, "
                f"{how}, changed validation accuracy by {100 * validation_gain:+.1f} points); on the test "
                f"images it gives {points}")
    else:
        text = f"with classical augmentation, adding {how} (chosen on validation data): {kind}, {points}"
    return {"verdict": kind, "helps": kind == "helps", "text": text}


def _effect(low: float, high: float, validation_adds: bool) -> str:
    """:func:`effect` of a test interval, never "helps" when validation favoured no synthetic images."""
    kind = effect(low, high)
    return "no clear effect" if kind == "helps" and not validation_adds else kind


def class_leakage(intended: torch.Tensor, predicted: torch.Tensor, class_names: list[str]) -> list[dict]:
    """For each class, the share of its synthetic images that the judge calls another class (worst first).

    From the judge's confusion matrix on the synthetic pool: rows the class asked for, columns the
    class the judge sees.
    """
    k = len(class_names)
    confusion = torch.bincount(intended * k + predicted, minlength=k * k).reshape(k, k).double()  # (K, K)
    leaks = []
    for c in range(k):
        total = float(confusion[c].sum())
        if total == 0:
            continue
        row = confusion[c].clone()
        row[c] = -1
        d = int(row.argmax())
        leaks.append({"class": class_names[c], "looks_like": class_names[d] if k > 1 else None,
                      "share": float(confusion[c, d] / total) if k > 1 else 0.0,
                      "wrong": float(1 - confusion[c, c] / total)})
    return sorted(leaks, key=lambda x: -x["share"])


def limits(arms: dict[str, dict], memorization_rate: float, leaks: list[dict], verdict_ci: list[float],
           test_images: int, seeds: int, synthetic_used: int = 1) -> list[str]:
    """What stands in the way of a clear gain, from the figures measured (most telling first)."""
    out = []
    if synthetic_used == 0:
        out.append("the chosen filter kept no synthetic image (the judge is sure of none): the arm "
                   "is real only; train the generator longer.")
    real, synth = arms["real"]["accuracy_mean"], arms["synth"]["accuracy_mean"]
    if synth < real - CAS_GAP:
        out.append(f"the synthetic images alone teach a classifier {100 * synth:.1f}% against "
                   f"{100 * real:.1f}% for the real ones: the generator has not captured the classes "
                   "yet (train longer, or a larger preset).")
    if memorization_rate > MEMORISED:
        out.append(f"{100 * memorization_rate:.0f}% of the samples are near-copies of training images, "
                   "so they add little the real images do not already show (stop earlier, or more "
                   "data augmentation in training).")
    if leaks and leaks[0]["share"] > LEAKED:
        w = leaks[0]
        out.append(f"{100 * w['share']:.0f}% of the synthetic '{w['class']}' look like "
                   f"'{w['looks_like']}' to the judge: the classes leak into each other (train longer, "
                   "or filter by the judge's confidence).")
    half = (verdict_ci[1] - verdict_ci[0]) / 2
    if half > WIDE:
        more = math.ceil(test_images * (half / WIDE) ** 2)
        seeds_note = " and more seeds" if seeds < 3 else ""
        out.append(f"the interval is ±{100 * half:.1f} points wide on {test_images:,} test images: about "
                   f"{more:,} test images{seeds_note} would narrow it to ±1 point.")
    if not out:
        out.append(f"none of the measured limits stands out: real images alone reach {100 * real:.1f}%, "
                   "so the classifier may already learn from them what the synthetic images show.")
    return out
