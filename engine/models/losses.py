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


def d_loss_hinge(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """Hinge discriminator loss (Lim & Ye 2017, "Geometric GAN"; Miyato et al. 2018, eq. 16).

    max(0, 1 - D(x)) + max(0, 1 + D(G(z))): D stops pushing once a sample is past the margin.
    """
    return F.relu(1.0 - real_logits).mean() + F.relu(1.0 + fake_logits).mean()


def g_loss_hinge(fake_logits: torch.Tensor) -> torch.Tensor:
    """Generator loss paired with the hinge D loss: -D(G(z)) (Miyato et al. 2018, eq. 17)."""
    return -fake_logits.mean()


def mode_seeking_loss(
    fake_a: torch.Tensor, fake_b: torch.Tensor, z_a: torch.Tensor, z_b: torch.Tensor,
    target: torch.Tensor | float | None = None,
) -> torch.Tensor:
    """Mode-seeking regulariser of MSGAN (Mao et al. 2019, eq. 3), as a loss to minimise.

    Two noise vectors of the same class should give images as far apart as the vectors are.
    With ``target`` None: 1 / (mean|G(z_a) - G(z_b)| / mean|z_a - z_b| + eps), MSGAN's form, whose
    push grows without bound as the samples collapse (on small data it turns digits into noise).
    With a ``target`` distance per unit of noise distance: relu(1 - ratio / target), the bounded
    form of DSGAN (Yang et al. 2019), which stops pushing once the samples are as varied as the
    target, so the discriminator keeps them realistic; see :func:`real_pair_distance`.
    """
    ratio = (fake_a - fake_b).abs().mean() / (z_a - z_b).abs().mean()
    if target is None:
        return 1.0 / (ratio + 1e-5)
    # A target of 0 (no class twice in a small batch, e.g. one process's share under torchrun)
    # means no push: the clamp keeps the loss at 0 and its gradient finite instead of 0 * inf.
    return F.relu(1.0 - ratio / torch.as_tensor(target, device=ratio.device).clamp_min(1e-12))


def real_pair_distance(real: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean absolute pixel difference between two real images of the same class in the batch.

    real (B, C, H, W), y (B,). The diversity a generator should reach within a class; 0-dim tensor
    (0 when no class appears twice). Under torchrun the pairs of the global batch count.
    """
    flat = real.flatten(1)  # (B, C*H*W)
    dist = torch.cdist(flat, flat, p=1) / flat.shape[1]  # (B, B) mean |a - b|
    same = (y[:, None] == y[None, :]) & ~torch.eye(len(y), dtype=torch.bool, device=y.device)
    sums = torch.stack([(dist * same).sum(), same.sum().to(dist.dtype)])  # (2,) distance, pairs
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        # Under torchrun, pairs of every process: one process's few images often hold no class
        # twice, and the target must not depend on how the global batch is split.
        torch.distributed.all_reduce(sums)
    return sums[0] / sums[1].clamp_min(1)


def r1_penalty(real_logits: torch.Tensor, real: torch.Tensor) -> torch.Tensor:
    """R1 gradient penalty (Mescheder et al. 2018, eq. 9): mean ||d D(x) / d x||^2 on real images.

    ``real`` (B, C, H, W) must require grad and ``real_logits`` (B,) be computed from it. It keeps
    D flat around the few real images, so it cannot single out one pose per class for G to copy.
    """
    (grad,) = torch.autograd.grad(real_logits.sum(), real, create_graph=True)  # (B, C, H, W)
    return grad.pow(2).flatten(1).sum(1).mean()


def lecam_penalty(
    real_logits: torch.Tensor, fake_logits: torch.Tensor, anchors: torch.Tensor, decay: float = 0.99,
) -> torch.Tensor:
    """LeCam regulariser (Tseng et al. 2021, eq. 3), to add to the discriminator's loss.

    relu(D(x) - a_fake)^2 + relu(a_real - D(G(z)))^2, where ``anchors`` (2,) holds moving averages
    (``decay``) of D's mean logit on real (a_real) and on fake images (a_fake); they are updated in
    place first. It keeps D's outputs on the few real images from running away from those on the
    fakes, which is how a discriminator overfits small data.
    """
    with torch.no_grad():
        means = torch.stack([real_logits.mean(), fake_logits.mean()]).to(anchors.dtype)  # (2,)
        anchors.lerp_(means, 1.0 - decay)
    return (F.relu(real_logits - anchors[1]).pow(2).mean()
            + F.relu(anchors[0] - fake_logits).pow(2).mean())


GAN_LOSSES = {
    "hinge": (d_loss_hinge, g_loss_hinge),
    "nonsaturating": (d_loss_nonsaturating, g_loss_nonsaturating),
}


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
