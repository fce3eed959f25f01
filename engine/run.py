"""A run folder on disk, and rebuilding a trained model from it.

Layout::

    RUN_DIR/
      config.json      the RunConfig
      dataset.json     source, class names, counts, image size and channels
      metrics.csv      one row per report: step, loss/D, loss/G, ...
      samples/         step_000050.png ... the live grids
      checkpoints/     step_NNNNNNNN.pt: the last K and the best (loaded with weights_only=True)
      status.json      step reached, finished or not, last update (for the Runs list)
      split.json       the held-out split: its files (or indices), seed, fraction, dataset fingerprint
      train.log        what happened: start, resume, faults, end
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import nn

from engine.config import DataConfig, RunConfig
from engine.data.dataset import ImageSet
from engine.data.split import holdout_split, indices_from_record, split_record
from engine.device import pick_device
from engine.errors import UserError
from engine.models.registry import ModelArgs, ModelSpec, get_model
from engine.train.checkpoint import CheckpointStore, write_json_atomic


class RunFolder:
    """Paths and small writes for one run folder."""

    def __init__(self, path: Path):
        self.path = Path(path).expanduser()

    @property
    def store(self) -> CheckpointStore:
        return CheckpointStore(self.path)

    def has_checkpoint(self) -> bool:
        return bool(self.store.paths())

    @property
    def status_path(self) -> Path:
        return self.path / "status.json"

    def read_status(self) -> dict:
        """The last status written, or {} for a run that never checkpointed."""
        try:
            return json.loads(self.status_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def write_status(self, **status) -> None:
        write_json_atomic(self.status_path, {**status, "updated": time.time()})

    def log(self, message: str) -> None:
        """Append a time-stamped line to ``train.log``."""
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        with (self.path / "train.log").open("a", encoding="utf-8") as f:
            f.write(f"{stamp} {message}\n")

    @property
    def metrics_path(self) -> Path:
        return self.path / "metrics.csv"

    @property
    def samples_dir(self) -> Path:
        return self.path / "samples"

    def prepare(self, allow_existing: bool) -> None:
        """Create the folder; refuse to train over an existing run unless resuming."""
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

    def write_config(self, config: RunConfig, data: ImageSet) -> None:
        """Save the config and a description of the training data."""
        config.save_json(self.path / "config.json")
        info = {
            "source": data.source,
            "class_names": data.class_names,
            "train_counts": data.class_counts(),
            "image_size": data.image_size,
            "channels": data.channels,
        }
        (self.path / "dataset.json").write_text(json.dumps(info, indent=2), encoding="utf-8")

    @property
    def split_path(self) -> Path:
        return self.path / "split.json"

    def save_split(self, data: ImageSet, train_idx: torch.Tensor, held_idx: torch.Tensor,
                   cfg: DataConfig) -> Path:
        """Write ``split.json`` (atomically), so evaluation can hold out the very same images."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Cannot create run folder {self.path}: {exc.strerror}") from exc
        record = split_record(data, train_idx, held_idx, cfg.holdout_fraction, cfg.split_seed)
        write_json_atomic(self.split_path, record)
        return self.split_path

    def load_split(self) -> dict | None:
        """The record written by :meth:`save_split`, or None when there is none (or unreadable)."""
        try:
            return json.loads(self.split_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def save_grid(self, grid: np.ndarray, step: int) -> Path:
        """Save a sample grid as ``samples/step_NNNNNN.png``."""
        path = self.samples_dir / f"step_{step:06d}.png"
        Image.fromarray(grid[:, :, 0] if grid.shape[2] == 1 else grid).save(path)
        return path


@dataclass
class TrainedModel:
    """A model rebuilt from a run's checkpoint, ready to sample."""

    run_dir: Path
    name: str
    spec: ModelSpec
    nets: dict[str, nn.Module]
    args: ModelArgs
    class_names: list[str]
    step: int
    config: RunConfig
    device: torch.device

    @torch.no_grad()
    def images(self, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Images in [0, 1], (B, C, H, W), for noise ``z`` (B, latent) and labels ``y`` (B,)."""
        return self.spec.to_images(self.nets, z.to(self.device), y.to(self.device)).cpu()


def load_trained(run_dir: Path | str, device: str = "auto") -> TrainedModel:
    """Rebuild the model of ``run_dir`` from its checkpoint alone, in eval mode."""
    run = RunFolder(Path(run_dir))
    if not run.path.is_dir():
        raise UserError(f"Run folder not found: {run.path}")
    latest = run.store.latest()
    if latest is None:
        raise UserError(f"Run folder has no loadable checkpoint (was it trained?): {run.path}")
    _, state = latest
    spec = get_model(state["model"])
    args = ModelArgs(**state["model_args"])
    dev = pick_device(device)
    nets = spec.build(args)
    for k, net in nets.items():
        net.load_state_dict(state["nets"][k])
        net.to(dev).eval()
    return TrainedModel(
        run_dir=run.path, name=state["model"], spec=spec, nets=nets, args=args,
        class_names=list(state["class_names"]), step=int(state["step"]),
        config=RunConfig.from_saved(state["config"]), device=dev,
    )


@dataclass
class RunInfo:
    """One line of the Runs list."""

    path: Path
    model: str
    step: int
    target_steps: int | None  # None for a time budget
    finished: bool  # reached its budget (not stopped, not crashed)
    updated: float  # seconds since the epoch of the last checkpoint


def run_model_name(run_dir: Path | str) -> str:
    """The run's model family ("cgan" or "cvae") from its config.json; "" when it cannot be read."""
    try:
        return RunConfig.load_json(Path(run_dir) / "config.json").model.name
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def list_runs(workspace: Path | str) -> list[RunInfo]:
    """Runs in ``workspace`` (folders with a config), most recently updated first."""
    root = Path(workspace).expanduser()
    if not root.is_dir():
        return []
    runs = []
    for folder in root.iterdir():
        if not (folder / "config.json").is_file():
            continue
        run = RunFolder(folder)
        status = run.read_status()
        try:
            config = RunConfig.load_json(folder / "config.json")
        except (OSError, ValueError):
            continue
        runs.append(RunInfo(
            path=folder, model=config.model.name, step=int(status.get("step", 0)),
            target_steps=None if config.train.minutes > 0 else config.train.steps,
            finished=bool(status.get("finished", False)),
            updated=float(status.get("updated", folder.stat().st_mtime)),
        ))
    return sorted(runs, key=lambda r: r.updated, reverse=True)


def _run_in_workspace(workspace: Path | str, run_dir: Path | str) -> Path:
    """The resolved ``run_dir`` if it is a run folder directly inside ``workspace``, else UserError.

    Rename and delete act only on such folders: never on a link, the workspace itself, a folder
    elsewhere, or a folder inside the workspace that is not a run (no ``config.json``).
    """
    root = Path(workspace).expanduser().resolve()
    given = Path(run_dir).expanduser()
    if given.is_symlink():
        raise UserError(f"Refused: {given} is a link, not a run folder of the workspace {root}")
    path = given.resolve()
    if path.parent != root:
        raise UserError(f"Refused: {path} is not a run folder inside the workspace {root}")
    if not (path / "config.json").is_file():
        raise UserError(f"Refused: {path} is not a run folder (it has no config.json)")
    return path


def rename_run(workspace: Path | str, run_dir: Path | str, new_name: str) -> Path:
    """Rename the run folder ``run_dir`` of ``workspace`` to ``new_name``; return the new path.

    Raises
    ------
    UserError
        If ``run_dir`` is not a run folder directly inside ``workspace``, ``new_name`` is not a
        plain folder name (empty, ``.``/``..``, a path separator), or the name is taken.
    """
    path = _run_in_workspace(workspace, run_dir)
    name = new_name.strip()
    seps = {"/", "\\", "\0"}
    if not name or name in (".", "..") or any(c in name for c in seps):
        raise UserError(f"Not a valid run name: {new_name!r} (use a plain folder name, no slashes)")
    target = path.parent / name
    if target.exists():
        raise UserError(f"A file or folder named {name!r} already exists in {path.parent}")
    try:
        path.rename(target)
    except OSError as exc:
        raise UserError(f"Cannot rename {path} to {name!r}: {exc.strerror}") from exc
    return target


def delete_run(workspace: Path | str, run_dir: Path | str) -> None:
    """Delete the run folder ``run_dir`` of ``workspace`` with everything in it.

    Raises
    ------
    UserError
        If ``run_dir`` is not a run folder directly inside ``workspace`` (nothing is deleted), or
        the folder cannot be removed.
    """
    path = _run_in_workspace(workspace, run_dir)
    try:
        shutil.rmtree(path)
    except OSError as exc:
        raise UserError(f"Cannot delete {path}: {exc.strerror or exc}") from exc


def split_for_run(run_dir: Path | str, data: ImageSet, cfg: DataConfig,
                  resume: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    """The (train, held-out) indices of ``data`` for a run, saved as the run's ``split.json``.

    Resuming a run that has a saved split reuses it (matched by file), so the held-out images
    stay the same even if the folder changed; otherwise a fresh split is made and saved
    (:func:`~engine.data.split.holdout_split`: ``cfg.holdout_fraction`` with ``cfg.split_seed``,
    or the sample's fixed one). A folder that already holds a trained run is not written.
    """
    run = RunFolder(Path(run_dir))
    saved = run.load_split() if resume else None
    if saved is not None:
        return indices_from_record(data, saved)
    train_idx, held_idx = holdout_split(data, cfg.holdout_fraction, cfg.split_seed)
    if resume or not run.has_checkpoint():
        run.save_split(data, train_idx, held_idx, cfg)
    return train_idx, held_idx
