"""The synthetic images an evaluation draws from: per class in seed order, with the judge's confidence.

One classifier draws only ``classifier_steps * batch_size`` images in all, so no more distinct
synthetic images are generated than that (and never fewer than the real count): a larger amount
reuses them with a higher sampling weight, keeping its share of every batch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch


@dataclass
class SyntheticPool:
    """Synthetic images, per class in seed order, with what the judge makes of each."""

    images: torch.Tensor  # (P, C, H, W) uint8
    labels: torch.Tensor  # (P,) the class each image was generated for
    rank: torch.Tensor  # (P,) position of each image within its class (its seed is seed + rank)
    confidence: torch.Tensor = field(default_factory=lambda: torch.empty(0))  # (P,) judge p(intended)
    predicted: torch.Tensor = field(default_factory=lambda: torch.empty(0, dtype=torch.int64))  # (P,)

    def take(self, per_class: list[int], threshold: float | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """The first ``per_class[c]`` images of each class (only confident ones with a ``threshold``)."""
        images, labels, _ = self.take_weighted(per_class, threshold)
        return images, labels

    def take_weighted(self, per_class: list[int],
                      threshold: float | None = None) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """As :meth:`take`, with each image's sampling weight: above 1 where a class asks for more
        images than the pool holds, so the class counts as ``per_class[c]`` images in a batch."""
        keep = torch.ones(len(self.labels), dtype=torch.bool)
        if threshold is not None:
            keep &= self.confidence >= threshold
        chosen, weights = [], []
        for c, n in enumerate(per_class):
            in_class = self.labels == c
            idx = torch.nonzero(keep & in_class).flatten()[:n]
            chosen.append(idx)
            weights.append(torch.full((len(idx),), n / max(1, min(n, int(in_class.sum())))))
        idx = torch.cat(chosen)
        return self.images[idx], self.labels[idx], torch.cat(weights)

    def mixed(self, real_x: torch.Tensor, real_y: torch.Tensor, amount: float,
              threshold: float | None, num_classes: int) -> dict:
        """Real images plus ``amount`` times their per-class count of synthetic ones, as the keyword
        arguments of ``train_classifier`` (images, labels, weights)."""
        counts = torch.bincount(real_y, minlength=num_classes)
        sx, sy, sw = self.take_weighted([round(amount * int(n)) for n in counts], threshold)
        weights = None if bool((sw == 1).all()) else torch.cat([torch.ones(len(real_y)), sw])
        return {"images": torch.cat([real_x, sx]), "labels": torch.cat([real_y, sy]), "weights": weights}


def pool_counts(amounts: tuple[float, ...], real_counts: list[int], draws: int) -> list[int]:
    """Per-class pool sizes: enough for the largest amount, but at most what one classifier draws.

    ``draws`` is ``classifier_steps * batch_size``; never fewer than the real count (1x).
    """
    visible = draws / max(1, sum(real_counts))
    amount = min(max((*amounts, 1.0)), max(1.0, visible))
    return [math.ceil(amount * n) for n in real_counts]


def spread(total: int, k: int) -> list[int]:
    """``total`` samples spread evenly over ``k`` classes."""
    return [total // k + (1 if c < total % k else 0) for c in range(k)]


def balanced(labels: torch.Tensor, total: int, k: int) -> torch.Tensor:
    """Indices of at most ``total`` items, as evenly spread over the classes as they allow."""
    by_class = [torch.nonzero(labels == c).flatten() for c in range(k)]
    quota = spread(total, k)
    return torch.cat([idx[:q] for idx, q in zip(by_class, quota, strict=True)]).sort().values


def ranks(labels: torch.Tensor) -> torch.Tensor:
    """Position of each item within its class, in order (labels sorted by class as ``take`` returns)."""
    rank = torch.zeros(len(labels), dtype=torch.int64)
    for c in labels.unique().tolist():
        idx = torch.nonzero(labels == c).flatten()
        rank[idx] = torch.arange(len(idx))
    return rank
