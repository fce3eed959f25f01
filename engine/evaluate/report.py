"""Does the synthetic data help? Choose on validation data, report once on test data, with intervals.

One function, :func:`evaluate_run`, with ``progress`` and ``should_stop`` hooks: the CLI's
``evaluate`` command and the GUI's Evaluate panel both call it. Three kinds of images, kept apart:

- the generator's **training split**: the classifiers' real images;
- a **validation** part of it (or k-fold cross-validation on small data): every choice is made
  here, namely the amount of synthetic data (or none, when no amount beats real images alone),
  whether and at which judge confidence to filter it, the amount to add on top of classical
  augmentation, and which flips the classical augmentation may use
  (:mod:`engine.evaluate.selection`);
- the **test** images (the run's held-out split, or ``--test DIR``), shown to share no image with
  the training split (:mod:`engine.evaluate.holdout`) and used once, for five arms trained on the
  whole training split with several seeds:

1. real only; 2. real + classical augmentation; 3. real + synthetic (the chosen configuration);
4. real + synthetic + classical (the amount chosen within that arm); 5. synthetic only (the
Classification Accuracy Score of Ravuri & Vinyals 2019).

The verdict rests on the paired bootstrap interval of arm 3's gain over arm 1, seeds and test
images resampled (:mod:`engine.evaluate.interval`); when validation favoured no synthetic images
it cannot say "helps", and says why. Arm 4's gain over arm 2 gets its own interval and sentence
(``with_classical``): does the synthetic data add to what augmentation already gives? The judge
(the first real-only validation classifier) also supplies the features of the quality metrics
and the memorisation check. The report is saved in the run folder (``RunFolder.evaluation_path``),
with its judge classifier.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import torch

from engine.data.dataset import ImageSet
from engine.device import pick_device
from engine.errors import Cancelled, UserError
from engine.evaluate.classifier import SmallCNN, predict, save_classifier, train_classifier
from engine.evaluate.holdout import check_synthetic_leak, load_eval_data
from engine.evaluate.interval import bootstrap_interval
from engine.evaluate.memorization import memorization_report
from engine.evaluate.metrics import embed, quality_metrics
from engine.evaluate.pool import SyntheticPool, balanced, pool_counts, ranks, spread
from engine.evaluate.selection import choose_on_validation, describe, validation_plan
from engine.evaluate.settings import EvalConfig
from engine.evaluate.verdict import arm_summaries, class_leakage, limits, make_verdict, with_classical_verdict
from engine.generate import Generated, generate
from engine.runs import RunFolder, TrainedModel, load_trained

__all__ = ["ARM_KEYS", "ARM_LABELS", "EvalConfig", "evaluate_model", "evaluate_run", "load_report"]

REPORT_VERSION = 3  # 2: choices on validation, intervals, leaks refused; 3: "none", with_classical
ARM_KEYS = ("real", "real_classical", "real_synth", "real_synth_classical", "synth")
ARM_LABELS = {
    "real": "Real only",
    "real_classical": "Real + classical",
    "real_synth": "Real + synthetic",
    "real_synth_classical": "Real + synthetic + classical",
    "synth": "Synthetic only (CAS)",
}
TEST_RULE = ("the test images were used once, for the chosen configuration and the baselines; "
             "nothing was chosen on them")

Progress = Callable[[int, int, str], None]
# synthesize(counts, seed) -> Generated: stands in for the run's generator (benchmarks, tests)
Synthesize = Callable[[list[int], int], Generated]


class _Meter:
    """Turns work units (classifier steps) into ``progress(done, total, message)`` calls."""

    def __init__(self, total: int, progress: Progress | None):
        self.total, self.done, self.progress, self.message = total, 0, progress, ""

    def stage(self, message: str) -> None:
        self.message = message
        self.tell(0)

    def tell(self, extra: int) -> None:
        if self.progress is not None:
            self.progress(min(self.total, self.done + extra), self.total, self.message)

    def advance(self, units: int) -> None:
        self.done += units
        self.tell(0)


def evaluate_run(
    run_dir: Path | str,
    data_path: str,
    config: EvalConfig | None = None,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> dict:
    """Evaluate a trained run on its real dataset; save and return the report (see module doc).

    Parameters
    ----------
    run_dir : path
        A trained run folder.
    data_path : str
        The real dataset the run was trained on (a folder, or ``"sample"``).
    config : EvalConfig, optional
        Seeds, classifier budget, candidate amounts and thresholds, optional test folder.
    progress : callable, optional
        ``progress(done, total, message)``; ``message`` names the current stage.
    should_stop : callable, optional
        Polled between classifier steps; returning True raises :class:`Cancelled` and nothing is saved.

    Raises
    ------
    UserError
        When the dataset does not match the run, the test images cannot be shown apart from the
        training images (no saved split and no test folder; shared images; synthetic copies of
        test images), or a setting is invalid.
    """
    config = config or EvalConfig()
    config.check()
    model = load_trained(run_dir, config.device)
    data = load_eval_data(model, data_path, config.test_dir, should_stop)
    report, judge = evaluate_model(model, data.train, data.test, config, progress, should_stop,
                                   data_source=data_path, test_source=data.test_source,
                                   split_source=data.split_source, notes=data.notes)
    save_classifier(judge, model.run.judge_path)  # for export's confidence filter
    try:
        model.run.write_evaluation(report)
    except OSError as exc:
        raise UserError(f"Cannot save the evaluation in {run_dir}: {exc.strerror or exc}") from exc
    logging.getLogger(__name__).info("evaluated %s: %s", run_dir, report["verdict"]["text"])
    return report


def evaluate_model(
    model: TrainedModel,
    train_set: ImageSet,
    test_set: ImageSet,
    config: EvalConfig | None = None,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    data_source: str = "",
    test_source: str = "held-out split",
    split_source: str = "",
    notes: list[str] | None = None,
    synthesize: Synthesize | None = None,
) -> tuple[dict, SmallCNN]:
    """The report of :func:`evaluate_run` and the judge, for a loaded model and image sets.

    Nothing is saved. ``train_set`` is what the generator was trained on (the classifiers' real
    images, the validation images and the memorisation reference); ``test_set`` is real data
    neither has seen (the caller shows that: :func:`engine.evaluate.holdout.load_eval_data`).
    ``synthesize(counts, seed)`` replaces the run's generator when given.
    """
    config = config or EvalConfig()
    config.check()
    t0 = time.perf_counter()
    device = pick_device(config.device)
    k = len(model.class_names)
    steps, recipe = config.classifier_steps, config.recipe()
    folds, _ = validation_plan(train_set.labels, k, config.seeds, config.classifier_seed)
    per_round = 2 + len(config.candidates()) + len(config.amounts)  # baselines, both arms' candidates
    meter = _Meter(steps * (len(folds) * per_round + config.seeds * len(ARM_KEYS) + 2), progress)

    # -- synthetic pool: enough for the largest amount, in seed order per class, but no more
    # distinct images than one classifier can draw (larger amounts get a higher sampling weight) --
    meter.stage("generating synthetic images")
    counts = pool_counts(config.amounts, train_set.class_counts(), steps * config.batch_size)
    if synthesize is None:
        gen = generate(model, counts, config.seed, config.temperature,
                       progress=lambda d, n: meter.tell(int(steps * d / max(1, n))), should_stop=should_stop)
    else:
        gen = synthesize(counts, config.seed)
    pool = SyntheticPool(gen.images, gen.labels, torch.cat([torch.arange(n) for n in counts]))
    leak = check_synthetic_leak(pool.images, test_set, test_source, train_set, config.memorization_samples)
    meter.advance(steps)
    timings = {"generate_s": time.perf_counter() - t0}

    def fit(stage: str, images, labels, seed: int, augment=None, weights=None) -> SmallCNN:
        if should_stop is not None and should_stop():
            raise Cancelled()
        meter.stage(stage)
        clf = train_classifier(images, labels, k, recipe, seed=seed, device=device, augment=augment,
                               progress=lambda d, n: meter.tell(d), should_stop=should_stop,
                               weights=weights)
        meter.advance(steps)
        return clf

    # -- every choice on validation data ----------------------------------------------------------
    choice = choose_on_validation(train_set, pool, config, fit)
    timings["validation_s"] = time.perf_counter() - t0 - timings["generate_s"]

    # -- the test images, once: the chosen configuration and the baselines --------------------------
    t_test = time.perf_counter()
    correct = _test_arms(train_set, test_set, pool, choice, config, fit)  # (S, N) per arm
    timings["test_s"] = time.perf_counter() - t_test

    # -- quality metrics and memorisation on the judge's features ---------------------------------
    meter.stage("quality metrics and memorisation")
    t_metrics = time.perf_counter()
    metrics, mem, mem_y = _quality(model, train_set, test_set, pool, choice.judge, config, should_stop)
    meter.advance(steps)
    timings["metrics_s"] = time.perf_counter() - t_metrics

    sources = {"source": data_source, "test_source": test_source, "train_count": len(train_set),
               "test_count": len(test_set), "split": split_source, "notes": list(notes or [])}
    report = _assemble(model, sources, config, correct, test_set, choice, pool, metrics, mem, mem_y, leak,
                       time.perf_counter() - t0)
    report["timings"] = {key: round(v, 2) for key, v in timings.items()}
    return report, choice.judge


def load_report(run_dir: Path | str) -> dict | None:
    """The run's saved evaluation report, or None when it has none (or it cannot be read)."""
    found = RunFolder(run_dir).read_evaluation()
    report = found[1] if found is not None else None
    return report if report is not None and "verdict" in report else None


@dataclass(frozen=True)
class ExportAdvice:
    """The export a saved report recommends: what ``export --recommended`` and the Export panel use."""

    factor: float  # multiply every class by this: 1 + the synthetic amount chosen on validation
    min_confidence: float | None  # the judge filter of the recommended variant; None: unfiltered
    # True: the test images confirmed the gain (verdict "helps"). False: validation favoured the
    # amount and the test images could neither confirm nor refute it ("no clear effect"); on small
    # data the cross-validated choice is the better informed of the two (benchmarks/README.md,
    # folder_check.py: it gained on every digit run where the test verdict was unclear)
    confirmed: bool = True


def export_advice(report: dict | None) -> ExportAdvice | None:
    """What ``report`` recommends exporting; None when it has no recommendation or advises against.

    The amount chosen on validation is recommended when the test images confirm its gain, and also,
    unconfirmed, when they show no clear effect either way; never when validation favoured no
    synthetic images or the test images show harm (an interval below zero).
    """
    rec = (report or {}).get("recommendation")
    if not rec:
        return None
    unconfirmed = (rec.get("validation_favours") == "synthetic"
                   and (report.get("verdict") or {}).get("verdict") == "no clear effect")
    if not rec.get("helps") and not unconfirmed:
        return None
    return ExportAdvice(float(rec.get("factor", 1.0 + rec["amount"])),
                        float(rec.get("confidence") or 0.9) if rec.get("filtered") else None,
                        confirmed=bool(rec.get("helps")))


def recommended_export(run_dir: Path | str) -> ExportAdvice:
    """The saved evaluation's advice for ``run_dir``; a UserError naming why there is none."""
    report = load_report(run_dir)
    if report is None:
        raise UserError(f"The run {run_dir} has no evaluation to recommend an amount: run "
                        f"`evaluate --run {run_dir} --data DIR` first, or choose --per-class, "
                        f"--balance-to or --factor")
    advice = export_advice(report)
    if advice is None:
        raise UserError(f"The run's evaluation does not recommend adding synthetic images "
                        f"({report['verdict']['text']}); choose --per-class, --balance-to or --factor "
                        f"to export anyway")
    return advice


# ------------------------------------------------------------------------------------------------
def _test_arms(train_set: ImageSet, test_set: ImageSet, pool: SyntheticPool, choice, config: EvalConfig,
               fit) -> dict[str, torch.Tensor]:
    """Train the five arms on the whole training split, every seed; which test images each got right.

    Returns ``{arm: (S, N) bool}``; arm ``s`` of every key shares classifier seed ``s``, so the
    comparison with real only is paired.
    """
    k = train_set.num_classes
    real_x, real_y = train_set.images, train_set.labels
    chosen = pool.mixed(real_x, real_y, choice.amount, choice.threshold, k)
    aug = choice.with_classical
    chosen_aug = pool.mixed(real_x, real_y, aug.amount, aug.threshold, k)
    cas_x, cas_y = pool.take(train_set.class_counts())  # 1x, unfiltered: what the generator captured
    arms = {"real": dict(images=real_x, labels=real_y),
            "real_classical": dict(images=real_x, labels=real_y, augment=choice.classical),
            "real_synth": chosen, "real_synth_classical": {**chosen_aug, "augment": choice.classical},
            "synth": dict(images=cas_x, labels=cas_y)}
    correct: dict[str, list[torch.Tensor]] = {key: [] for key in ARM_KEYS}
    for s in range(config.seeds):
        for key in ARM_KEYS:
            clf = fit(f"test: {ARM_LABELS[key].lower()}, seed {s + 1}/{config.seeds}",
                      seed=config.classifier_seed + s, **arms[key])
            correct[key].append(predict(clf, test_set.images).argmax(1) == test_set.labels)  # (N,)
    return {key: torch.stack(v) for key, v in correct.items()}


def _quality(model: TrainedModel, train_set: ImageSet, test_set: ImageSet, pool: SyntheticPool,
             judge: SmallCNN, config: EvalConfig, should_stop) -> tuple[dict, dict, torch.Tensor]:
    """Quality metrics against test images and memorisation against training images, judge features."""
    k = len(model.class_names)
    metric_x, metric_y = pool.take(spread(config.metric_samples, k))
    test_pick = balanced(test_set.labels, config.metric_samples, k)
    metrics = quality_metrics(
        embed(judge, test_set.images[test_pick]), test_set.labels[test_pick], embed(judge, metric_x),
        metric_y, predict(judge, metric_x), model.class_names,
    )
    if should_stop is not None and should_stop():
        raise Cancelled()
    mem_x, mem_y = pool.take(spread(config.memorization_samples, k))
    mem = memorization_report(mem_x, train_set.images, embed(judge, mem_x), embed(judge, train_set.images))
    return metrics, mem, mem_y


def _assemble(model, sources, config, correct, test_set, choice, pool, metrics, mem, mem_y, leak,
              elapsed) -> dict:
    """Put every figure into the JSON report, with the recommendation and the verdict."""
    k = len(model.class_names)
    arms = arm_summaries(correct, test_set.labels, k, ARM_LABELS, config.bootstrap, config.classifier_seed)
    by_key = {a["key"]: a for a in arms}
    leaks = class_leakage(pool.labels, pool.predicted, list(model.class_names))
    chosen_row = choice.plain.best
    validation_gain = None if choice.plain.adds else chosen_row["val_gain_mean"]
    verdict = make_verdict(by_key["real_synth"], _how(choice.amount, choice.threshold), config.seeds,
                           len(test_set), config.bootstrap,
                           limits(by_key, mem["rate"], leaks, by_key["real_synth"]["gain_ci"], len(test_set),
                                  config.seeds, chosen_row["synthetic"]),
                           validation_gain=validation_gain)
    recommendation = {"amount": choice.amount, "filtered": choice.threshold is not None,
                      "confidence": choice.threshold, "factor": 1.0 + choice.amount,
                      "helps": verdict["helps"], "gain_mean": verdict["gain_mean"],
                      "interval": verdict["interval"], "synthetic": chosen_row["synthetic"],
                      "chosen_on": "validation", "description": describe(choice.amount, choice.threshold),
                      "validation_favours": "synthetic" if choice.plain.adds else "none",
                      "validation_gain": chosen_row["val_gain_mean"]}
    aug = choice.with_classical
    aug_gain = bootstrap_interval(correct["real_synth_classical"].float() - correct["real_classical"].float(),
                                  config.bootstrap, config.classifier_seed)
    with_classical = {"amount": aug.amount, "filtered": aug.threshold is not None,
                      "confidence": aug.threshold, "validation_favours": "synthetic" if aug.adds else "none",
                      "validation_gain": aug.best["val_gain_mean"], "gain_mean": aug_gain[0],
                      "interval": [aug_gain[1], aug_gain[2]], "rows": aug.rows,
                      **with_classical_verdict(aug_gain, _how(aug.amount, aug.threshold), aug.adds,
                                               aug.best["val_gain_mean"])}

    flagged_seeds: dict[str, list[int]] = {}
    mem_rank = ranks(mem_y)
    for i in torch.nonzero(mem["flagged"]).flatten().tolist():
        name = model.class_names[int(mem_y[i])]
        flagged_seeds.setdefault(name, []).append(config.seed + int(mem_rank[i]))
    memorization = {key: v for key, v in mem.items() if key not in ("flagged", "distance", "nearest")}
    memorization["flagged_seeds"] = flagged_seeds

    settings = asdict(config)
    settings["amounts"], settings["confidences"] = list(config.amounts), list(config.confidences)
    settings["classical"] = choice.classical.to_dict()
    settings["synthetic_pool"] = len(pool.labels)  # distinct synthetic images generated
    discipline = {
        "training": f"{sources['train_count']:,} real images, the generator's training split "
                    f"({sources['split']})",
        "validation": choice.plan,
        "chosen_on_validation": ["synthetic amount, or none", "filter and its judge confidence",
                                 "synthetic amount on top of classical augmentation, or none",
                                 "classical augmentation flips"],
        "test": f"{sources['test_count']:,} images ({sources['test_source']}): {TEST_RULE}",
        "leak_check": leak,
    }
    return _clean({
        "version": REPORT_VERSION,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "elapsed_s": round(elapsed, 2),
        "run": str(model.run_dir), "model": model.name, "step": model.step,
        "data": {**sources, "classes": list(model.class_names), "image_size": model.args.image_size},
        "settings": settings,
        "discipline": discipline,
        "arms": arms,
        "validation": choice.rows,
        "recommendation": recommendation,
        "with_classical": with_classical,
        "metrics": {**metrics, "class_leakage": leaks},
        "memorization": memorization,
        "verdict": verdict,
    })


def _how(amount: float, threshold: float | None) -> str:
    """``4x the real count, filtered at judge confidence 0.9``: a chosen amount in words."""
    return f"{amount:g}x the real count" + (
        f", filtered at judge confidence {threshold:g}" if threshold is not None else "")


def _clean(x):
    """NaN and infinity as None, so the report is valid JSON."""
    if isinstance(x, float) and not (x == x and abs(x) != float("inf")):
        return None
    if isinstance(x, dict):
        return {key: _clean(v) for key, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    return x
