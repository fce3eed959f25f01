"""A small CNN classifier trained here, on the user's data: the judge of whether synthetic images help.

No downloaded weights anywhere: it is trained from scratch in seconds to a minute on a CPU.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from engine.errors import Cancelled
from engine.models.layout import to_memory_format
from engine.models.optim import fused
from engine.runs.checkpoint import save_checkpoint


class SmallCNN(nn.Module):
    """Three conv blocks and a linear head; works for any input of 8 pixels or more."""

    def __init__(self, channels: int, num_classes: int, width: int = 32):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(channels, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
            nn.Conv2d(width, 2 * width, 3, padding=1), nn.BatchNorm2d(2 * width),
            nn.ReLU(inplace=True), nn.MaxPool2d(2),
            nn.Conv2d(2 * width, 4 * width, 3, padding=1), nn.BatchNorm2d(4 * width),
            nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )
        self.head = nn.Sequential(nn.Dropout(0.3), nn.Linear(4 * width, num_classes))

    def embed(self, x: torch.Tensor) -> torch.Tensor:
        """Penultimate features (B, 4 * width): what quality metrics are computed on."""
        return self.features(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))  # (B, num_classes) logits


@dataclass
class ClassifierRecipe:
    """How the judge classifier is trained; the same recipe for every arm of a comparison."""

    steps: int = 600  # optimiser steps (fixed, so every arm gets the same compute)
    batch_size: int = 128
    lr: float = 2e-3  # Adam, decayed to 0 with a cosine schedule
    width: int = 32
    weight_decay: float = 5e-4


def to_input(images_u8: torch.Tensor) -> torch.Tensor:
    """The classifier's input: uint8 images as floats in [-1, 1]."""
    return images_u8.float().div_(127.5).sub_(1.0)  # (B, C, H, W) in [-1, 1]


def train_classifier(
    images: torch.Tensor,
    labels: torch.Tensor,
    num_classes: int,
    recipe: ClassifierRecipe | None = None,
    seed: int = 0,
    device: torch.device | str = "cpu",
    augment: Callable[[torch.Tensor], torch.Tensor] | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    weights: torch.Tensor | None = None,
) -> SmallCNN:
    """Train a :class:`SmallCNN` on uint8 ``images`` (N, C, H, W) and ``labels`` (N,).

    ``augment`` maps a float batch in [-1, 1] to an augmented one (e.g. torchvision v2 transforms).
    ``weights`` (N,) makes image ``i`` drawn in proportion to ``weights[i]`` (default: uniformly).
    """
    recipe = recipe or ClassifierRecipe()
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = SmallCNN(images.shape[1], num_classes, recipe.width).to(device)
    to_memory_format({"classifier": model}, torch.device(device))  # about 1.4x faster fits on a CPU
    opt = fused(torch.optim.AdamW, model.parameters(), device, lr=recipe.lr, weight_decay=recipe.weight_decay)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, recipe.steps)
    images, labels = images.to(device), labels.to(device)
    model.train()
    for step in range(recipe.steps):
        if should_stop is not None and should_stop():
            raise Cancelled()
        if weights is None:
            idx = torch.randint(0, len(images), (recipe.batch_size,), generator=gen)
        else:
            idx = torch.multinomial(weights, recipe.batch_size, replacement=True, generator=gen)
        idx = idx.to(device)
        x = to_input(images[idx])
        if augment is not None:
            x = augment(x)
        loss = F.cross_entropy(model(x), labels[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        if progress is not None and (step + 1) % 50 == 0:
            progress(step + 1, recipe.steps)
    return model.eval()


@torch.no_grad()
def predict(model: SmallCNN, images: torch.Tensor, batch: int = 1024) -> torch.Tensor:
    """Class probabilities (N, K) for uint8 images."""
    device = next(model.parameters()).device
    model.eval()
    out = [F.softmax(model(to_input(images[i:i + batch].to(device))), dim=1).cpu()
           for i in range(0, len(images), batch)]
    return torch.cat(out) if out else torch.empty(0, model.head[-1].out_features)


def accuracy(model: SmallCNN, images: torch.Tensor, labels: torch.Tensor, num_classes: int) -> dict:
    """Overall accuracy and per-class recall on a labelled set."""
    pred = predict(model, images).argmax(dim=1)
    correct = pred == labels
    recall = [float(correct[labels == c].float().mean()) if (labels == c).any() else float("nan")
              for c in range(num_classes)]
    return {"accuracy": float(correct.float().mean()), "recall": recall}


def save_classifier(model: SmallCNN, path) -> None:
    """Save a classifier with its constructor arguments, so the file alone rebuilds it."""
    first, head = model.features[0], model.head[-1]
    save_checkpoint(Path(path), {"channels": first.in_channels, "num_classes": head.out_features,
                                 "width": first.out_channels, "state": model.state_dict()})


def load_classifier(path, device: torch.device | str = "cpu") -> SmallCNN:
    """Rebuild a classifier saved by :func:`save_classifier` (weights only; no code is unpickled)."""
    payload = torch.load(path, map_location=device, weights_only=True)
    model = SmallCNN(int(payload["channels"]), int(payload["num_classes"]), int(payload["width"]))
    model.load_state_dict(payload["state"])
    model = model.to(device)
    to_memory_format({"classifier": model}, torch.device(device))
    return model.eval()
