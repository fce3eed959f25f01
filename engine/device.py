"""Choosing the compute device and sizing torch's CPU thread pool."""

from __future__ import annotations

import os

import torch

from engine.errors import UserError


def pick_device(name: str = "auto") -> torch.device:
    """Return the device for ``name`` ("auto", "cpu", "cuda", "cuda:N", "mps"); refuse one that is absent."""
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if name.startswith("cuda:") and name[5:].isdigit():  # one GPU of several, as Preferences names it
        index = int(name[5:])
        if index >= torch.cuda.device_count():
            raise UserError(f"Device '{name}' was requested but this machine has "
                            f"{torch.cuda.device_count()} CUDA GPU(s) (choose another in Preferences)")
        return torch.device("cuda", index)
    if name == "cuda" and not torch.cuda.is_available():
        raise UserError("Device 'cuda' was requested but no CUDA GPU is available (try --device cpu)")
    if name == "mps" and not (
        getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()
    ):
        raise UserError("Device 'mps' was requested but Apple Metal is not available")
    if name not in ("cpu", "cuda", "mps"):
        raise UserError(f"Unknown device '{name}': choose auto, cpu, cuda or mps")
    return torch.device(name)


def set_threads(threads: int = 0) -> int:
    """Size torch's intra-op pool: ``threads`` if given, else every core. Returns the number set."""
    n = threads if threads > 0 else (os.cpu_count() or 1)
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)
    return n
