"""Training throughput on the main thread against a worker thread, no Qt involved.

    python benchmarks/worker_thread.py [--quick] [--steps 300] [--reps 3] [--threads 2]

The GUI trains on a worker thread (the GUI thread must run Qt's event loop), the command line on
the main thread. This benchmark trains the default preset (``auto``) on the built-in sample at
28 px, ``--reps`` times in each of three ways, each run in a fresh process (after one warm-up run
in it), the ways taking turns:

- ``main``: on the main thread, as the command line does;
- ``worker``: on a plain ``threading.Thread`` (not niced, no Qt, no progress callback) while the
  main thread runs torch serially, as the GUI thread does (``engine.device.serial_here``);
- ``worker_beside_main_pool``: the same, but the main thread first ran a parallel operation on
  the same number of threads, so its OpenMP pool stays alive beside the worker's (the GUI before
  ``serial_here``).

It prints one JSON line: images/s of every run and each worker way's median over the main
thread's. It separates what running off the main thread costs from what the window costs
(``benchmarks/ui_latency.py`` measures the two together). Run it alone, under the shared CPU lock.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WAYS = ("main", "worker", "worker_beside_main_pool")


def one_run(way: str, steps: int, threads: int) -> float:
    """images/s of one run trained ``way``, after a warm-up run the same way (in this process)."""
    import torch

    from engine.config import RunConfig
    from engine.data.sample import load_sample
    from engine.device import serial_here
    from engine.train.presets import apply_preset
    from engine.train.trainer import train

    data = load_sample(28)
    if way != "main":
        serial_here(threads)
    if way == "worker_beside_main_pool":
        torch.set_num_threads(threads)
        torch.randn(512, 512) @ torch.randn(512, 512)  # the main thread's pool starts and stays

    def config(n_steps: int) -> RunConfig:
        cfg = RunConfig()
        apply_preset(cfg, "auto", len(data), 28, "cpu")
        cfg.data.image_size = 28
        cfg.train.steps, cfg.train.device, cfg.train.threads = n_steps, "cpu", threads
        return cfg

    def trained(n_steps: int) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            return train(config(n_steps), data, Path(tmp) / "run").images_per_s

    def run(n_steps: int) -> float:
        if way == "main":
            return trained(n_steps)
        out: dict[str, float] = {}
        thread = threading.Thread(target=lambda: out.update(ips=trained(n_steps)))
        thread.start()
        thread.join()
        return out["ips"]

    run(min(steps, 30))  # warm-up: first-use costs out of the way
    return run(steps)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="60 steps, 1 repetition (make bench)")
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    p.add_argument("--one", choices=WAYS, help=argparse.SUPPRESS)  # a child process: one run
    args = p.parse_args()
    if args.one:
        print(one_run(args.one, args.steps, args.threads))
        return
    if args.quick:
        args.steps, args.reps = 60, 1
    runs: dict[str, list[float]] = {way: [] for way in WAYS}
    for _ in range(args.reps):
        for way in WAYS:
            child = subprocess.run([sys.executable, __file__, "--one", way, "--steps", str(args.steps),
                                    "--threads", str(args.threads)],
                                   capture_output=True, text=True, check=True)
            runs[way].append(round(float(child.stdout.split()[-1]), 1))
    import torch

    main_median = statistics.median(runs["main"])
    print(json.dumps({"benchmark": "worker_thread", "torch": torch.__version__, "threads": args.threads,
                      "steps": args.steps, **{f"{way}_images_per_s": runs[way] for way in WAYS},
                      **{f"{way}_vs_main": round(statistics.median(runs[way]) / main_median, 3)
                         for way in WAYS[1:]}}))


if __name__ == "__main__":
    main()
