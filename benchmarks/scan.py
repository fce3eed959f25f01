"""Dataset scan speed and memory: 60,000 28x28 grayscale PNGs, first scan and reopen from the cache.

    python benchmarks/scan.py [--files 60000] [--classes 10] [--image-size 28] [--workers 0]

Makes the PNGs in a temporary folder (in worker processes, so they do not count towards this
process's memory), then times ``scan_folder`` twice with a fresh cache folder: the first scan
decodes and validates every file (and writes the cache), the second reopens from the cache.
Memory is this process's peak resident size above its resident size just before the first scan
(``VmHWM`` reset through ``/proc/self/clear_refs``, Linux); each decoding worker process holds
one chunk of files at a time. The files were just written, so they are in the OS page cache: this
measures decoding, not the disk. Prints one JSON line. Run it alone (under the CPU lock).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _make_chunk(args) -> int:
    """Write PNGs ``start..stop`` into ``root/class_k/``: a blob on black, like handwritten digits."""
    import numpy as np
    from PIL import Image

    root, start, stop, classes = args
    rng = np.random.default_rng(start)
    yy, xx = np.mgrid[0:28, 0:28]
    for i in range(start, stop):
        cy, cx, r = rng.uniform(8, 20), rng.uniform(8, 20), rng.uniform(4, 9)
        img = (255 * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * r * r))).astype(np.uint8)
        img = np.maximum(img, rng.integers(0, 30, img.shape, dtype=np.uint8))
        Image.fromarray(img, "L").save(os.path.join(root, f"class_{i % classes}", f"{i:06d}.png"))
    return stop - start


def make_dataset(root: str, files: int, classes: int) -> float:
    """Write the PNGs; returns the seconds it took."""
    t = time.perf_counter()
    for k in range(classes):
        os.makedirs(os.path.join(root, f"class_{k}"), exist_ok=True)
    step = 2000
    jobs = [(root, s, min(s + step, files), classes) for s in range(0, files, step)]
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        assert sum(pool.map(_make_chunk, jobs)) == files
    return time.perf_counter() - t


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # resets VmHWM to the current resident size
        return True
    except OSError:
        return False


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--files", type=int, default=60_000)
    p.add_argument("--classes", type=int, default=10)
    p.add_argument("--image-size", type=int, default=28, help="training size (28: no resize)")
    p.add_argument("--workers", type=int, default=0, help="decoding workers (0: one per core)")
    p.add_argument("--parallel", default="auto", choices=["auto", "processes", "threads"])
    args = p.parse_args()

    tmp = tempfile.mkdtemp(prefix="genaug-scan-bench-")
    os.environ["GENAUG_CACHE_DIR"] = os.path.join(tmp, "cache")  # a cold, private cache
    try:
        root = os.path.join(tmp, "data")
        make_s = make_dataset(root, args.files, args.classes)

        import torch  # noqa: F401 - imported before the baseline, like in the app

        from engine.data.scan import scan_folder

        can_reset = _reset_peak()
        base_kb = _status_kb("VmRSS")
        t = time.perf_counter()
        data = scan_folder(root, args.image_size, 0, parallel=args.parallel, workers=args.workers)
        first_s = time.perf_counter() - t
        peak_first_kb = _status_kb("VmHWM")
        n, shape = len(data), list(data.images.shape)
        assert n == args.files and not data.problems, "every generated file must load cleanly"
        del data

        t = time.perf_counter()
        again = scan_folder(root, args.image_size, 0, parallel=args.parallel, workers=args.workers)
        reopen_s = time.perf_counter() - t
        assert len(again) == n and again.stats["from_cache"] == n
        peak_kb = _status_kb("VmHWM")
        cache_mb = sum(f.stat().st_size for f in Path(tmp, "cache").glob("*.npz")) / 2**20
        print(json.dumps({
            "benchmark": "scan", "files": n, "classes": args.classes, "tensor": shape,
            "cpu_cores": os.cpu_count(), "make_files_s": round(make_s, 2),
            "first_scan_s": round(first_s, 3), "first_scan_files_per_s": round(n / first_s),
            "reopen_s": round(reopen_s, 3), "reopen_files_per_s": round(n / reopen_s),
            "peak_mb_above_baseline_first_scan": round((peak_first_kb - base_kb) / 1024, 1),
            "peak_mb_above_baseline": round((peak_kb - base_kb) / 1024, 1),
            "peak_measured": "VmHWM reset" if can_reset else "VmHWM since start (upper bound)",
            "cache_file_mb": round(cache_mb, 1),
        }))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
