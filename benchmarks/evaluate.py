"""How long does the evaluation of a large dataset take? The whole report on 60,000 MNIST images.

    python benchmarks/evaluate.py                       # 60,000 real + 60,000 synthetic (1x), defaults
    python benchmarks/evaluate.py --train-size 5000     # a smaller set

A generator is trained first (a short cVAE run, timed separately); then ``evaluate_model`` runs with
the default EvalConfig: the 0.5x/1x/2x/4x candidates, filtered or not, chosen on a validation fifth
of the training images (3 seeds), then five arms x 3 seeds on the test digits, metrics and
memorisation. One JSON line with the evaluation's wall time and its stages. Run it alone: it uses
both cores for minutes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402
from datasets import load_benchmark_data  # noqa: E402

from engine.config import RunConfig  # noqa: E402
from engine.evaluate.report import EvalConfig, evaluate_model  # noqa: E402
from engine.runs import load_trained  # noqa: E402
from engine.train.trainer import train  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--data", default="mnist", choices=["mnist", "sample"])
    p.add_argument("--train-size", type=int, default=0, help="real training images (0 = all)")
    p.add_argument("--gen-steps", type=int, default=300, help="steps of the cVAE trained first")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seeds", type=int, default=EvalConfig.seeds)
    p.add_argument("--classifier-steps", type=int, default=EvalConfig.classifier_steps)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    pool, test = load_benchmark_data(args.data)
    if args.train_size and args.train_size < len(pool):
        pool = pool.subset(torch.randperm(len(pool), generator=torch.Generator().manual_seed(0))
                           [:args.train_size].sort().values)
    with tempfile.TemporaryDirectory() as tmp:
        cfg = RunConfig()
        cfg.model.name = "cvae"
        cfg.train.steps, cfg.train.threads, cfg.train.device = args.gen_steps, args.threads, "cpu"
        cfg.train.quality_every = 0
        t0 = time.perf_counter()
        train(cfg, pool, Path(tmp) / "run")
        gen_s = time.perf_counter() - t0
        model = load_trained(Path(tmp) / "run", "cpu")
        config = EvalConfig(seeds=args.seeds, classifier_steps=args.classifier_steps, device="cpu")
        t0 = time.perf_counter()
        report, _ = evaluate_model(model, pool, test, config, data_source=args.data, test_source="test")
        wall = time.perf_counter() - t0
    arms = {a["key"]: round(100 * a["accuracy_mean"], 2) for a in report["arms"]}
    print(json.dumps({
        "benchmark": "evaluate", "data": args.data, "train_images": len(pool), "test_images": len(test),
        "synthetic_1x": len(pool), "synthetic_pool": report["settings"]["synthetic_pool"],
        "classifiers_trained": report["discipline"]["validation"]["rounds"] * (1 + len(report["validation"]))
        + config.seeds * 5,
        "seeds": config.seeds, "classifier_steps": config.classifier_steps, "threads": args.threads,
        "wall_s": round(wall, 1), "target_s": 600, "timings": report["timings"],
        "generator_train_s": round(gen_s, 1), "accuracy": arms, "verdict": report["verdict"]["text"],
        "fd": report["metrics"]["overall"]["fd"], "memorization_rate": report["memorization"]["rate"],
    }), flush=True)


if __name__ == "__main__":
    main()
