"""One optimisation step per model family: the math of each, in plain sight."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from engine.config import RunConfig
from engine.train.augment import diff_augment, parse_policy
from engine.train.distributed import unwrap
from engine.train.ema import update_ema
from engine.train.faults import optimise
from engine.train.losses import (
    GAN_LOSSES,
    mode_seeking_loss,
    r1_penalty,
    real_pair_distance,
    vae_loss,
)

Report = Callable[[str, torch.Tensor], None]


def cgan_step(
    nets: dict[str, nn.Module], optims: dict, x: torch.Tensor, y: torch.Tensor, *,
    step: int, config: RunConfig, report: Report,
) -> None:
    """One discriminator update, one generator update, then the generator's moving average.

    Both D inputs go through the same DiffAugment policy (Zhao et al. 2020), in both steps.
    """
    mc = config.model
    G, D = nets["G"], nets["D"]
    d_loss_fn, g_loss_fn = GAN_LOSSES[mc.loss]
    policy = parse_policy(mc.diffaugment, x.shape[1])
    real = x * 2 - 1  # (B, C, H, W) in [-1, 1], the range of the generator's tanh
    half = real.shape[0] // 2
    z = torch.randn(real.shape[0], mc.latent_dim, device=real.device)  # (B, latent)
    if mc.mode_seeking > 0:  # pairs (i, i + half) share a class for the diversity term
        y_fake = torch.cat([y[:half], y[:half], y[2 * half:]])
    else:
        y_fake = y
    fake = G(z, y_fake)  # (B, C, H, W)

    # ---------------- D step: real images of class y up, fakes down ----------------
    real_aug = diff_augment(real, policy)  # (B, C, H, W)
    r1 = mc.r1_gamma > 0
    if r1:
        real_aug = real_aug.detach().requires_grad_(True)
    real_logits = D(real_aug, y)  # (B,)
    d_loss = d_loss_fn(real_logits, D(diff_augment(fake.detach(), policy), y_fake))
    if r1:
        penalty = r1_penalty(real_logits, real_aug)
        report("r1", penalty.detach())
        d_loss = d_loss + 0.5 * mc.r1_gamma * penalty
    optimise("loss/D", optims["D"], d_loss)

    # ---------------- G step: make D believe the fakes are real images of class y ----------------
    g_loss = g_loss_fn(D(diff_augment(fake, policy), y_fake))
    if mc.mode_seeking > 0:
        za, zb = z[:half], z[half:2 * half]
        target = None
        if mc.mode_seeking_target > 0:  # the spread of real pairs of one class, per unit of z
            target = mc.mode_seeking_target * real_pair_distance(real, y) / (za - zb).abs().mean()
        ms = mode_seeking_loss(fake[:half], fake[half:2 * half], za, zb, target)
        report("mode_seeking", ms.detach())
        g_loss = g_loss + mc.mode_seeking * ms
    optimise("loss/G", optims["G"], g_loss)

    # The average follows G's weights after the step: under torchrun they are already synchronised.
    if mc.ema_decay > 0:
        update_ema(nets["G_ema"], unwrap(G), step, mc.ema_decay)
    else:
        nets["G_ema"].load_state_dict(unwrap(G).state_dict())

    report("loss/D", d_loss.detach())
    report("loss/G", g_loss.detach())


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


STEPS = {"cgan": cgan_step, "cvae": cvae_step}
# The metric whose lowest value marks the "best" checkpoint; a GAN's losses say nothing about
# quality, so it has none until a quality metric is computed during training.
MONITOR = {"cgan": None, "cvae": "loss/VAE"}
# GAN: 5e-4, not DCGAN's 2e-4: on CPU budgets (1-2k steps) on small data 2e-4 leaves the generator
# undertrained and collapsed (MNIST 20/class, 1k steps: synthetic-only 49.6% at 2e-4, 62.8% at 5e-4).
# VAEs train well at Adam's usual 1e-3.
_DEFAULT_LR = {"cgan": 5e-4, "cvae": 1e-3}


def default_lr(model: str) -> float:
    """Learning rate used when the config leaves ``lr`` at 0."""
    return _DEFAULT_LR[model]
