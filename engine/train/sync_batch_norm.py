"""Collectives for training on several processes: a differentiable sum, and batch norm over the global batch.

Under ``torchrun`` (:mod:`engine.train.distributed`) the trained networks' batch norms become
:class:`SyncBatchNorm`; in one process every function here is the plain single-process operation.
"""

from __future__ import annotations

import torch
import torch.distributed as dist
from torch import nn


class _AllReduceSum(torch.autograd.Function):
    """Sum over every process, differentiable: each output is the same sum, so the gradient of
    the total loss with respect to each input is the sum of every process's output gradient."""

    @staticmethod
    def forward(ctx, t: torch.Tensor) -> torch.Tensor:
        t = t.clone()
        dist.all_reduce(t)
        return t

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> torch.Tensor:
        grad = grad.clone()
        dist.all_reduce(grad)
        return grad


def differentiable_all_reduce(t: torch.Tensor) -> torch.Tensor:
    """``t`` summed over every process, with gradients flowing back to each process's part."""
    return _AllReduceSum.apply(t)


class SyncBatchNorm(nn.modules.batchnorm._BatchNorm):
    """Batch norm over the global batch: mean and variance summed over every process.

    Each process normalises its images with the statistics of all of them, exactly what one
    process would compute for the whole global batch (Ioffe & Szegedy 2015; the cross-GPU form of
    Peng et al. 2018, MegDet). The sums travel through a differentiable all-reduce, so gradients
    flow back through the shared statistics. The same code runs over Gloo on the CPU and over NCCL
    on GPUs (``torch.nn.SyncBatchNorm`` works on GPUs only). Outside training, or in one process,
    it is plain batch norm; parameters and buffers have the names of ``BatchNorm1d/2d``.
    """

    def _check_input_dim(self, x: torch.Tensor) -> None:
        if x.dim() < 2:
            raise ValueError(f"expected at least 2D input (got {x.dim()}D input)")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not (self.training and dist.is_available() and dist.is_initialized()
                and dist.get_world_size() > 1):
            return super().forward(x)
        self._check_input_dim(x)
        dims = [0, *range(2, x.dim())]  # every axis but the channels
        shape = [1, x.shape[1]] + [1] * (x.dim() - 2)  # (1, C, 1, 1) for images
        local = torch.tensor([x.numel() / x.shape[1]], device=x.device, dtype=x.dtype)
        sums = differentiable_all_reduce(torch.cat([x.sum(dims), local]))  # (C + 1,)
        n = sums[-1]  # values per channel in the global batch
        mean = sums[:-1] / n  # (C,)
        centred = x - mean.view(shape)
        var = differentiable_all_reduce((centred * centred).sum(dims)) / n  # (C,) biased
        if self.track_running_stats and self.running_mean is not None:
            with torch.no_grad():
                self.num_batches_tracked.add_(1)
                momentum = (self.momentum if self.momentum is not None
                            else 1.0 / float(self.num_batches_tracked))
                self.running_mean.lerp_(mean.detach(), momentum)
                self.running_var.lerp_(var.detach() * n / (n - 1).clamp(min=1), momentum)
        y = centred * torch.rsqrt(var + self.eps).view(shape)
        if self.affine:
            y = y * self.weight.view(shape) + self.bias.view(shape)
        return y


def use_sync_batch_norm(module: nn.Module) -> nn.Module:
    """Replace every ``BatchNorm1d/2d`` inside ``module`` by :class:`SyncBatchNorm`, in place.

    The new layers take over the old parameter and buffer objects, so an optimiser built before
    still updates them and state-dict keys stay the same (checkpoints load into plain models).
    """
    for name, child in module.named_children():
        if isinstance(child, nn.BatchNorm1d | nn.BatchNorm2d):
            sync = SyncBatchNorm(child.num_features, child.eps, child.momentum, child.affine,
                                 child.track_running_stats)
            for attr in ("weight", "bias", "running_mean", "running_var", "num_batches_tracked"):
                value = getattr(child, attr)
                if value is not None:
                    setattr(sync, attr, value)
            sync.train(child.training)
            setattr(module, name, sync)
        else:
            use_sync_batch_norm(child)
    return module
