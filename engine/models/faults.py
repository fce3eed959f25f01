"""Faults the training loop recovers from: non-finite losses or gradients, and out-of-memory.

A non-finite check must not make the host wait for the device every step. Inside a
:class:`StepGuard` (the trainer opens one around each step), :func:`optimise` computes the
"is anything NaN or infinite" flag on the device, hands it to the fused optimiser, which skips
the update on the device when it is set, and records the first step it was set; the trainer reads
the flags back a few times a second (:meth:`StepGuard.check`) and rolls back. Outside a guard, or
with an optimiser that cannot skip on a flag, the check reads the flag at once and raises
:class:`NonFiniteError`, as before.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

import torch
import torch.distributed as dist

OutOfMemory = getattr(torch, "OutOfMemoryError", torch.cuda.OutOfMemoryError)
MIN_BATCH = 2  # batch norm needs two samples; below this an out-of-memory error is final


class NonFiniteError(Exception):
    """A loss or gradient became NaN or infinite; raised before the optimiser changes weights."""

    def __init__(self, name: str):
        super().__init__(f"{name} is NaN or infinite")
        self.name = name


class StepGuard:
    """Non-finite flags kept on the device, per loss name, until :meth:`check` reads them.

    Parameters
    ----------
    scaler : torch.amp.GradScaler, optional
        The fp16 loss scaler: with it, overflowing gradients are the scaler's business (it skips
        the step and lowers the scale); only a non-finite loss is a fault.
    """

    def __init__(self, scaler: torch.amp.GradScaler | None = None):
        self.scaler = scaler
        self.step = 0
        self._first: dict[str, torch.Tensor] = {}  # name -> step of its first non-finite value, or -1

    @contextlib.contextmanager
    def active(self, step: int):
        """Make this guard the one :func:`optimise` reports to, for the step ``step``."""
        self.step = step
        token = _ACTIVE.set(self)
        try:
            yield self
        finally:
            _ACTIVE.reset(token)

    def record(self, name: str, bad: torch.Tensor) -> None:
        """Remember ``step`` for ``name`` if ``bad`` (a 0-dim bool tensor) is set; no sync."""
        first = self._first.get(name)
        if first is None:
            first = torch.full((), -1, dtype=torch.long, device=bad.device)
        self._first[name] = torch.where((first < 0) & bad, self.step, first)

    def check(self) -> tuple[str, int] | None:
        """(name, step) of the earliest non-finite value since :meth:`clear`, or None (one sync)."""
        if not self._first:
            return None
        names = list(self._first)
        steps = torch.stack([self._first[n] for n in names]).tolist()
        hits = [(s, i) for i, s in enumerate(steps) if s >= 0]
        if not hits:
            return None
        step, i = min(hits)
        return names[i], step

    def clear(self) -> None:
        """Forget the flags (after a roll-back)."""
        self._first.clear()


_ACTIVE: ContextVar[StepGuard | None] = ContextVar("genaug_step_guard", default=None)


def optimise(name: str, optimizer: torch.optim.Optimizer, loss: torch.Tensor) -> None:
    """zero_grad, backward, check that the loss and every gradient are finite, then step.

    Inside :meth:`StepGuard.active` with a fused optimiser the check stays on the device: a bad
    update is skipped by the optimiser itself and the guard records it. Otherwise the check is
    read at once.

    Raises
    ------
    NonFiniteError
        Outside a guard (or with an optimiser that cannot skip on a device flag), before
        ``optimizer.step()``, so the weights are unchanged by the bad update.
    """
    guard = _ACTIVE.get()
    optimizer.zero_grad(set_to_none=True)
    if guard is not None and guard.scaler is not None:  # fp16 on CUDA
        guard.scaler.scale(loss).backward()
        guard.scaler.step(optimizer)  # skipped on the device when a gradient overflowed
        lost = loss.detach().float()
        if dist.is_available() and dist.is_initialized():
            dist.all_reduce(lost)  # every process sees the same fault at the same step
        guard.record(name, ~torch.isfinite(lost))
        return
    loss.backward()
    grads = [p.grad for group in optimizer.param_groups for p in group["params"]
             if p.grad is not None]
    # One reduction for all of them: NaN and inf propagate through a sum.
    total = loss.detach().float() + sum(g.sum() for g in grads)
    if dist.is_available() and dist.is_initialized():
        dist.all_reduce(total)  # under torchrun a NaN on any process stops them all at this step
    bad = ~torch.isfinite(total)  # 0-dim bool, on the device
    if guard is not None and getattr(optimizer, "_step_supports_amp_scaling", False):
        optimizer.found_inf = bad.float()  # fused Adam: no update when set, decided on the device
        try:
            optimizer.step()
        finally:
            del optimizer.found_inf
        guard.record(name, bad)
        return
    if bad:  # reads the flag: the host waits for the device here
        optimizer.zero_grad(set_to_none=True)
        raise NonFiniteError(name)
    optimizer.step()


def is_out_of_memory(exc: BaseException) -> bool:
    """True for CUDA/MPS out-of-memory errors (typed or only worded as such)."""
    return isinstance(exc, OutOfMemory) or (
        isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower()
    )
