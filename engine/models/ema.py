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
