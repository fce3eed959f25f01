"""Rebuilding a trained model from a run folder's newest checkpoint alone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from engine.config import RunConfig
from engine.device import pick_device
from engine.errors import UserError
from engine.models.registry import ModelArgs, ModelSpec, get_model
from engine.runs.folder import RunFolder


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

    @property
    def run(self) -> RunFolder:
        return RunFolder(self.run_dir)

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
    args = ModelArgs.from_dict(state["model_args"])
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
