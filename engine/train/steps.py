"""One optimisation step per model family: the math of each, in plain sight."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from engine.config import RunConfig
from engine.train.faults import optimise
from engine.train.losses import d_loss_nonsaturating, g_loss_nonsaturating, vae_loss

Report = Callable[[str, torch.Tensor], None]


def cgan_step(
    nets: dict[str, nn.Module], optims: dict, x: torch.Tensor, y: torch.Tensor, *,
    step: int, config: RunConfig, report: Report,
) -> None:
    """One discriminator update then one generator update (DCGAN recipe, pytorch/examples)."""
    G, D = nets["G"], nets["D"]
    real = x * 2 - 1  # (B, C, H, W) in [-1, 1], the range of the generator's tanh
    z = torch.randn(real.shape[0], config.model.latent_dim, device=real.device)  # (B, latent)
    fake = G(z, y)  # (B, C, H, W); fakes of the same classes as the real batch

    # ---------------- D step: real images of class y up, fakes down ----------------
    d_loss = d_loss_nonsaturating(D(real, y), D(fake.detach(), y))
    optimise("loss/D", optims["D"], d_loss)

    # ---------------- G step: make D believe the fakes are real images of class y ----------------
    g_loss = g_loss_nonsaturating(D(fake, y))
    optimise("loss/G", optims["G"], g_loss)

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
_DEFAULT_LR = {"cgan": 2e-4, "cvae": 1e-3}  # DCGAN's 2e-4; VAEs train well at Adam's usual 1e-3


def default_lr(model: str) -> float:
    """Learning rate used when the config leaves ``lr`` at 0."""
    return _DEFAULT_LR[model]
