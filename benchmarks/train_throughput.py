"""Training throughput on the built-in sample: images/s and ms/step per model, one JSON line each.

    python benchmarks/train_throughput.py [--steps 200] [--threads 2] [--device cpu]

Run it alone: anything else busy on the machine changes the numbers several-fold.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402

from engine.config import RunConfig  # noqa: E402
from engine.data.sample import load_sample  # noqa: E402
from engine.train.trainer import train  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cpu")
    p.add_argument("--models", default="cgan,cvae")
    args = p.parse_args()
    data = load_sample()
    for model in args.models.split(","):
        cfg = RunConfig()
        cfg.model.name = model
        cfg.train.steps = args.steps
        cfg.train.threads = args.threads
        cfg.train.device = args.device
        cfg.train.sample_every = 10**9  # grids only at the end: measure the loop itself
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            result = train(cfg, data, Path(tmp) / "run")
            wall = time.perf_counter() - t0
        print(json.dumps({
            "benchmark": "train_throughput", "model": model, "device": args.device,
            "threads": args.threads, "torch": torch.__version__, "steps": result.step,
            "batch_size": cfg.train.batch_size, "image_size": data.image_size,
            "images_per_s": result.images_per_s,
            "ms_per_step": round(1000 * result.elapsed_s / result.step, 2),
            "wall_s": round(wall, 2),
        }), flush=True)


if __name__ == "__main__":
    main()
