"""What the gallery shows of a class, and the work that makes it (run on the panel's worker).

:class:`ClassSamples` is the images of one class with the seeds and the settings that made them
(seed, temperature and truncation name an image, and so its rejection). The functions below are
the gallery's long work: plain functions of their inputs, with the ``progress`` and
``should_stop`` hooks where they take time, so tests can call them without a thread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from engine.export.curation import Curation, flag_memorized
from engine.generate import generate_seeds, interpolate
from engine.runs import TrainedModel
from engine.train.grid import to_grid_array


@dataclass
class ClassSamples:
    """The samples of one class currently in the gallery."""

    images: np.ndarray  # (N, H, W, C) uint8
    seeds: list[int]
    temperature: float
    truncation: float  # 0 = off; with the temperature, names the images (and their rejections)

    def followed_by(self, more: ClassSamples) -> ClassSamples:
        """These samples, then ``more`` (made at ``more``'s temperature and truncation)."""
        return ClassSamples(np.concatenate([self.images, more.images]), self.seeds + more.seeds,
                            more.temperature, more.truncation)

    def rejected_in(self, curation: Curation, class_name: str) -> np.ndarray:
        """Which of the seeds ``curation`` holds as rejected in ``class_name``, (N,) bool."""
        return np.array([curation.is_rejected(class_name, s, self.temperature, truncation=self.truncation)
                         for s in self.seeds], bool)


def generate_class(model: TrainedModel, label: int, seeds: list[int], temperature: float,
                   truncation: float, progress=None, should_stop=None) -> np.ndarray:
    """One image of class ``label`` per seed, as (N, H, W, C) uint8 for the thumbnails."""
    made = generate_seeds(model, [label] * len(seeds), seeds, temperature, progress, should_stop,
                          truncation=truncation)
    return made.images.permute(0, 2, 3, 1).contiguous().numpy()  # (N, H, W, C)


def interpolation_strip(model: TrainedModel, label: int, seed_a: int, seed_b: int, steps: int,
                        temperature: float, truncation: float) -> np.ndarray:
    """The morph from seed A's image to seed B's in class ``label``, side by side (H, W, C)."""
    strip = interpolate(model, label, seed_a, seed_b, steps, temperature,
                        truncation=truncation)  # (steps, C, H, W)
    return to_grid_array(strip, per_row=steps)


def memorized_mask(images: np.ndarray, train_images: torch.Tensor) -> np.ndarray:
    """Which of ``images`` (N, H, W, C) are near-copies of a training image, (N,) bool."""
    mask, _, _ = flag_memorized(torch.from_numpy(images).permute(0, 3, 1, 2), train_images)
    return mask.numpy()
