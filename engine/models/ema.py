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
    for p_ema, p in zip(ema.parameters(), model.parameters(), strict=True):
        p_ema.lerp_(p, 1.0 - beta)
    for b_ema, b in zip(ema.buffers(), model.buffers(), strict=True):
        b_ema.copy_(b)
