"""How often does the Evaluate step call a generator that cannot help "helps"? Pure noise, 20 times.

    python benchmarks/verdict_noise.py                        # 20 evaluations on the sample
    python benchmarks/verdict_noise.py --repeats 5 --first 5  # evaluations 5..9 only

A "generator" that returns uniform noise images (it cannot help a classifier) goes through the
whole evaluation (``evaluate_model``: choices on validation data, the test images once, the paired
bootstrap interval) with a different noise seed, classifier seeds and validation split each time,
at a small classifier budget, on the built-in sample (every image, split 80/20 here) at 16
pixels. Each repetition is also judged by the rule the Evaluate step used
before issue 15, kept here only to be counted: the best of the amount sweep (filtered or not) by
mean gain on the test images, "helps" when that mean gain exceeds its standard deviation over
seeds. One JSON line: both counts, and the verdicts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402

from engine.config import RunConfig  # noqa: E402
from engine.data.dataset import ImageSet, stratified_split  # noqa: E402
from engine.data.sample import load_sample  # noqa: E402
from engine.evaluate.classifier import predict, train_classifier  # noqa: E402
from engine.evaluate.pool import SyntheticPool, pool_counts  # noqa: E402
from engine.evaluate.report import EvalConfig, evaluate_model  # noqa: E402
from engine.generate import Generated  # noqa: E402
from engine.runs import load_trained  # noqa: E402
from engine.train.trainer import train  # noqa: E402

OLD_CONFIDENCE = 0.9  # the filter threshold of the old sweep


def noise_generator(images_shape: tuple[int, ...], rep: int):
    """``synthesize(counts, seed)``: uniform noise images, labelled class by class."""

    def synthesize(counts: list[int], seed: int) -> Generated:
        gen = torch.Generator().manual_seed(10_000 * rep + seed)
        labels = torch.cat([torch.full((n,), c, dtype=torch.int64) for c, n in enumerate(counts)])
        images = torch.randint(0, 256, (len(labels), *images_shape), dtype=torch.uint8, generator=gen)
        return Generated(images, labels, list(range(len(labels))))

    return synthesize


def old_rule_helps(train_set: ImageSet, test: ImageSet, pool: SyntheticPool, config: EvalConfig) -> bool:
    """The verdict before issue 15: best sweep row by mean test gain; "helps" when mean > std over seeds."""
    k, recipe = train_set.num_classes, config.recipe()

    def test_accuracy(images, labels, seed, weights=None) -> float:
        clf = train_classifier(images, labels, k, recipe, seed=seed, weights=weights)
        return float((predict(clf, test.images).argmax(1) == test.labels).float().mean())

    x, y = train_set.images, train_set.labels
    seeds = [config.classifier_seed + s for s in range(config.seeds)]
    judge = train_classifier(x, y, k, recipe, seed=seeds[0])
    pool.confidence = predict(judge, pool.images).gather(1, pool.labels[:, None]).squeeze(1)
    base = [test_accuracy(x, y, s) for s in seeds]
    best_mean, best_std = -1.0, 0.0
    for amount in config.amounts:
        for threshold in (None, OLD_CONFIDENCE):
            gains = [test_accuracy(seed=s, **pool.mixed(x, y, amount, threshold, k)) - b
                     for s, b in zip(seeds, base, strict=True)]
            mean = statistics.fmean(gains)
            if mean > best_mean:
                best_mean, best_std = mean, statistics.stdev(gains) if len(gains) > 1 else 0.0
    return best_mean > 0 and best_mean > best_std


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--repeats", type=int, default=20)
    p.add_argument("--first", type=int, default=0, help="index of the first repetition")
    p.add_argument("--seeds", type=int, default=3, help="classifier seeds per arm")
    p.add_argument("--classifier-steps", type=int, default=60)
    p.add_argument("--amounts", default="0.5,1,2,4")
    p.add_argument("--image-size", type=int, default=16,
                   help="the sample's size (16 keeps 20 evaluations within minutes on 2 cores)")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    data = load_sample(args.image_size)
    train_idx, held_idx = stratified_split(data.labels, data.num_classes, 0.2, 0)
    train_set, test = data.subset(train_idx), data.subset(held_idx)
    amounts = tuple(float(a) for a in args.amounts.split(","))
    t0 = time.perf_counter()
    verdicts, old = [], []
    with tempfile.TemporaryDirectory() as tmp:
        cfg = RunConfig()  # a real run folder for the model's metadata; its images are never used
        cfg.model.name, cfg.train.steps, cfg.train.threads, cfg.train.device = "cgan", 1, args.threads, "cpu"
        cfg.train.quality_every = 0
        train(cfg, train_set, Path(tmp) / "run")
        model = load_trained(Path(tmp) / "run", "cpu")
        for rep in range(args.first, args.first + args.repeats):
            config = EvalConfig(seeds=args.seeds, classifier_steps=args.classifier_steps, amounts=amounts,
                                seed=rep, classifier_seed=100 * rep, metric_samples=500,
                                memorization_samples=500, bootstrap=1000, device="cpu")
            synthesize = noise_generator(tuple(train_set.images.shape[1:]), rep)
            report, _ = evaluate_model(model, train_set, test, config, synthesize=synthesize,
                                       data_source="sample", test_source="held-out split")
            v = report["verdict"]
            verdicts.append({"rep": rep, "verdict": v["verdict"], "gain": round(100 * v["gain_mean"], 2),
                             "interval": [round(100 * e, 2) for e in v["interval"]]})
            draws = config.classifier_steps * config.batch_size
            counts = pool_counts(amounts, train_set.class_counts(), draws)
            gen = synthesize(counts, config.seed)  # the very images the evaluation drew
            pool = SyntheticPool(gen.images, gen.labels, torch.zeros(len(gen.labels), dtype=torch.int64))
            old.append(old_rule_helps(train_set, test, pool, config))
            print(json.dumps({**verdicts[-1], "old_rule_helps": old[-1]}), file=sys.stderr, flush=True)
    print(json.dumps({
        "benchmark": "verdict_noise", "data": "sample", "image_size": args.image_size,
        "repeats": args.repeats, "first": args.first,
        "seeds": args.seeds, "classifier_steps": args.classifier_steps, "amounts": list(amounts),
        "helps_new_rule": sum(v["verdict"] == "helps" for v in verdicts),
        "hurts_new_rule": sum(v["verdict"] == "hurts" for v in verdicts),
        "helps_old_rule": sum(old), "wall_s": round(time.perf_counter() - t0, 1), "verdicts": verdicts,
    }), flush=True)


if __name__ == "__main__":
    main()
