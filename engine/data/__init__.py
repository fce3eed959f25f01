"""Datasets: scan class folders, the built-in sample, held-out splits.

The names are imported lazily so that the scan's worker processes, which only need
``engine.data.decode``, do not pay for importing torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.data.dataset import ImageSet, Problem
    from engine.data.load import load_dataset

__all__ = ["ImageSet", "Problem", "load_dataset"]


def __getattr__(name: str):
    if name in ("ImageSet", "Problem"):
        from engine.data import dataset

        return getattr(dataset, name)
    if name == "load_dataset":
        from engine.data.load import load_dataset

        return load_dataset
    raise AttributeError(f"module 'engine.data' has no attribute {name!r}")
