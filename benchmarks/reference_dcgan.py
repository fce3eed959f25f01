"""The reference: a plain conditional DCGAN (Radford et al. 2016) as a textbook writes it, at 28 px.

No augmentation, no EMA, no fused optimiser, no channels_last: what the app's default is measured
against (throughput in benchmarks/train_throughput.py). One-hot labels join the noise in G and
enter D as extra image channels; Adam 2e-4, beta1 0.5, binary cross-entropy.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

LATENT = 64


class RefG(nn.Module):
    def __init__(self, classes: int, channels: int = 1):
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(LATENT + classes, 128 * 7 * 7), nn.BatchNorm1d(128 * 7 * 7),
                                nn.ReLU())
        self.net = nn.Sequential(
            nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.ReLU(),  # 7 -> 14
            nn.ConvTranspose2d(64, channels, 4, 2, 1), nn.Tanh())  # 14 -> 28

    def forward(self, z, onehot):
        return self.net(self.fc(torch.cat([z, onehot], 1)).view(-1, 128, 7, 7))  # (B, C, 28, 28)


class RefD(nn.Module):
    def __init__(self, classes: int, channels: int = 1):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(channels + classes, 64, 4, 2, 1), nn.LeakyReLU(0.2),  # 28 -> 14
            nn.Conv2d(64, 128, 4, 2, 1), nn.BatchNorm2d(128), nn.LeakyReLU(0.2),  # 14 -> 7
            nn.Flatten(), nn.Linear(128 * 7 * 7, 1))

    def forward(self, x, onehot):
        maps = onehot[:, :, None, None].expand(-1, -1, x.shape[2], x.shape[3])
        return self.net(torch.cat([x, maps], 1)).squeeze(1)  # (B,) logits


class Reference:
    """G, D, their optimisers and one training step on a batch of images in [0, 1]."""

    def __init__(self, classes: int, channels: int = 1, device: str = "cpu", seed: int = 0):
        torch.manual_seed(seed)
        self.classes, self.device = classes, device
        self.G, self.D = RefG(classes, channels).to(device), RefD(classes, channels).to(device)
        self.opt_g = torch.optim.Adam(self.G.parameters(), 2e-4, betas=(0.5, 0.999))
        self.opt_d = torch.optim.Adam(self.D.parameters(), 2e-4, betas=(0.5, 0.999))

    def step(self, x: torch.Tensor, y: torch.Tensor) -> None:
        onehot = F.one_hot(y, self.classes).float()
        real = x * 2 - 1
        fake = self.G(torch.randn(len(x), LATENT, device=x.device), onehot)
        ones, zeros = torch.ones(len(x), device=x.device), torch.zeros(len(x), device=x.device)
        # ---------------- D step ----------------
        d_loss = (F.binary_cross_entropy_with_logits(self.D(real, onehot), ones)
                  + F.binary_cross_entropy_with_logits(self.D(fake.detach(), onehot), zeros))
        self.opt_d.zero_grad()
        d_loss.backward()
        self.opt_d.step()
        # ---------------- G step ----------------
        g_loss = F.binary_cross_entropy_with_logits(self.D(fake, onehot), ones)
        self.opt_g.zero_grad()
        g_loss.backward()
        self.opt_g.step()

    @torch.no_grad()
    def sample(self, y: torch.Tensor) -> torch.Tensor:
        """Images in [0, 1] for labels ``y``."""
        self.G.eval()
        out = (self.G(torch.randn(len(y), LATENT, device=y.device),
                      F.one_hot(y, self.classes).float()) + 1) / 2
        self.G.train()
        return out
