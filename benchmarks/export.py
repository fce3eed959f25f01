"""Export throughput: 60,000 synthetic 28x28 PNGs plus manifest, one JSON line.

    python benchmarks/export.py [--images 60000] [--size 28] [--workers 0] [--dir /tmp]

Two figures:

* ``writer``: the export's write path alone (engine.safe_write: PNG encoding + exclusive file creation
  on a thread pool, class folders, manifest.csv, staging folder renamed into place) on images
  already in memory, shaped like generator output (smooth strokes on a dark background);
* ``end_to_end``: ``engine.export.export_dataset`` itself, synthetic only, from a freshly
  initialised 28x28 conditional GAN (sampling included), same number of images.

The files go to a temporary folder under ``--dir`` (deleted afterwards). Small-file creation
depends on the file system and on what else the machine is writing; run it alone.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from engine.export.dataset import CHUNK  # noqa: E402
from engine.generate import synthetic_name  # noqa: E402
from engine.safe_write import ParallelWriter, staged_folder, write_new_file, write_pngs  # noqa: E402


def fake_samples(n: int, size: int, seed: int = 0) -> np.ndarray:
    """(n, size, size, 1) uint8 images like a digit generator's: blurred strokes, dark ground."""
    rng = np.random.default_rng(seed)
    base = rng.random((64, size // 4, size // 4)).astype(np.float32)  # 64 distinct coarse patterns
    up = base.repeat(4, 1).repeat(4, 2)  # (64, size, size)
    img = np.clip((up - 0.55) * 600, 0, 255).astype(np.uint8)
    noise = rng.integers(0, 12, (n, size, size), dtype=np.uint8)  # every image different
    return (img[np.arange(n) % 64] | noise)[..., None]


def bench_writer(images: np.ndarray, root: Path, workers: int, classes: int = 10) -> dict:
    """Write every image into class folders plus manifest.csv via a staging folder."""
    target = root / "writer_out"
    t0 = time.perf_counter()
    with staged_folder(target) as staging, ParallelWriter(workers) as writer:
        for c in range(classes):
            (staging / str(c)).mkdir()
        rows, paths = [], []
        for i in range(len(images)):
            rel = f"{i % classes}/{synthetic_name(i)}"
            paths.append(staging / rel)
            rows.append([rel, str(i % classes), "synthetic", "", "bench", 0, i])
        for start in range(0, len(images), CHUNK):  # as engine.export does, 64 files per task
            writer.submit(write_pngs, images[start:start + CHUNK], paths[start:start + CHUNK],
                          weight=len(paths[start:start + CHUNK]))
        writer.drain()
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(rows)
        write_new_file(staging / "manifest.csv", text.getvalue().encode())
        used_workers = writer.workers
    wall = time.perf_counter() - t0
    n_files = sum(1 for _ in target.rglob("*.png"))
    size = sum(p.stat().st_size for p in (target / "0").iterdir()) / max(1, n_files // classes)
    assert n_files == len(images)
    return {"images": n_files, "seconds": round(wall, 2), "images_per_s": round(n_files / wall),
            "workers": used_workers, "mean_png_bytes": round(size)}


def bench_end_to_end(n: int, size: int, root: Path, workers: int) -> dict:
    """``export_dataset`` from a 1-step 28x28 cGAN: sampling + writing, synthetic only."""
    from engine.config import RunConfig
    from engine.data.sample import load_sample
    from engine.export.dataset import ExportRequest, export_dataset
    from engine.train.trainer import train

    cfg = RunConfig()
    cfg.data.image_size = size
    cfg.model.name = "cgan"
    cfg.train.steps = 1
    cfg.train.batch_size = 16
    cfg.train.threads = 2
    cfg.train.device = "cpu"
    train(cfg, load_sample(size), root / "run")
    per_class = n // 10
    from engine.generate import generate_seeds
    from engine.runs import load_trained

    model = load_trained(root / "run")
    t0 = time.perf_counter()
    generate_seeds(model, [k % 10 for k in range(2560)], list(range(2560)))
    sampling = 2560 / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    summary = export_dataset(ExportRequest(str(root / "run"), "sample", str(root / "e2e"),
                                           per_class=per_class, include_real=False, make_sheet=True,
                                           workers=workers))
    wall = time.perf_counter() - t0
    return {"images": summary["synthetic"], "seconds": round(wall, 2),
            "images_per_s": round(summary["synthetic"] / wall),
            "sampling_only_images_per_s": round(sampling), "generator_width": model.args.width}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--images", type=int, default=60_000)
    p.add_argument("--size", type=int, default=28)
    p.add_argument("--workers", type=int, default=0, help="writer threads (0 = automatic)")
    p.add_argument("--dir", default=tempfile.gettempdir(), help="where to write (a temporary folder)")
    p.add_argument("--skip-end-to-end", action="store_true")
    args = p.parse_args()
    torch.set_num_threads(2)
    images = fake_samples(args.images, args.size)
    root = Path(tempfile.mkdtemp(prefix="genaug-export-bench-", dir=args.dir))
    try:
        writer = bench_writer(images, root, args.workers)
        shutil.rmtree(root / "writer_out")
        e2e = None if args.skip_end_to_end else bench_end_to_end(args.images, args.size, root, args.workers)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps({
        "benchmark": "export", "image_size": args.size, "cores": os.cpu_count(),
        "target_images_per_s": 3000, "writer": writer, "end_to_end": e2e, "dir": args.dir,
    }))


if __name__ == "__main__":
    main()
