"""The built-in sample: 2,200 MNIST handwritten digits (28x28, 10 classes), shipped offline.

A small-data case, like the datasets users bring: its split is fixed and ships with it
(:func:`sample_split`): 20 images per class train, 200 per class are held out for evaluation. A
classifier trained on those 200 real images scores about 80-85% on the held-out ones, so synthetic
images have room to help (the UCI 8x8 digits shipped before scored 98% with 20 per class: nothing
could be gained). ``resources/sample/digits.npz`` is made once by
``resources/sample/make_sample.py``; the licence note is beside it.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from engine.data.dataset import ImageSet
from engine.paths import resource_path

SAMPLE_NAME = "sample"
SAMPLE_DEFAULT_SIZE = 28  # the digits' own size ("automatic", as for any folder)
SAMPLE_IMAGES = 2200  # 20 per class to train on, 200 per class held out
SAMPLE_TRAIN_PER_CLASS = 20  # the fixed split: this many images of every class train


def sample_file():
    """Path of the packed sample dataset."""
    return resource_path("sample", "digits.npz")


def load_sample(image_size: int = 0, channels: int = 0) -> ImageSet:
    """Load the built-in digits, resized to ``image_size`` with antialiased bilinear filtering."""
    image_size = image_size or SAMPLE_DEFAULT_SIZE
    channels = channels or 1
    with np.load(sample_file()) as packed:
        images = torch.from_numpy(packed["images"]).unsqueeze(1)  # (N, 1, 28, 28) uint8
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


def is_full_sample(data: ImageSet) -> bool:
    """Whether ``data`` is the whole built-in sample (at any size), so its fixed split applies."""
    return data.source == SAMPLE_NAME and len(data) == SAMPLE_IMAGES


def sample_split(data: ImageSet) -> tuple[torch.Tensor, torch.Tensor]:
    """The sample's fixed (train, held-out) indices: 20 per class train, the rest are held out."""
    if not is_full_sample(data):
        raise ValueError(f"not the whole built-in sample ({len(data)} images of {data.source!r})")
    with np.load(sample_file()) as packed:
        train = torch.from_numpy(packed["train_index"]).long()
    held = torch.ones(len(data), dtype=torch.bool)
    held[train] = False
    return train, torch.nonzero(held).flatten()
