"""What a training run tells its watcher while it runs, and how it ended."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.errors import UserError


class TrainingFault(UserError):
    """Training cannot go on (repeated divergence, out of memory at the smallest batch)."""


@dataclass
class TrainProgress:
    """What the loop tells its watcher, every ``log_every`` steps and with every new grid."""

    step: int
    total_steps: int | None  # None when the budget is minutes
    fraction: float  # 0..1 of the budget (steps or time)
    elapsed_s: float
    eta_s: float | None
    images_per_s: float
    metrics: dict[str, float] = field(default_factory=dict)  # the newest row of means
    rows: list[tuple[int, dict[str, float]]] = field(default_factory=list)  # every row since the last
    grid: np.ndarray | None = None  # (H, W, C) uint8 samples from fixed noise, when new
    message: str = ""  # an event worth telling the user: resumed, rolled back, batch halved...
    paused: bool = False


@dataclass
class TrainResult:
    """How a run ended; ``to_dict`` is the CLI's final JSON line."""

    run_dir: str
    model: str
    step: int
    elapsed_s: float
    images_per_s: float
    metrics: dict[str, float]
    checkpoint: str
    stopped_early: bool
    resumed_from: int | None
    batch_size: int  # per process
    faults: list[str]
    processes: int = 1  # torchrun's world size
    global_batch_size: int = 0  # batch_size * processes: images per optimiser step

    def to_dict(self) -> dict:
        return dict(self.__dict__)
