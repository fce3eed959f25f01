"""Pack the UCI handwritten digits into ``digits.npz`` (run once; the result is committed).

The digits ship inside scikit-learn (``sklearn/datasets/data/digits.csv.gz``), which is not a
dependency of the app: install it anywhere, e.g. ``pip install --target /tmp/skl scikit-learn``, then
``PYTHONPATH=/tmp/skl python resources/sample/make_sample.py``.
"""

from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits


def main() -> None:
    digits = load_digits()
    # Pixel values are counts 0..16 of set pixels in a 4x4 block; scale to 0..255 gray levels.
    images = np.rint(digits.images * (255.0 / 16.0)).astype(np.uint8)  # (1797, 8, 8)
    labels = digits.target.astype(np.int64)
    class_names = np.array([str(c) for c in digits.target_names])
    out = Path(__file__).with_name("digits.npz")
    np.savez_compressed(out, images=images, labels=labels, class_names=class_names)
    print(f"wrote {out}: {images.shape[0]} images, {len(class_names)} classes")


if __name__ == "__main__":
    main()
