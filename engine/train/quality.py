"""A quality curve during training: Fréchet distance and label agreement of the live samples.

Losses of a GAN say little about the images; this measures them. A small judge classifier is
trained once on the training images (lazily, at the first measurement, inside a forked RNG so the
training run's random streams and bit-exact resume are untouched). Every ``quality_every`` steps
the generator (its EMA for the GAN) draws a fixed set of samples, and the probe reports
``quality/fd`` (Fréchet distance to the training images in the judge's features; lower is better)
and ``quality/agreement`` (how often the judge recognises the intended class).
"""

from __future__ import annotations

import torch
from torch import nn

from engine.evaluate.classifier import ClassifierRecipe, predict, train_classifier
from engine.evaluate.metrics import embed, frechet_distance, label_agreement
from engine.models.registry import ModelSpec

QUALITY_METRICS = ("quality/fd", "quality/agreement")
PROBE_RECIPE = ClassifierRecipe(steps=150, batch_size=64, width=16)  # about 2 s on 2 cores at 16 px
PROBE_SAMPLES = 500  # generated (and real) images per measurement, spread over the classes


class QualityProbe:
    """Measures the generator against the training images; built once per run.

    Parameters
    ----------
    images, labels : torch.Tensor
        The training images (N, C, H, W) uint8 and labels (N,), on any device.
    num_classes, latent_dim : int
        Of the model being trained.
    device : torch.device
        Where the judge and the sampling run.
    seed : int
        Fixes the judge's training and the probe's noise.
    """

    def __init__(self, images: torch.Tensor, labels: torch.Tensor, num_classes: int, latent_dim: int,
                 device: torch.device, seed: int):
        self.device = device
        forked = [device.index or 0] if device.type == "cuda" else []
        with torch.random.fork_rng(devices=forked):
            self.judge = train_classifier(images.cpu(), labels.cpu(), num_classes, PROBE_RECIPE,
                                          seed=seed, device=device)
        per_class = max(1, PROBE_SAMPLES // num_classes)
        gen = torch.Generator().manual_seed(seed + 2)
        real_pick = torch.cat([
            torch.nonzero(labels.cpu() == c).flatten()[:per_class] for c in range(num_classes)
        ])
        self.real_feat = embed(self.judge, images[real_pick.to(images.device)].cpu())  # (R, D)
        self.y = torch.arange(num_classes).repeat_interleave(per_class)  # (S,)
        self.z = torch.randn(len(self.y), latent_dim, generator=gen)  # (S, latent), fixed

    @torch.no_grad()
    def measure(self, spec: ModelSpec, nets: dict[str, nn.Module]) -> dict[str, float]:
        """``{"quality/fd": ..., "quality/agreement": ...}`` for the generator's current weights."""
        gen = nets[spec.generator_key]
        was_training = gen.training
        gen.eval()
        images = spec.to_images(nets, self.z.to(self.device), self.y.to(self.device))  # (S, C, H, W)
        gen.train(was_training)
        fake = images.mul(255).round().clamp(0, 255).to(torch.uint8).cpu()
        fd = frechet_distance(self.real_feat, embed(self.judge, fake))
        agreement = label_agreement(predict(self.judge, fake), self.y)
        return {"quality/fd": fd if fd is not None else float("nan"),
                "quality/agreement": agreement if agreement is not None else float("nan")}
