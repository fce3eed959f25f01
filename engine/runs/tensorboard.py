"""TensorBoard event files of a run's metrics and sample grids, when ``tensorboard`` is installed.

The metrics CSV stays the source of truth; the event files are a view of the same numbers in the
tool ML users already compare runs with (``tensorboard --logdir WORKSPACE``). Without the optional
``tensorboard`` package (``pip install genaug-studio[tensorboard]``) nothing is written.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np


def available() -> bool:
    """Whether the ``tensorboard`` package (which torch's writer needs) can be imported."""
    return importlib.util.find_spec("tensorboard") is not None


class EventWriter:
    """Scalars and images by name and step into ``folder``; does nothing when unavailable.

    Parameters
    ----------
    folder : path
        The run's TensorBoard folder (created on the first write).
    purge_step : int, optional
        On resume: events at or after this step, from before the resume, are hidden.
    """

    def __init__(self, folder: Path, purge_step: int | None = None):
        self._writer = None
        if available():
            from torch.utils.tensorboard import SummaryWriter

            self._writer = SummaryWriter(log_dir=str(folder), purge_step=purge_step)

    @property
    def enabled(self) -> bool:
        return self._writer is not None

    def scalars(self, step: int, values: dict[str, float]) -> None:
        """One point per metric name (``"loss/D"`` ...) at ``step``."""
        if self._writer is None:
            return
        for name, value in values.items():
            self._writer.add_scalar(name, value, step)

    def image(self, name: str, step: int, grid: np.ndarray) -> None:
        """An (H, W, C) uint8 image, such as the live sample grid."""
        if self._writer is not None:
            self._writer.add_image(name, grid, step, dataformats="HWC")

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
