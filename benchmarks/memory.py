"""Peak resident memory of training: 60,000 gray 28x28 images, and 10,000 RGB 128x128 images.

    python benchmarks/memory.py [--quick] [--steps 20] [--cases mnist28,rgb128]

Each case runs in a fresh process (so the peak is that case's alone): the images, random uint8
(the content does not change the memory), become an ``ImageSet``; the preset ``auto`` picks the
model for that many images at that size on the CPU; ``train`` runs ``--steps`` steps with a live
grid and a checkpoint, and, on the 28 px case, the quality probe (its judge classifier and
samples). The child reports ``ru_maxrss`` (peak resident set size, the whole process: Python,
torch, the dataset and the training). One JSON line per case.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = {  # name: (images, channels, size, quality probe)
    "mnist28": (60_000, 1, 28, True),
    "rgb128": (10_000, 3, 128, False),
}
TARGET_MB = {"mnist28": 1536}  # issue 17: under 1.5 GB training on 60,000 28x28 images


def child(name: str, steps: int, threads: int) -> dict:
    sys.path.insert(0, str(REPO))
    import torch

    from engine.config import RunConfig
    from engine.data.dataset import ImageSet
    from engine.train.presets import apply_preset
    from engine.train.trainer import train

    n, channels, size, quality = CASES[name]
    base_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    gen = torch.Generator().manual_seed(0)
    images = torch.randint(0, 256, (n, channels, size, size), dtype=torch.uint8, generator=gen)
    labels = torch.arange(n) % 10
    data = ImageSet(images, labels, [str(i) for i in range(10)], [""] * n, name)
    cfg = RunConfig()
    preset = apply_preset(cfg, "auto", n, size, "cpu")
    cfg.train.steps, cfg.train.threads, cfg.train.device = steps, threads, "cpu"
    cfg.train.sample_every = cfg.train.checkpoint_every = steps
    cfg.train.quality_every = steps if quality else 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        result = train(cfg, data, Path(tmp) / "run")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    return {"benchmark": "memory", "case": name, "images": n, "channels": channels, "size": size,
            "dataset_mb": round(images.numel() / 2**20, 1), "preset": preset,
            "net": f"{cfg.model.name} width {cfg.model.width}", "batch_size": cfg.train.batch_size,
            "steps": result.step, "quality_probe": quality, "threads": threads,
            "seconds": round(time.perf_counter() - t0, 1),
            "peak_rss_mb": round(peak_mb, 1), "rss_before_data_mb": round(base_mb, 1),
            "target_mb": TARGET_MB.get(name),
            "meets_target": peak_mb < TARGET_MB[name] if name in TARGET_MB else None}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="5 steps per case (make bench)")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--cases", default="mnist28,rgb128")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.steps, args.threads)), flush=True)
        return
    steps = 5 if args.quick else args.steps
    for name in args.cases.split(","):
        if name not in CASES:
            p.error(f"unknown case {name!r}: use {', '.join(CASES)}")
        out = subprocess.run([sys.executable, __file__, "--child", name, "--steps", str(steps),
                              "--threads", str(args.threads)], capture_output=True, text=True,
                             env={**os.environ, "GENAUG_COMPILE": "0"})
        if out.returncode != 0:
            raise SystemExit(f"memory case {name} failed: {out.stderr.strip().splitlines()[-1:]}")
        print(out.stdout.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
