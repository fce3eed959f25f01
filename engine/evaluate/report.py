"""Does the synthetic data help? The five-way accuracy report, the amount sweep, metrics, memorisation.

One function, :func:`evaluate_run`, with ``progress`` and ``should_stop`` hooks: the CLI's
``evaluate`` command and the GUI's Evaluate panel both call it. The same small classifier recipe is
trained on each arm, with several seeds, and tested on held-out real images the generator never saw:

1. real only; 2. real + classical augmentation; 3. real + synthetic; 4. real + synthetic + classical;
5. synthetic only (the Classification Accuracy Score of Ravuri & Vinyals 2019).

Then real + synthetic is swept over amounts (multiples of the real count per class), unfiltered and
filtered by the judge's confidence, and the best is recommended. One classifier draws only
``classifier_steps * batch_size`` images in all, so no more distinct synthetic images are generated
than that (and never fewer than the real count): a larger amount reuses them with a higher sampling
weight, keeping its share of every batch. On 60,000 real images this is what keeps the evaluation
within minutes. The judge (the real-only classifier of the first seed) also supplies the features
for the quality metrics and memorisation check.
The report is saved in the run folder (``RunFolder.evaluation_path``), with its judge classifier.
"""

from __future__ import annotations

import logging
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import torch

from engine.config import DataConfig
from engine.data.dataset import ImageSet
from engine.data.load import load_dataset
from engine.device import pick_device
from engine.errors import Cancelled, UserError
from engine.evaluate.classical import choose_classical
from engine.evaluate.classifier import (
    ClassifierRecipe,
    SmallCNN,
    accuracy,
    predict,
    save_classifier,
    train_classifier,
)
from engine.evaluate.memorization import memorization_report
from engine.evaluate.metrics import embed, quality_metrics
from engine.generate import generate
from engine.runs import RunFolder, TrainedModel, load_trained, run_images

ARM_KEYS = ("real", "real_classical", "real_synth", "real_synth_classical", "synth")
ARM_LABELS = {
    "real": "Real only",
    "real_classical": "Real + classical",
    "real_synth": "Real + synthetic",
    "real_synth_classical": "Real + synthetic + classical",
    "synth": "Synthetic only (CAS)",
}

Progress = Callable[[int, int, str], None]


@dataclass
class EvalConfig:
    """How thoroughly to evaluate; the defaults take about 2 minutes on the sample on 2 CPU cores."""

    seeds: int = 3  # classifier seeds per arm: the spread over them says what is noise
    classifier_steps: int = 400  # optimiser steps per classifier (the same for every arm)
    batch_size: int = 64  # classifier batch
    width: int = 16  # classifier width (channels of its first layer)
    amounts: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)  # synthetic per class / real per class, swept
    confidence: float = 0.9  # the filtered variants keep samples the judge gives this probability
    metric_samples: int = 2000  # most images per side for FD / KID / precision-recall
    memorization_samples: int = 2000  # generated images checked against every training image
    seed: int = 0  # first seed of the synthetic images (image i of a class uses seed + i)
    temperature: float = 1.0  # noise scale of the synthetic images (as in the gallery)
    device: str = "auto"
    test_dir: str | None = None  # a separate labelled test folder instead of the held-out split

    def recipe(self) -> ClassifierRecipe:
        return ClassifierRecipe(steps=self.classifier_steps, batch_size=self.batch_size, width=self.width)

    def check(self) -> None:
        """Raise :class:`UserError` for settings that cannot give an answer."""
        if self.seeds < 1:
            raise UserError(f"--seeds must be at least 1, not {self.seeds}")
        if self.classifier_steps < 1:
            raise UserError(f"--classifier-steps must be at least 1, not {self.classifier_steps}")
        if not self.amounts or any(not math.isfinite(a) or a <= 0 for a in self.amounts):
            raise UserError(f"Amounts must be positive multiples of the real count, not {self.amounts}")
        if not 0.0 <= self.confidence < 1.0:
            raise UserError(f"--confidence must be in [0, 1), not {self.confidence}")


@dataclass
class _Split:
    train: ImageSet
    test: ImageSet
    test_source: str


@dataclass
class _Pool:
    """Synthetic images, per class in seed order, with the judge's confidence in the intended class."""

    images: torch.Tensor  # (P, C, H, W) uint8
    labels: torch.Tensor  # (P,)
    rank: torch.Tensor  # (P,) position of each image within its class (its seed is seed + rank)
    confidence: torch.Tensor = field(default_factory=lambda: torch.empty(0))  # (P,)

    def take(self, per_class: list[int], filtered: bool,
             threshold: float) -> tuple[torch.Tensor, torch.Tensor]:
        """The first ``per_class[c]`` images of each class (only confident ones when ``filtered``)."""
        images, labels, _ = self.take_weighted(per_class, filtered, threshold)
        return images, labels

    def take_weighted(self, per_class: list[int], filtered: bool,
                      threshold: float) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """As :meth:`take`, with each image's sampling weight: above 1 where a class asks for more
        images than the pool holds, so the class counts as ``per_class[c]`` images in a batch."""
        keep = torch.ones(len(self.labels), dtype=torch.bool)
        if filtered:
            keep &= self.confidence >= threshold
        chosen, weights = [], []
        for c, n in enumerate(per_class):
            in_class = self.labels == c
            idx = torch.nonzero(keep & in_class).flatten()[:n]
            chosen.append(idx)
            weights.append(torch.full((len(idx),), n / max(1, min(n, int(in_class.sum())))))
        idx = torch.cat(chosen)
        return self.images[idx], self.labels[idx], torch.cat(weights)


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
        Seeds, classifier budget, sweep amounts, filter threshold, optional test folder.
    progress : callable, optional
        ``progress(done, total, message)``; ``message`` names the current stage.
    should_stop : callable, optional
        Polled between classifier steps; returning True raises :class:`Cancelled` and nothing is saved.

    Raises
    ------
    UserError
        When the dataset does not match the run, no held-out images exist, or a setting is invalid.
    """
    config = config or EvalConfig()
    config.check()
    model = load_trained(run_dir, config.device)
    split = _load_split(model, data_path, config.test_dir, should_stop)
    report, judge = evaluate_model(model, split.train, split.test, config, progress, should_stop,
                                   data_source=data_path, test_source=split.test_source)
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
) -> tuple[dict, SmallCNN]:
    """The report of :func:`evaluate_run` and the judge, for a loaded model and image sets.

    Nothing is saved.
    ``train_set`` is what the generator was trained on (the classifiers' real images and the
    memorisation reference); ``test_set`` is real data neither has seen.
    """
    config = config or EvalConfig()
    config.check()
    t0 = time.perf_counter()

    def check_stop() -> None:
        if should_stop is not None and should_stop():
            raise Cancelled()

    device = pick_device(config.device)
    k = len(model.class_names)
    real_counts = train_set.class_counts()
    n_sweep = len(config.amounts) * 2 - (1 if 1.0 in config.amounts else 0)
    steps = config.classifier_steps
    meter = _Meter(steps * (config.seeds * (len(ARM_KEYS) + n_sweep) + 2), progress)

    # -- synthetic pool: enough for the largest amount, in seed order per class, but no more
    # distinct images than one classifier can draw (larger amounts get a higher sampling weight) --
    meter.stage("generating synthetic images")
    visible = config.classifier_steps * config.batch_size / max(1, len(train_set))
    pool_amount = min(max(config.amounts + (1.0,)), max(1.0, visible))
    pool_counts = [math.ceil(pool_amount * n) for n in real_counts]
    gen = generate(model, pool_counts, config.seed, config.temperature,
                   progress=lambda d, n: meter.tell(int(steps * d / max(1, n))), should_stop=should_stop)
    rank = torch.cat([torch.arange(n) for n in pool_counts])
    pool = _Pool(gen.images, gen.labels, rank)
    meter.advance(steps)
    timings = {"generate_s": time.perf_counter() - t0}

    recipe = config.recipe()
    results: dict[tuple, list[dict]] = {}

    def fit(key: tuple, seed: int, images, labels, augment=None, weights=None):
        meter.stage(f"{_describe(key)}, seed {seed + 1}/{config.seeds}")
        clf = train_classifier(images, labels, k, recipe, seed=seed, device=device, augment=augment,
                               progress=lambda d, n: meter.tell(d), should_stop=should_stop,
                               weights=weights)
        results.setdefault(key, []).append(accuracy(clf, test_set.images, test_set.labels, k))
        meter.advance(steps)
        return clf

    # -- the judge first: the real-only classifier of seed 0 -------------------------------------
    judge = fit(("real",), 0, train_set.images, train_set.labels)
    classical = choose_classical(judge, train_set.images, train_set.labels)
    pool.confidence = predict(judge, pool.images).gather(1, pool.labels[:, None]).squeeze(1)
    check_stop()

    real_x, real_y = train_set.images, train_set.labels
    same = list(real_counts)  # 1x: as many synthetic images per class as real ones

    def mixed(amount: float, filtered: bool) -> dict:
        sx, sy, sw = pool.take_weighted([round(amount * n) for n in real_counts], filtered,
                                        config.confidence)
        weights = None if bool((sw == 1).all()) else torch.cat([torch.ones(len(real_y)), sw])
        return {"images": torch.cat([real_x, sx]), "labels": torch.cat([real_y, sy]), "weights": weights}

    for seed in range(config.seeds):
        if seed > 0:
            fit(("real",), seed, real_x, real_y)
        fit(("real_classical",), seed, real_x, real_y, classical)
        fit(("real_synth",), seed, **mixed(1.0, False))
        fit(("real_synth_classical",), seed, **mixed(1.0, False), augment=classical)
        fit(("synth",), seed, *pool.take(same, False, config.confidence))
        for amount in config.amounts:
            for filtered in (False, True):
                if amount == 1.0 and not filtered:
                    continue  # the same as arm 3
                fit(("sweep", amount, filtered), seed, **mixed(amount, filtered))

    timings["classifiers_s"] = time.perf_counter() - t0 - timings["generate_s"]

    # -- quality metrics and memorisation on the judge's features --------------------------------
    meter.stage("quality metrics and memorisation")
    t_metrics = time.perf_counter()
    check_stop()
    metric_x, metric_y = pool.take(_spread(config.metric_samples, k), False, config.confidence)
    test_pick = _balanced(test_set.labels, config.metric_samples, k)
    metrics = quality_metrics(
        embed(judge, test_set.images[test_pick]), test_set.labels[test_pick], embed(judge, metric_x),
        metric_y, predict(judge, metric_x), model.class_names,
    )
    check_stop()
    mem_x, mem_y = pool.take(_spread(config.memorization_samples, k), False, config.confidence)
    mem = memorization_report(mem_x, train_set.images, embed(judge, mem_x), embed(judge, train_set.images))
    meter.advance(steps)

    timings["metrics_s"] = time.perf_counter() - t_metrics
    sources = {"source": data_source, "test_source": test_source, "train_count": len(train_set),
               "test_count": len(test_set)}
    report = _assemble(model, sources, config, results, metrics, mem, mem_y, classical, pool, real_counts,
                       time.perf_counter() - t0)
    report["timings"] = {k: round(v, 2) for k, v in timings.items()}
    return report, judge


def load_report(run_dir: Path | str) -> dict | None:
    """The run's saved evaluation report, or None when it has none (or it cannot be read)."""
    found = RunFolder(run_dir).read_evaluation()
    report = found[1] if found is not None else None
    return report if report is not None and "verdict" in report else None


# ------------------------------------------------------------------------------------------------
def _load_split(model: TrainedModel, data_path: str, test_dir: str | None,
                should_stop: Callable[[], bool] | None) -> _Split:
    """The run's training split and the held-out (or ``test_dir``) images, at the run's size."""
    images = run_images(model.run_dir, data_path, should_stop=should_stop)  # the run's own split
    data, train_idx, held_idx, dc = images.data, images.train_idx, images.held_idx, images.config
    if test_dir is None:
        if len(held_idx) == 0:
            raise UserError(f"The run {model.run_dir} held out no images of {data_path}: give a "
                            "labelled test folder with --test DIR")
        return _Split(data.subset(train_idx), data.subset(held_idx), "held-out split")
    test = load_dataset(DataConfig(path=test_dir, image_size=model.args.image_size,
                                   channels=model.args.channels, resize=dc.resize),
                        should_stop=should_stop)
    unknown = [c for c in test.class_names if c not in model.class_names]
    if unknown:
        raise UserError(f"The test folder {test_dir} has classes the run does not know: "
                        f"{', '.join(unknown)}")
    mapping = torch.tensor([model.class_names.index(c) for c in test.class_names], dtype=torch.int64)
    test.labels = mapping[test.labels]
    test.class_names = list(model.class_names)
    return _Split(data.subset(train_idx), test, str(Path(test_dir)))


def _spread(total: int, k: int) -> list[int]:
    """``total`` samples spread evenly over ``k`` classes."""
    return [total // k + (1 if c < total % k else 0) for c in range(k)]


def _balanced(labels: torch.Tensor, total: int, k: int) -> torch.Tensor:
    """Indices of at most ``total`` items, as evenly spread over the classes as they allow."""
    by_class = [torch.nonzero(labels == c).flatten() for c in range(k)]
    quota = _spread(total, k)
    return torch.cat([idx[:q] for idx, q in zip(by_class, quota, strict=True)]).sort().values


def _describe(key: tuple) -> str:
    if key[0] != "sweep":
        return ARM_LABELS[key[0]].lower()
    return f"sweep {key[1]:g}x{' filtered' if key[2] else ''}"


def _stats(values: list[float]) -> tuple[float, float]:
    mean = statistics.fmean(values)
    return mean, statistics.stdev(values) if len(values) > 1 else 0.0


def _clean(x):
    """NaN and infinity as None, so the report is valid JSON."""
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    return x


def _assemble(model, sources, config, results, metrics, mem, mem_y, classical, pool, real_counts,
              elapsed) -> dict:
    """Put every figure into the JSON report, with the recommendation and the verdict."""
    base = [r["accuracy"] for r in results[("real",)]]
    arms = []
    for key in ARM_KEYS:
        runs = results[(key,)]
        accs = [r["accuracy"] for r in runs]
        mean, std = _stats(accs)
        recall = [statistics.fmean(v) if all(math.isfinite(x) for x in v) else float("nan")
                  for v in zip(*(r["recall"] for r in runs), strict=True)]
        arms.append({"key": key, "label": ARM_LABELS[key], "accuracy_mean": mean, "accuracy_std": std,
                     "accuracies": accs, "recall_mean": recall})

    sweep = []
    for amount in config.amounts:
        for filtered in (False, True):
            key = ("real_synth",) if amount == 1.0 and not filtered else ("sweep", amount, filtered)
            accs = [r["accuracy"] for r in results[key]]
            gain_mean, gain_std = _stats([a - b for a, b in zip(accs, base, strict=True)])
            mean, std = _stats(accs)
            _, _, sw = pool.take_weighted([round(amount * n) for n in real_counts], filtered,
                                          config.confidence)
            sweep.append({"amount": amount, "filtered": filtered, "synthetic": round(float(sw.sum())),
                          "distinct": len(sw),
                          "accuracy_mean": mean, "accuracy_std": std,
                          "gain_mean": gain_mean, "gain_std": gain_std})
    best = max(sweep, key=lambda s: (s["gain_mean"], -s["amount"]))
    helps = best["gain_mean"] > 0 and best["gain_mean"] > best["gain_std"]
    recommendation = {"amount": best["amount"], "filtered": best["filtered"],
                      "gain_mean": best["gain_mean"], "gain_std": best["gain_std"], "helps": helps,
                      "factor": 1.0 + best["amount"], "confidence": config.confidence}

    flagged_seeds: dict[str, list[int]] = {}
    mem_rank = _ranks(mem_y)
    for i in torch.nonzero(mem["flagged"]).flatten().tolist():
        name = model.class_names[int(mem_y[i])]
        flagged_seeds.setdefault(name, []).append(config.seed + int(mem_rank[i]))
    memorization = {k: v for k, v in mem.items() if k not in ("flagged", "distance", "nearest")}
    memorization["flagged_seeds"] = flagged_seeds

    settings = asdict(config)
    settings["amounts"] = list(config.amounts)
    settings["classical"] = classical.to_dict()
    settings["synthetic_pool"] = len(pool.labels)  # distinct synthetic images generated
    return _clean({
        "version": 1,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "elapsed_s": round(elapsed, 2),
        "run": str(model.run_dir), "model": model.name, "step": model.step,
        "data": {**sources, "classes": list(model.class_names), "image_size": model.args.image_size},
        "settings": settings,
        "arms": arms,
        "sweep": sweep,
        "recommendation": recommendation,
        "metrics": metrics,
        "memorization": memorization,
        "verdict": _verdict(best, helps),
    })


def _ranks(labels: torch.Tensor) -> torch.Tensor:
    """Position of each item within its class, in order (labels sorted by class as ``take`` returns)."""
    rank = torch.zeros(len(labels), dtype=torch.int64)
    for c in labels.unique().tolist():
        idx = torch.nonzero(labels == c).flatten()
        rank[idx] = torch.arange(len(idx))
    return rank


def _verdict(best: dict, helps: bool) -> dict:
    """One line the user can act on; a gain within the spread over seeds is not called a gain."""
    gain, spread = best["gain_mean"] * 100, best["gain_std"] * 100
    how = f"{best['amount']:g}x the real count{', filtered by the judge' if best['filtered'] else ''}"
    if helps:
        text = f"synthetic data adds {gain:+.1f} ± {spread:.1f} points on held-out data ({how})"
    elif gain + spread < 0:
        text = f"hurts: {gain:+.1f} ± {spread:.1f} points on held-out data at best; do not export"
    else:
        text = (f"no clear gain: {gain:+.1f} ± {spread:.1f} points on held-out data, within the "
                "noise between seeds; exporting it is not recommended")
    return {"helps": helps, "gain_mean": best["gain_mean"], "gain_std": best["gain_std"], "text": text}
