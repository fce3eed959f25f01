"""How thoroughly to evaluate: the one settings dataclass of the Evaluate step, with its checks."""

from __future__ import annotations

import math
from dataclasses import dataclass

from engine.errors import UserError
from engine.evaluate.classifier import ClassifierRecipe


@dataclass
class EvalConfig:
    """How thoroughly to evaluate; the defaults take a few minutes on the sample on 2 CPU cores."""

    seeds: int = 3  # classifier seeds per arm on the test split (and per choice on validation)
    classifier_steps: int = 400  # optimiser steps per classifier (the same for every arm)
    batch_size: int = 64  # classifier batch
    width: int = 16  # classifier width (channels of its first layer)
    amounts: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)  # synthetic per class / real per class, candidates
    confidences: tuple[float, ...] = (0.9,)  # judge thresholds the filtered candidates keep samples at
    metric_samples: int = 2000  # most images per side for FD / KID / precision-recall
    memorization_samples: int = 2000  # generated images checked against every training image
    seed: int = 0  # first seed of the synthetic images (image i of a class uses seed + i)
    classifier_seed: int = 0  # first classifier seed; also fixes the validation split
    temperature: float = 1.0  # noise scale of the synthetic images (as in the gallery)
    bootstrap: int = 2000  # bootstrap resamples of (seeds, test images) behind every interval
    device: str = "auto"
    test_dir: str | None = None  # a separate labelled test folder instead of the held-out split

    def recipe(self) -> ClassifierRecipe:
        """The classifier recipe every arm and every candidate is trained with."""
        return ClassifierRecipe(steps=self.classifier_steps, batch_size=self.batch_size, width=self.width)

    def candidates(self) -> list[tuple[float, float | None]]:
        """Every (amount, threshold or None) the validation chooses among, smallest amount first."""
        return [(a, t) for a in self.amounts for t in (None, *self.confidences)]

    def check(self) -> None:
        """Raise :class:`UserError` for settings that cannot give an answer."""
        if self.seeds < 1:
            raise UserError(f"--seeds must be at least 1, not {self.seeds}")
        if self.classifier_steps < 1:
            raise UserError(f"--classifier-steps must be at least 1, not {self.classifier_steps}")
        if not self.amounts or any(not math.isfinite(a) or a <= 0 for a in self.amounts):
            raise UserError(f"Amounts must be positive multiples of the real count, not {self.amounts}")
        if any(not 0.0 <= c < 1.0 for c in self.confidences):
            raise UserError(f"--confidence must be in [0, 1), not {', '.join(map(str, self.confidences))}")
        if self.bootstrap < 100:
            raise UserError(f"bootstrap must be at least 100 resamples, not {self.bootstrap}")
