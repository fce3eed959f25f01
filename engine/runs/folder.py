"""One run folder on disk: every read and write of its files goes through :class:`RunFolder`.

The file names live in :mod:`engine.runs.files`; nothing else in the engine or the GUI spells
them. A run folder is never inside the dataset it trains on (the next scan would read its grids
and checkpoints as images), and only one process trains in it at a time (:meth:`RunFolder.lock`).
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from engine.config import DataConfig, RunConfig
from engine.data.dataset import ImageSet
from engine.data.sample import SAMPLE_NAME
from engine.data.split import split_record
from engine.errors import UserError
from engine.runs import files
from engine.runs.checkpoint import CheckpointStore
from engine.runs.lock import TrainingLock
from engine.runs.tensorboard import EventWriter
from engine.safe_write import write_json_atomic


class RunFolder:
    """Paths and small reads and writes for one run folder.

    Parameters
    ----------
    path : path
        The run folder (it need not exist yet).
    """

    def __init__(self, path: Path | str):
        self.path = Path(path).expanduser()

    # ---------------------------------------------------------------- paths
    @property
    def config_path(self) -> Path:
        return self.path / files.CONFIG

    @property
    def dataset_path(self) -> Path:
        return self.path / files.DATASET

    @property
    def status_path(self) -> Path:
        return self.path / files.STATUS

    @property
    def metrics_path(self) -> Path:
        return self.path / files.METRICS

    @property
    def samples_dir(self) -> Path:
        return self.path / files.SAMPLES

    @property
    def split_path(self) -> Path:
        return self.path / files.SPLIT

    @property
    def log_path(self) -> Path:
        return self.path / files.LOG

    @property
    def curation_path(self) -> Path:
        return self.path / files.CURATION

    @property
    def evaluation_path(self) -> Path:
        return self.path / files.EVALUATION

    @property
    def judge_path(self) -> Path:
        return self.path / files.JUDGE

    @property
    def tensorboard_dir(self) -> Path:
        return self.path / files.TENSORBOARD

    @property
    def store(self) -> CheckpointStore:
        return CheckpointStore(self.path)

    def is_run(self) -> bool:
        """Whether the folder holds a run's config (a run folder, trained or not)."""
        return self.config_path.is_file()

    def has_checkpoint(self) -> bool:
        return bool(self.store.paths())

    # ---------------------------------------------------------------- config and dataset
    def read_config(self) -> RunConfig:
        """The run's :class:`RunConfig`; UserError naming the file when it cannot be read."""
        try:
            return RunConfig.load_json(self.config_path)
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            raise UserError(f"Cannot read the run's settings {self.config_path}: {exc}") from exc

    def read_dataset_info(self) -> dict:
        """What :meth:`write_config` recorded of the training data (class names, size, ...)."""
        try:
            info = json.loads(self.dataset_path.read_text(encoding="utf-8"))
            info["class_names"] = [str(n) for n in info["class_names"]]
            return info
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UserError(f"Cannot read the run's dataset description {self.dataset_path}: "
                            f"{exc}") from exc

    def class_names(self) -> list[str] | None:
        """The class names the run was trained on, or None when they cannot be read."""
        try:
            return self.read_dataset_info()["class_names"]
        except UserError:
            return None

    def data_config(self) -> DataConfig:
        """The data settings the run was trained with, the automatic choices resolved (size,
        channels), so reloading the folder gives the very images it was trained on."""
        data = self.read_config().data
        info = self.read_dataset_info()
        data.image_size, data.channels = int(info["image_size"]), int(info["channels"])
        return data

    def write_config(self, config: RunConfig, data: ImageSet) -> None:
        """Save the config and a description of the training data."""
        write_json_atomic(self.config_path, config.to_dict())
        write_json_atomic(self.dataset_path, {
            "source": data.source,
            "class_names": data.class_names,
            "train_counts": data.class_counts(),
            "image_size": data.image_size,
            "channels": data.channels,
        })

    # ---------------------------------------------------------------- status and log
    def read_status(self) -> dict:
        """The last status written, or {} for a run that never checkpointed."""
        try:
            return json.loads(self.status_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def write_status(self, **status) -> None:
        write_json_atomic(self.status_path, {**status, "updated": time.time()})

    def log(self, message: str) -> None:
        """Append a time-stamped line to the run's log."""
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        with self.log_path.open("a", encoding="utf-8") as f:
            f.write(f"{stamp} {message}\n")

    def read_metrics(self, upto: int | None = None) -> list[tuple[int, dict[str, float]]]:
        """Rows of the metrics CSV (up to step ``upto``) as ``(step, {name: value})``."""
        rows: list[tuple[int, dict[str, float]]] = []
        try:
            with self.metrics_path.open(newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    step = int(float(row.pop("step")))
                    if upto is None or step <= upto:
                        rows.append((step, {k: float(v) for k, v in row.items() if v not in ("", None)}))
        except (OSError, ValueError, KeyError):
            return rows
        return rows

    # ---------------------------------------------------------------- training
    def check_outside(self, source: str | Path | None) -> None:
        """Refuse a run folder that is the dataset folder ``source`` or lies inside it."""
        if source is None or str(source) == SAMPLE_NAME:
            return
        src = Path(source).expanduser().resolve()
        target = self.path.resolve()
        if target == src or src in target.parents:
            raise UserError(f"Refusing to put the run folder {target} inside the dataset {src}: its "
                            "checkpoints and sample grids would be read as images by the next scan "
                            "(choose a folder outside the dataset)")

    def open_events(self, purge_step: int | None = None) -> EventWriter:
        """TensorBoard event files of this run (writes nothing without the optional package)."""
        return EventWriter(self.tensorboard_dir, purge_step)

    def lock(self) -> TrainingLock:
        """The training lock of this folder (a context manager; see :class:`TrainingLock`)."""
        return TrainingLock(self.path, self.path / files.LOCK)

    def prepare(self, allow_existing: bool, source: str | Path | None = None) -> None:
        """Create the folder; refuse one inside the dataset ``source``, or an existing run
        unless resuming."""
        self.check_outside(source)
        if self.path.exists() and not self.path.is_dir():
            raise UserError(f"Run folder is a file, not a folder: {self.path}")
        if self.has_checkpoint() and not allow_existing:
            raise UserError(
                f"Run folder already holds a trained run: {self.path} "
                "(use --resume to continue it, or choose a new folder)"
            )
        try:
            self.samples_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Cannot create run folder {self.path}: {exc.strerror}") from exc
        if not allow_existing:
            self.metrics_path.unlink(missing_ok=True)

    def save_split(self, data: ImageSet, train_idx: torch.Tensor, held_idx: torch.Tensor,
                   cfg: DataConfig) -> Path:
        """Write the held-out split (atomically), so evaluation can hold out the very same images.

        Refused (nothing written) inside the dataset or while another process trains here.
        """
        self.check_outside(data.source)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Cannot create run folder {self.path}: {exc.strerror}") from exc
        record = split_record(data, train_idx, held_idx, cfg.holdout_fraction, cfg.split_seed)
        with self.lock():
            write_json_atomic(self.split_path, record)
        return self.split_path

    def load_split(self) -> dict | None:
        """The record written by :meth:`save_split`, or None when there is none (or unreadable)."""
        try:
            return json.loads(self.split_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def save_grid(self, grid: np.ndarray, step: int) -> Path:
        """Save a live sample grid (H, W, C) uint8 as ``step_NNNNNN.png`` among the samples."""
        path = self.samples_dir / f"step_{step:06d}.png"
        Image.fromarray(grid[:, :, 0] if grid.shape[2] == 1 else grid).save(path)
        return path

    # ---------------------------------------------------------------- evaluation
    def read_evaluation(self, include_old: bool = False) -> tuple[Path, dict] | None:
        """(path, report) of the saved evaluation report, or None when there is none readable.

        ``include_old`` also looks for the names earlier versions used.
        """
        names = (files.EVALUATION, *files.EVALUATION_OLD) if include_old else (files.EVALUATION,)
        for name in names:
            path = self.path / name
            try:
                report = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(report, dict):
                return path, report
        return None

    def write_evaluation(self, report: dict) -> Path:
        write_json_atomic(self.evaluation_path, report)
        return self.evaluation_path
