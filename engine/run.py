"""A run folder on disk, and rebuilding a trained model from it.

Layout::

    RUN_DIR/
      config.json      the RunConfig
      dataset.json     source, class names, counts, image size and channels
      metrics.csv      one row per report: step, loss/D, loss/G, ...
      samples/         step_000050.png ... the live grids
      checkpoint.pt    model, optimisers, step (loaded with weights_only=True)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import nn

from engine.config import RunConfig
from engine.data.dataset import ImageSet
from engine.device import pick_device
from engine.errors import UserError
from engine.models.registry import ModelArgs, ModelSpec, get_model
from engine.train.checkpoint import CHECKPOINT_NAME, load_checkpoint


class RunFolder:
    """Paths and small writes for one run folder."""

    def __init__(self, path: Path):
        self.path = Path(path).expanduser()

    @property
    def checkpoint_path(self) -> Path:
        return self.path / CHECKPOINT_NAME

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
        if self.checkpoint_path.exists() and not allow_existing:
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
    if not run.checkpoint_path.exists():
        raise UserError(f"Run folder has no checkpoint (was it trained?): {run.path}")
    state = load_checkpoint(run.checkpoint_path)
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
        config=RunConfig.from_dict(state["config"]), device=dev,
    )
