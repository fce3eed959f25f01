"""Exponential moving average of the generator's weights (Karras et al. 2018; Yazici et al. 2019).

Samples shown to the user come from the average, which is smoother than the raw generator. On a
short run a fixed decay of 0.999 would keep the average near the random initial weights for the
first thousand steps, so the decay warms up: beta = min(decay, (1 + step) / (10 + step)).
"""

from __future__ import annotations

import torch
from torch import nn


@torch.no_grad()
def update_ema(ema: nn.Module, model: nn.Module, step: int, decay: float) -> None:
    """ema <- beta * ema + (1 - beta) * model for parameters; buffers (batch-norm stats) copied."""
    beta = min(decay, (1.0 + step) / (10.0 + step))
    ema_params, params = list(ema.parameters()), list(model.parameters())
    ema_buffers, buffers = list(ema.buffers()), list(model.buffers())
    if len(ema_params) != len(params) or len(ema_buffers) != len(buffers):
        raise ValueError("the EMA copy and the model have different parameters")
    # One multi-tensor kernel each instead of one small kernel per tensor.
    if ema_params:
        torch._foreach_lerp_(ema_params, params, 1.0 - beta)
    if ema_buffers:  # a model without batch norm has none, and the kernel refuses an empty list
        torch._foreach_copy_(ema_buffers, buffers)


@torch.no_grad()
def standing_stats(generator: nn.Module, latent_dim: int, num_classes: int, *, batches: int = 32,
                   batch_size: int = 64, seed: int = 0) -> None:
    """Recompute the batch-norm statistics of an averaged generator from its own activations.

    The average's buffers are copies of the raw generator's running statistics, which describe the
    raw weights' activations, not the average's; BigGAN (Brock et al. 2019, appendix C.1,
    "standing statistics") instead runs the sampled generator in training mode over many noise
    batches and keeps the mean of their batch statistics. Classes take turns in every batch; the
    noise is drawn from ``seed`` so the result is reproducible. A generator without batch norm is
    left as it is.
    """
    norms = [m for m in generator.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    if not norms:
        return
    device = next(generator.parameters()).device
    momenta = [m.momentum for m in norms]
    training = generator.training
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # a cumulative average over the batches below
    gen = torch.Generator().manual_seed(seed)
    generator.train()
    try:
        for b in range(batches):
            z = torch.randn(batch_size, latent_dim, generator=gen).to(device)  # (B, latent)
            y = (torch.arange(batch_size) + b * batch_size) % num_classes  # (B,)
            generator(z, y.to(device))
    finally:
        for m, momentum in zip(norms, momenta, strict=True):
            m.momentum = momentum
        generator.train(training)
