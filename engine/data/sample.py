"""The built-in sample: UCI handwritten digits (8x8, 10 classes, 1,797 images), shipped offline.

``resources/sample/digits.npz`` is made once by ``resources/sample/make_sample.py``; the licence
note is beside it.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from engine.data.dataset import ImageSet
from engine.paths import resource_path

SAMPLE_NAME = "sample"
SAMPLE_DEFAULT_SIZE = 16  # the digits are 8x8; 16 gives the conv nets room and trains in seconds


def sample_file():
    """Path of the packed sample dataset."""
    return resource_path("sample", "digits.npz")


def load_sample(image_size: int = 0, channels: int = 0) -> ImageSet:
    """Load the built-in digits, resized to ``image_size`` with antialiased bilinear filtering."""
    image_size = image_size or SAMPLE_DEFAULT_SIZE
    channels = channels or 1
    with np.load(sample_file()) as packed:
        images = torch.from_numpy(packed["images"]).unsqueeze(1)  # (N, 1, 8, 8) uint8
        labels = torch.from_numpy(packed["labels"]).long()
        class_names = [str(x) for x in packed["class_names"]]
    if images.shape[-1] != image_size:
        resized = F.interpolate(
            images.float(), size=(image_size, image_size), mode="bilinear", antialias=True
        )
        images = resized.round().clamp(0, 255).to(torch.uint8)
    if channels == 3:
        images = images.repeat(1, 3, 1, 1)
    return ImageSet(
        images=images.contiguous(),
        labels=labels,
        class_names=class_names,
        files=[""] * len(labels),
        source=SAMPLE_NAME,
    )
