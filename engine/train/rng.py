"""Every random number generator's state, as tensors and plain lists (``weights_only``-safe).

A resumed run must draw exactly the numbers the uninterrupted run would have drawn: the batch
sampler, torch's global generator (noise, reparameterisation), CUDA's, NumPy's and Python's.
"""

from __future__ import annotations

import random

import numpy as np
import torch


def capture(batch_gen: torch.Generator) -> dict:
    """Snapshot of all generators."""
    np_state = np.random.get_state()
    py_version, py_state, py_gauss = random.getstate()
    return {
        "torch": torch.get_rng_state(),
        "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
        "numpy": {
            "keys": torch.from_numpy(np_state[1].astype(np.int64)),
            "pos": int(np_state[2]),
            "has_gauss": int(np_state[3]),
            "cached_gaussian": float(np_state[4]),
        },
        "python": {"version": py_version, "state": list(py_state), "gauss": py_gauss},
        "batch": batch_gen.get_state(),
    }


def restore(state: dict, batch_gen: torch.Generator) -> None:
    """Put every generator back to ``state`` (from :func:`capture`)."""
    torch.set_rng_state(state["torch"])
    if state["cuda"] and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])
    n = state["numpy"]
    np.random.set_state(("MT19937", n["keys"].numpy().astype(np.uint32), n["pos"],
                         n["has_gauss"], n["cached_gaussian"]))
    p = state["python"]
    random.setstate((p["version"], tuple(p["state"]), p["gauss"]))
    try:
        batch_gen.set_state(state["batch"])
    except RuntimeError:  # saved on another device type (CPU and CUDA generators differ): reseed
        batch_gen.manual_seed(int(state["batch"].long().sum()))
