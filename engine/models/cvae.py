"""Conditional VAE (Kingma & Welling 2014; Sohn et al. 2015): encoder and decoder both see the class.

The pieces are named as in the paper: ``encode`` gives q(z | x, y) as (mu, logvar),
``reparameterize`` draws z = mu + sigma * eps so gradients flow through the sample, and ``decode``
gives the logits of a Bernoulli likelihood p(x | z, y) over pixel intensities in [0, 1].
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from engine.config import RunConfig
from engine.models.faults import optimise
from engine.models.layers import channel_plan, plan_resolution, up_block
from engine.models.losses import vae_loss

Report = Callable[[str, torch.Tensor], None]


class ConditionalVAE(nn.Module):
    """Convolutional encoder/decoder conditioned on a learned class embedding."""

    def __init__(
        self, latent_dim: int, num_classes: int, channels: int, image_size: int,
        width: int = 64, embed_dim: int = 32,
    ):
        super().__init__()
        self.latent_dim = latent_dim
        base, n_up = plan_resolution(image_size)
        ch = channel_plan(width, n_up)
        self.base, self.c0 = base, ch[0]
        self.embed = nn.Embedding(num_classes, embed_dim)

        # Encoder: finest to coarsest, stride-2 convs.
        enc = [nn.Conv2d(channels, ch[-1], 3, padding=1), nn.LeakyReLU(0.2, inplace=True)]
        fine_to_coarse = ch[::-1]
        for k in range(n_up):
            enc += [nn.Conv2d(fine_to_coarse[k], fine_to_coarse[k + 1], 4, stride=2, padding=1),
                    nn.BatchNorm2d(fine_to_coarse[k + 1]), nn.LeakyReLU(0.2, inplace=True)]
        self.encoder = nn.Sequential(*enc, nn.Flatten())
        flat = ch[0] * base * base
        self.to_stats = nn.Linear(flat + embed_dim, 2 * latent_dim)

        # Decoder: mirror of the generator of the GAN, ending in logits.
        self.fc = nn.Sequential(nn.Linear(latent_dim + embed_dim, flat), nn.ReLU(inplace=True))
        self.blocks = nn.Sequential(*[up_block(ch[k], ch[k + 1]) for k in range(n_up)])
        self.to_logits = nn.Conv2d(ch[-1], channels, 3, padding=1)

    def encode(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """q(z | x, y): return (mu, logvar), each (B, latent)."""
        h = torch.cat([self.encoder(x), self.embed(y)], dim=1)  # (B, flat + embed)
        mu, logvar = self.to_stats(h).chunk(2, dim=1)
        return mu, logvar.clamp(-10.0, 10.0)

    @staticmethod
    def reparameterize(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
        """z = mu + sigma * eps, eps ~ N(0, I): a sample that gradients can flow through."""
        return mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)

    def decode(self, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """p(x | z, y): return pixel logits (B, C, H, W); sigmoid gives intensities in [0, 1]."""
        h = self.fc(torch.cat([z, self.embed(y)], dim=1)).view(-1, self.c0, self.base, self.base)
        return self.to_logits(self.blocks(h))

    def forward(self, x: torch.Tensor, y: torch.Tensor):
        mu, logvar = self.encode(x, y)
        z = self.reparameterize(mu, logvar)
        return self.decode(z, y), mu, logvar


# ------------------------------------------------------------------------------------------------
def cvae_step(
    nets: dict[str, nn.Module], optims: dict, x: torch.Tensor, y: torch.Tensor, *,
    step: int, config: RunConfig, report: Report,
) -> None:
    """One step on the negative ELBO with a linearly warmed-up KL weight."""
    vae = nets["vae"]
    warmup = max(1, config.train.kl_warmup_steps)
    kl_weight = min(1.0, (step + 1) / warmup)
    logits, mu, logvar = vae(x, y)  # (B, C, H, W), (B, latent), (B, latent)
    loss, recon, kl = vae_loss(logits, x, mu, logvar, kl_weight)
    optimise("loss/VAE", optims["vae"], loss)

    report("loss/VAE", loss.detach())
    report("recon", recon.detach())
    report("kl", kl.detach())
