"""Classical augmentation (flips, shifts, crops) from torchvision.transforms.v2, chosen to suit the data.

A horizontal flip turns a "2" into something that is not a "2", but leaves a cat a cat. Which
flips preserve the labels is measured rather than assumed: the judge classifier (trained on the
real images without flips) classifies flipped training images, and a flip is used only when its
accuracy stays within :data:`FLIP_KEEP` of the unflipped accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from engine.evaluate.classifier import SmallCNN, predict, to_input

FLIP_KEEP = 0.95  # a flip is label-preserving when it keeps 95% of the judge's accuracy
FLIP_CHECK = 2000  # training images the flip check looks at
GROUP = 8  # images that share one draw of transform parameters (v2 draws once per call)


@dataclass
class ClassicalAugment:
    """A batch augmentation for float images in [-1, 1]; ``describe()`` says what it does."""

    horizontal_flip: bool = False
    vertical_flip: bool = False
    degrees: float = 10.0  # random rotation range, +-
    translate: float = 0.1  # random shift, fraction of the side
    scale: tuple[float, float] = (0.9, 1.1)  # random zoom (a crop when above 1)
    evidence: dict = field(default_factory=dict)  # the judge's accuracies behind the choice

    def __post_init__(self):
        from torchvision.transforms import v2  # imported late: torchvision costs seconds at start-up

        steps: list = [v2.RandomAffine(degrees=self.degrees, translate=(self.translate, self.translate),
                                       scale=self.scale, fill=-1.0)]
        if self.horizontal_flip:
            steps.append(v2.RandomHorizontalFlip())
        if self.vertical_flip:
            steps.append(v2.RandomVerticalFlip())
        self._transform = v2.Compose(steps)

    def __call__(self, x: torch.Tensor, group: int = GROUP) -> torch.Tensor:
        """Augment a batch (B, C, H, W); every ``group`` images get their own draw."""
        return torch.cat([self._transform(part) for part in x.split(group)])

    def describe(self) -> str:
        flips = [name for name, on in (("horizontal flip", self.horizontal_flip),
                                       ("vertical flip", self.vertical_flip)) if on]
        moves = (f"rotation ±{self.degrees:g}°, shift ±{self.translate:.0%}, "
                 f"zoom {self.scale[0]:g}-{self.scale[1]:g}")
        return ", ".join([moves, *flips])

    def to_dict(self) -> dict:
        return {"description": self.describe(), "horizontal_flip": self.horizontal_flip,
                "vertical_flip": self.vertical_flip, "degrees": self.degrees,
                "translate": self.translate, "scale": list(self.scale), "evidence": self.evidence}


def moved_copies(images: torch.Tensor, augment: ClassicalAugment, seed: int, group: int = 1) -> torch.Tensor:
    """uint8 ``images`` (B, C, H, W), each moved once by ``augment``: classical augmentation written
    out, for a folder whose classifier trains without it.

    Every ``group`` images share a draw (1: each its own; ``benchmarks/quality.py``'s committed
    figures used :data:`GROUP`). The same ``seed`` gives the same moves; torch's global random
    state (which the v2 transforms draw from) is left as it was.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        x = augment(to_input(images), group)  # (B, C, H, W) in [-1, 1]
    return x.add_(1.0).mul_(127.5).round_().clamp_(0, 255).to(torch.uint8)


def choose_classical(judge: SmallCNN, images: torch.Tensor, labels: torch.Tensor) -> ClassicalAugment:
    """Pick the classical augmentation for a dataset: small affine moves always, flips when measured safe.

    Parameters
    ----------
    judge : SmallCNN
        A classifier trained on ``images`` without flips.
    images, labels : torch.Tensor
        The real training images (N, C, H, W) uint8 and labels (N,).
    """
    gen = torch.Generator().manual_seed(0)
    pick = torch.randperm(len(images), generator=gen)[:FLIP_CHECK]
    x, y = images[pick], labels[pick]

    def acc(batch: torch.Tensor) -> float:
        return float((predict(judge, batch).argmax(1) == y).float().mean())

    plain = acc(x)
    h_acc, v_acc = acc(x.flip(-1)), acc(x.flip(-2))
    return ClassicalAugment(
        horizontal_flip=h_acc >= FLIP_KEEP * plain, vertical_flip=v_acc >= FLIP_KEEP * plain,
        evidence={"accuracy": plain, "horizontal_flip_accuracy": h_acc, "vertical_flip_accuracy": v_acc},
    )
