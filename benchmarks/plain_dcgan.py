"""A plain conditional DCGAN (Radford et al. 2016; class as one-hot input, Mirza & Osindero 2014),
of the size of pytorch/examples' dcgan: the reference that the benchmarks compare the app to
(quality in quality.py and time_to_quality.py, speed in train_throughput.py).

No tricks: transposed convolutions, batch norm, BCE loss, Adam 2e-4 / beta1 0.5, no EMA, no
augmentation. Image side must be a multiple of 4 (16, 28, 32, 64 ...).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn


class PlainG(nn.Module):
    def __init__(self, k: int, c: int, size: int, nz: int = 64, w: int = 64):
        super().__init__()
        self.k, self.s = k, size // 4
        n = 2 * w * self.s ** 2
        self.fc = nn.Sequential(nn.Linear(nz + k, n), nn.BatchNorm1d(n), nn.ReLU())
        self.net = nn.Sequential(
            nn.ConvTranspose2d(2 * w, w, 4, 2, 1), nn.BatchNorm2d(w), nn.ReLU(),
            nn.ConvTranspose2d(w, c, 4, 2, 1), nn.Tanh())

    def forward(self, z, y):  # (B, nz), (B,) -> (B, C, H, W) in [-1, 1]
        h = self.fc(torch.cat([z, F.one_hot(y, self.k).float()], 1))
        return self.net(h.view(len(z), -1, self.s, self.s))


class PlainD(nn.Module):
    def __init__(self, k: int, c: int, size: int, w: int = 64):
        super().__init__()
        self.k = k
        self.net = nn.Sequential(
            nn.Conv2d(c + k, w, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(w, 2 * w, 4, 2, 1), nn.BatchNorm2d(2 * w), nn.LeakyReLU(0.2),
            nn.Flatten(), nn.Linear(2 * w * (size // 4) ** 2, 1))

    def forward(self, x, y):  # label maps as extra input channels -> (B,) logits
        maps = F.one_hot(y, self.k).float()[:, :, None, None].expand(-1, -1, *x.shape[2:])
        return self.net(torch.cat([x, maps], 1)).squeeze(1)


class PlainDCGAN:
    """G, D, their Adam optimisers (2e-4, beta1 0.5) and one training step, on any device."""

    def __init__(self, k: int, c: int, size: int, nz: int = 64, device: str | torch.device = "cpu"):
        self.nz = nz
        self.g, self.d = PlainG(k, c, size, nz).to(device), PlainD(k, c, size).to(device)
        self.opt_g = torch.optim.Adam(self.g.parameters(), 2e-4, betas=(0.5, 0.999))
        self.opt_d = torch.optim.Adam(self.d.parameters(), 2e-4, betas=(0.5, 0.999))

    def step(self, x: torch.Tensor, y: torch.Tensor) -> None:
        """One D step and one G step on real images ``x`` in [-1, 1] of classes ``y``."""
        g, d = self.g, self.d
        fake = g(torch.randn(len(x), self.nz, device=x.device), y)
        ones, zeros = torch.ones(len(x), device=x.device), torch.zeros(len(x), device=x.device)
        # ---- D step: real -> 1, fake -> 0 (fake detached: D's loss does not train G) ----
        loss_d = (F.binary_cross_entropy_with_logits(d(x, y), ones)
                  + F.binary_cross_entropy_with_logits(d(fake.detach(), y), zeros))
        self.opt_d.zero_grad()
        loss_d.backward()
        self.opt_d.step()
        # ---- G step: make D call the fakes real (non-saturating loss, Goodfellow et al. 2014) ----
        loss_g = F.binary_cross_entropy_with_logits(d(fake, y), ones)
        self.opt_g.zero_grad()
        loss_g.backward()
        self.opt_g.step()


def train_plain(images: torch.Tensor, labels: torch.Tensor, k: int, seconds: float, seed: int = 0,
                batch: int = 64, nz: int = 64, snapshot_every: float = 0.0,
                on_snapshot: Callable[[PlainG, float, int], None] | None = None) -> tuple[PlainG, dict]:
    """Train on uint8 ``images`` (N, C, H, W) for ``seconds`` of wall clock; return G and its stats.

    With ``on_snapshot``, ``on_snapshot(g, clock_s, steps)`` is called each time the training clock
    passes a multiple of ``snapshot_every`` seconds and once at the end; the time it takes is left
    out of the training clock (benchmarks/time_to_quality.py saves G there).
    """
    torch.manual_seed(seed)
    gan = PlainDCGAN(k, images.shape[1], images.shape[2], nz)
    real_x = images.float() / 127.5 - 1
    steps, t0, paused = 0, time.perf_counter(), 0.0
    next_snapshot = snapshot_every if on_snapshot and snapshot_every > 0 else float("inf")
    while time.perf_counter() - t0 - paused < seconds:
        idx = torch.randint(0, len(real_x), (batch,))
        gan.step(real_x[idx], labels[idx])
        steps += 1
        clock = time.perf_counter() - t0 - paused
        if clock >= next_snapshot and clock < seconds:  # the last one follows the loop
            t_snap = time.perf_counter()
            on_snapshot(gan.g, clock, steps)
            paused += time.perf_counter() - t_snap
            next_snapshot += snapshot_every
    wall = time.perf_counter() - t0 - paused
    if on_snapshot:
        on_snapshot(gan.g, wall, steps)
    return gan.g.eval(), {"steps": steps, "wall_s": round(wall, 1),
                          "images_per_s": round(steps * batch / wall, 1)}


@torch.no_grad()
def sample_plain(g: PlainG, per_class: list[int], seed: int, nz: int = 64):
    """``per_class[c]`` uint8 images of every class c, as (images, labels)."""
    gen = torch.Generator().manual_seed(seed)
    y = torch.cat([torch.full((n,), c, dtype=torch.long) for c, n in enumerate(per_class)])
    out = [g(torch.randn(len(part), nz, generator=gen), part) for part in y.split(512)]
    return ((torch.cat(out) + 1) * 127.5).round().clamp(0, 255).to(torch.uint8), y
