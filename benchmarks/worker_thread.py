"""Training throughput on the main thread against a worker thread, no Qt involved.

    python benchmarks/worker_thread.py [--quick] [--steps 300] [--reps 3] [--threads 2]

The GUI trains on a worker thread (the GUI thread must run Qt's event loop), the command line on
the main thread. This benchmark trains the default preset (``auto``) on the built-in sample at
28 px, alternately on the main thread and on a plain ``threading.Thread`` (not niced, no Qt, no
progress callback), ``--reps`` times each, in one process after one warm-up run, and prints one
JSON line: images/s of every run and the ratio of the medians. It separates what running off the
main thread costs from what the window costs (``benchmarks/ui_latency.py`` measures the two
together). Run it alone, under the shared CPU lock.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402

from engine.config import RunConfig  # noqa: E402
from engine.data.sample import load_sample  # noqa: E402
from engine.train.presets import apply_preset  # noqa: E402
from engine.train.trainer import train  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="60 steps, 1 repetition (make bench)")
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    args = p.parse_args()
    if args.quick:
        args.steps, args.reps = 60, 1
    data = load_sample(28)

    def config() -> RunConfig:
        cfg = RunConfig()
        apply_preset(cfg, "auto", len(data), 28, "cpu")
        cfg.data.image_size = 28
        cfg.train.steps, cfg.train.device, cfg.train.threads = args.steps, "cpu", args.threads
        return cfg

    def on_main() -> float:
        with tempfile.TemporaryDirectory() as tmp:
            return train(config(), data, Path(tmp) / "run").images_per_s

    def on_worker() -> float:
        out: dict[str, float] = {}
        thread = threading.Thread(target=lambda: out.update(ips=on_main()))
        thread.start()
        thread.join()
        return out["ips"]

    on_main()  # warm-up: first-use costs out of the way
    runs: dict[str, list[float]] = {"main": [], "worker": []}
    for _ in range(args.reps):
        runs["main"].append(round(on_main(), 1))
        runs["worker"].append(round(on_worker(), 1))
    ratio = statistics.median(runs["worker"]) / statistics.median(runs["main"])
    print(json.dumps({"benchmark": "worker_thread", "torch": torch.__version__, "threads": args.threads,
                      "steps": args.steps, "main_images_per_s": runs["main"],
                      "worker_images_per_s": runs["worker"], "worker_vs_main": round(ratio, 3)}))


if __name__ == "__main__":
    main()
