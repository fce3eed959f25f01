"""Loss functions, each named after the paper that defines it."""

from __future__ import annotations

import torch
import torch.nn.functional as F


def d_loss_nonsaturating(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """Discriminator loss of the original GAN (Goodfellow et al. 2014, eq. 1).

    -log D(x) - log(1 - D(G(z))), written with softplus on logits for numerical stability.
    """
    return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()


def g_loss_nonsaturating(fake_logits: torch.Tensor) -> torch.Tensor:
    """Non-saturating generator loss -log D(G(z)) (Goodfellow et al. 2014, section 3)."""
    return F.softplus(-fake_logits).mean()


def vae_loss(
    logits: torch.Tensor, target: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor,
    kl_weight: float,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Negative ELBO of a VAE (Kingma & Welling 2014, eq. 10), per image.

    Reconstruction: Bernoulli likelihood of intensities in [0, 1] (binary cross-entropy on
    logits, summed over pixels). KL(q(z|x,y) || N(0, I)) in closed form (appendix B). The KL weight
    warms up from 0 so the decoder learns to use z before the prior pulls it in (Bowman et al. 2016).

    Returns (loss, reconstruction, kl), each averaged over the batch.
    """
    batch = target.shape[0]
    recon = F.binary_cross_entropy_with_logits(logits, target, reduction="sum") / batch
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / batch
    return recon + kl_weight * kl, recon, kl
