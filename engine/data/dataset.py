"""The in-memory dataset: one uint8 tensor of images plus labels, and the report of its files."""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from engine.data.problems import DataWarning, Problem

__all__ = ["DataWarning", "ImageSet", "Problem", "stratified_split"]


@dataclass
class ImageSet:
    """A labelled image set held as one tensor, ready for the training loop.

    Attributes
    ----------
    images : torch.Tensor
        ``uint8`` of shape (N, C, H, W), values 0-255.
    labels : torch.Tensor
        ``int64`` of shape (N,), indices into ``class_names``.
    class_names : list of str
        Label names in index order (the class folder names).
    files : list of str
        Source file of each image; empty strings for images that have no file (the sample).
    source : str
        The folder it came from, or ``"sample"``.
    problems : list of Problem
        Every file that was skipped or converted.
    warnings : list of DataWarning
        Class-level findings: empty or single-image classes, imbalance, duplicates, small images.
    stats : dict
        Facts of the scan for the report: original sizes and modes, files seen, cache use, time.
    """

    images: torch.Tensor
    labels: torch.Tensor
    class_names: list[str]
    files: list[str]
    source: str
    problems: list[Problem] = field(default_factory=list)
    warnings: list[DataWarning] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.images.shape[0])

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    @property
    def channels(self) -> int:
        return int(self.images.shape[1])

    @property
    def image_size(self) -> int:
        return int(self.images.shape[-1])

    def class_counts(self) -> list[int]:
        """Number of images per class, in class order."""
        return torch.bincount(self.labels, minlength=self.num_classes).tolist()

    def subset(self, index: torch.Tensor) -> ImageSet:
        """A new ImageSet holding only the images at ``index`` (problems are kept)."""
        idx = index.tolist()
        return ImageSet(
            images=self.images[index],
            labels=self.labels[index],
            class_names=list(self.class_names),
            files=[self.files[i] for i in idx],
            source=self.source,
            problems=list(self.problems),
            warnings=list(self.warnings),
            stats=dict(self.stats),
        )

    def summary(self) -> dict:
        """Plain-dict summary for the CLI's JSON line and the GUI's labels."""
        return {
            "source": self.source,
            "images": len(self),
            "classes": self.num_classes,
            "class_counts": dict(zip(self.class_names, self.class_counts(), strict=True)),
            "image_size": self.image_size,
            "channels": self.channels,
            "problems": len(self.problems),
            "skipped": sum(p.action.startswith("skipped") for p in self.problems),
            "converted": sum(p.action == "converted" for p in self.problems),
            "warnings": [w.message for w in self.warnings],
        }


def stratified_split(
    labels: torch.Tensor, num_classes: int, fraction: float, seed: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Split indices into (train, held-out), taking ``fraction`` of every class.

    Each class with at least two images gives at least one to the held-out split, so evaluation
    sees every class; a class with one image keeps it for training. The seed fixes the split.
    """
    gen = torch.Generator().manual_seed(seed)
    train, held = [], []
    for c in range(num_classes):
        idx = torch.nonzero(labels == c).flatten()
        idx = idx[torch.randperm(len(idx), generator=gen)]
        n_held = round(len(idx) * fraction) if fraction > 0 else 0
        if fraction > 0 and len(idx) >= 2:
            n_held = min(max(n_held, 1), len(idx) - 1)
        held.append(idx[:n_held])
        train.append(idx[n_held:])
    return torch.cat(train).sort().values, torch.cat(held).sort().values
