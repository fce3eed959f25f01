"""Optimisers with torch's fused kernel where the device has one, for training and evaluation alike."""

from __future__ import annotations

import torch

FUSED_DEVICES = ("cpu", "cuda")  # where torch has fused Adam/AdamW kernels (torch 2.4 and newer on the CPU)


def fused(optimizer: type[torch.optim.Optimizer], params, device: torch.device | str,
          **settings) -> torch.optim.Optimizer:
    """``optimizer(params, **settings)`` (Adam or AdamW) with one fused kernel for all parameters
    where the device has it, else the multi-tensor ``foreach`` one (an older torch, another device,
    an unsupported dtype)."""
    params = list(params)
    if torch.device(device).type in FUSED_DEVICES:
        try:
            return optimizer(params, fused=True, **settings)
        except (RuntimeError, ValueError):  # an old torch or an unsupported dtype
            pass
    return optimizer(params, foreach=True, **settings)
