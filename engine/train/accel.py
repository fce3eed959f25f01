"""The fast path of the training loop: optimisers, mixed precision, torch.compile, memory layout.

Each choice is made once per run from the device and the config, and each has a fallback:

- Adam runs ``fused`` (one kernel for all parameters) where torch has a fused kernel for the
  device, else ``foreach``. The fused kernel also takes a ``found_inf`` flag, which lets a
  non-finite step be skipped on the device without the host waiting for it (see
  :mod:`engine.models.faults`).
- On CUDA the forward passes run under ``torch.autocast``: bf16 where the GPU supports it, else
  fp16 with a :class:`torch.amp.GradScaler`, whose state goes into checkpoints. The CPU stays fp32:
  its bf16 convolutions are slower than fp32 on most CPUs and the results would change.
- ``torch.compile`` of the networks: on by default on CUDA (Triton ships with torch there), off by
  default on the CPU (measured on 2 cores, benchmarks/throughput.py: 1.4x faster steps after a 40 s
  compile, which a default run barely earns back, and it needs a C++ compiler). Never in the frozen
  app. ``GENAUG_COMPILE=0`` turns it off everywhere; a compile that fails falls back to eager.
- ``channels_last``: measured, not assumed (:mod:`engine.models.layout`, shared with the
  evaluation's classifiers).
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass

import torch
from torch import nn

from engine.errors import UserError
from engine.models.optim import fused

COMPILE_ENV = "GENAUG_COMPILE"  # "0" turns torch.compile off, whatever the config says
COMPILE_MODES = ("auto", "on", "off")
PRECISIONS = ("auto", "fp32")


def make_adam(params, lr: float, betas: tuple[float, float], device: torch.device) -> torch.optim.Adam:
    """Adam with the fused kernel where the device has one (CPU, CUDA), else the foreach one."""
    return fused(torch.optim.Adam, params, device, lr=lr, betas=betas)


@dataclass
class Precision:
    """Autocast dtype and loss scaler of a run; fp32 and no scaler on the CPU.

    Attributes
    ----------
    device_type : str
        "cpu", "cuda", "mps".
    dtype : torch.dtype or None
        The autocast dtype (bf16 or fp16), None for plain fp32.
    scaler : torch.amp.GradScaler or None
        Only with fp16: scales the loss so small gradients survive, skips steps that overflow.
    """

    device_type: str
    dtype: torch.dtype | None = None
    scaler: torch.amp.GradScaler | None = None

    @classmethod
    def for_device(cls, device: torch.device, precision: str = "auto") -> Precision:
        """For "auto": bf16 autocast on a CUDA GPU that supports it, fp16 + scaler on one that
        does not, fp32 elsewhere. "fp32" everywhere else."""
        if precision not in PRECISIONS:
            raise UserError(f"Unknown precision {precision!r}: use {' or '.join(PRECISIONS)}")
        if precision == "fp32" or device.type != "cuda":
            return cls(device.type)
        if torch.cuda.is_bf16_supported():
            return cls("cuda", torch.bfloat16)
        return cls("cuda", torch.float16, torch.amp.GradScaler("cuda"))

    @property
    def name(self) -> str:
        return {None: "fp32", torch.bfloat16: "bf16", torch.float16: "fp16"}[self.dtype]

    def autocast(self):
        """The context the forward passes run in (a no-op for fp32)."""
        if self.dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(self.device_type, dtype=self.dtype)

    def state_dict(self) -> dict:
        """The scaler's state for checkpoints (empty without a scaler)."""
        return self.scaler.state_dict() if self.scaler is not None else {}

    def load_state_dict(self, state: dict | None) -> None:
        if self.scaler is not None and state:
            self.scaler.load_state_dict(state)


def compile_wanted(mode: str, device: torch.device) -> bool:
    """Whether to ``torch.compile`` the networks for ``mode`` ("auto", "on", "off") on ``device``.

    Never in a frozen app (no compiler, no Python sources for dynamo to trace), never with
    ``GENAUG_COMPILE=0``, never where torch has no compiler (Windows without one, MPS). "auto" is on
    only on CUDA with Triton installed.
    """
    if mode not in COMPILE_MODES:
        raise UserError(f"Unknown compile setting {mode!r}: use {', '.join(COMPILE_MODES)}")
    if mode == "off" or os.environ.get(COMPILE_ENV, "") == "0" or getattr(sys, "frozen", False):
        return False
    if not hasattr(torch, "compile") or device.type not in ("cpu", "cuda"):
        return False
    if mode == "on":
        return True
    if device.type != "cuda":
        return False
    try:
        import triton  # noqa: F401
    except ImportError:
        return False
    return True


def compile_nets(nets: dict[str, nn.Module], keys) -> list[str]:
    """``Module.compile()`` the networks named in ``keys`` in place (state_dict keys unchanged).

    Compilation is lazy: errors surface at the first call, where the trainer falls back with
    :func:`uncompile_nets`. Returns the keys compiled.
    """
    done = []
    for key in keys:
        if key in nets:
            nets[key].compile()
            done.append(key)
    return done


def uncompile_nets(nets: dict[str, nn.Module]) -> None:
    """Back to eager execution (the fallback after a failed compile)."""
    for net in nets.values():
        if getattr(net, "_compiled_call_impl", None) is not None:
            net._compiled_call_impl = None
