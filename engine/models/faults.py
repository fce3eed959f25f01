"""Faults the training loop recovers from: non-finite losses or gradients, and out-of-memory."""

from __future__ import annotations

import torch

OutOfMemory = getattr(torch, "OutOfMemoryError", torch.cuda.OutOfMemoryError)
MIN_BATCH = 2  # batch norm needs two samples; below this an out-of-memory error is final


class NonFiniteError(Exception):
    """A loss or gradient became NaN or infinite; raised before the optimiser changes weights."""

    def __init__(self, name: str):
        super().__init__(f"{name} is NaN or infinite")
        self.name = name


def optimise(name: str, optimizer: torch.optim.Optimizer, loss: torch.Tensor) -> None:
    """zero_grad, backward, check that the loss and every gradient are finite, then step.

    Raises
    ------
    NonFiniteError
        Before ``optimizer.step()``, so the weights are unchanged by the bad update.
    """
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    grads = [p.grad for group in optimizer.param_groups for p in group["params"]
             if p.grad is not None]
    # One reduction (and one device sync) for all of them: NaN and inf propagate through a sum.
    total = loss.detach() + sum(g.sum() for g in grads)
    if not torch.isfinite(total):
        optimizer.zero_grad(set_to_none=True)
        raise NonFiniteError(name)
    optimizer.step()


def is_out_of_memory(exc: BaseException) -> bool:
    """True for CUDA/MPS out-of-memory errors (typed or only worded as such)."""
    return isinstance(exc, OutOfMemory) or (
        isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower()
    )
