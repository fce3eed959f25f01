"""The training loop: a plain function with ``progress`` and ``should_stop`` hooks.

It never knows who is watching: the CLI draws a terminal bar from the progress reports, the GUI
turns them into Qt signals. A stop request is checked before every step, so it takes effect within
one step; the run then ends with a checkpoint like any other.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from engine.config import RunConfig
from engine.data.dataset import ImageSet
from engine.device import pick_device, set_threads
from engine.models.layers import auto_width
from engine.models.registry import ModelArgs, get_model
from engine.run import RunFolder
from engine.train.checkpoint import load_checkpoint, save_checkpoint
from engine.train.grid import sample_grid
from engine.train.reporter import Reporter
from engine.train.steps import STEPS, default_lr

GRID_PER_CLASS = 8  # columns of the live sample grid (one row per class)
GRID_MAX_CLASSES = 16  # rows shown; more classes would make each cell too small to read


@dataclass
class TrainProgress:
    """What the loop tells its watcher, every ``log_every`` steps and with every new grid."""

    step: int
    total_steps: int | None  # None when the budget is minutes
    fraction: float  # 0..1 of the budget (steps or time)
    elapsed_s: float
    eta_s: float | None
    images_per_s: float
    metrics: dict[str, float] = field(default_factory=dict)  # means since the last report
    grid: np.ndarray | None = None  # (H, W, C) uint8 samples from fixed noise, when new
    message: str = ""


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

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def train(
    config: RunConfig,
    data: ImageSet,
    run_dir: Path | str,
    progress: Callable[[TrainProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    resume: bool = False,
) -> TrainResult:
    """Train ``config.model.name`` on ``data`` (the training split) and checkpoint into ``run_dir``.

    Parameters
    ----------
    config : RunConfig
        Model and training settings; saved into the run folder.
    data : ImageSet
        Images the model learns from; the held-out split must already be removed.
    run_dir : path
        The run folder; created if missing. A folder that already holds a checkpoint is refused
        unless ``resume`` is True.
    progress : callable, optional
        Receives a :class:`TrainProgress` every ``log_every`` steps and with each sample grid.
    should_stop : callable, optional
        Polled before every step; returning True ends the run early (with a checkpoint).
    resume : bool
        Continue from the run folder's checkpoint when there is one.
    """
    tc, mc = config.train, config.model
    spec = get_model(mc.name)
    step_fn = STEPS[mc.name]
    run = RunFolder(Path(run_dir))
    run.prepare(allow_existing=resume)

    set_threads(tc.threads)
    device = pick_device(tc.device)
    torch.manual_seed(tc.seed)
    args = ModelArgs(
        latent_dim=mc.latent_dim, num_classes=data.num_classes, channels=data.channels,
        image_size=data.image_size, width=mc.width or auto_width(data.image_size),
        embed_dim=mc.embed_dim,
    )
    nets = {k: m.to(device) for k, m in spec.build(args).items()}
    lr = tc.lr or default_lr(mc.name)
    optims = {
        k: torch.optim.Adam(m.parameters(), lr=lr, betas=(tc.beta1, 0.999))
        for k, m in nets.items()
    }

    start_step, resumed_from, message = 0, None, ""
    if resume:
        if run.checkpoint_path.exists():
            state = load_checkpoint(run.checkpoint_path)
            _restore(state, nets, optims)
            start_step = resumed_from = int(state["step"])
            message = f"resumed from step {start_step}"
        else:
            message = "no checkpoint in the run folder yet: starting from the beginning"
    run.write_config(config, data)

    # The whole training set lives on the device as uint8; a batch is one gather, no Python loop.
    images = data.images.to(device)  # (N, C, H, W) uint8
    labels = data.labels.to(device)  # (N,)
    batch_gen = torch.Generator(device="cpu").manual_seed(tc.seed + start_step)
    batch_size = max(2, tc.batch_size)  # batch norm needs two samples

    # Fixed noise: the live grid shows the same z every time, so changes are the model's.
    grid_classes = torch.arange(min(data.num_classes, GRID_MAX_CLASSES), device=device)
    grid_y = grid_classes.repeat_interleave(GRID_PER_CLASS)  # (K * 8,)
    noise_gen = torch.Generator(device="cpu").manual_seed(tc.seed + 1)
    grid_z = torch.randn(len(grid_y), mc.latent_dim, generator=noise_gen).to(device)

    reporter = Reporter(run.metrics_path)
    budget_s = tc.minutes * 60.0 if tc.minutes > 0 else None
    total_steps = None if budget_s else tc.steps
    t0 = time.perf_counter()
    step, stopped, last_metrics = start_step, False, {}

    def report_progress(grid: np.ndarray | None = None, metrics: dict | None = None) -> None:
        if progress is None:
            return
        elapsed = time.perf_counter() - t0
        done = step - start_step
        if budget_s:
            fraction = min(1.0, elapsed / budget_s)
            eta = max(0.0, budget_s - elapsed)
        else:
            fraction = step / max(1, total_steps)
            eta = elapsed / done * (total_steps - step) if done else None
        progress(TrainProgress(
            step=step, total_steps=total_steps, fraction=fraction, elapsed_s=elapsed, eta_s=eta,
            images_per_s=done * batch_size / elapsed if elapsed > 0 else 0.0,
            metrics=metrics or {}, grid=grid, message=message,
        ))

    report_progress()
    while True:
        if budget_s is not None and time.perf_counter() - t0 >= budget_s:
            break
        if total_steps is not None and step >= total_steps:
            break
        if should_stop is not None and should_stop():
            stopped = True
            break
        for net in nets.values():
            net.train()
        idx = torch.randint(0, len(images), (batch_size,), generator=batch_gen).to(device)
        x = images[idx].float().div_(255.0)  # (B, C, H, W) in [0, 1]
        step_fn(nets, optims, x, labels[idx], step=step, config=config, report=reporter.report)
        step += 1
        if step % tc.log_every == 0:
            last_metrics = reporter.flush(step)
            message = ""
        grid = None
        if step % tc.sample_every == 0:
            grid = sample_grid(spec, nets, grid_z, grid_y, GRID_PER_CLASS)
            run.save_grid(grid, step)
        if step % tc.log_every == 0 or grid is not None:
            report_progress(grid, last_metrics if step % tc.log_every == 0 else None)

    final = reporter.flush(step)
    last_metrics = final or last_metrics
    grid = sample_grid(spec, nets, grid_z, grid_y, GRID_PER_CLASS)
    run.save_grid(grid, step)
    save_checkpoint(run.checkpoint_path, {
        "model": mc.name,
        "model_args": args.to_dict(),
        "config": config.to_dict(),
        "class_names": list(data.class_names),
        "step": step,
        "nets": {k: m.state_dict() for k, m in nets.items()},
        "optims": {k: o.state_dict() for k, o in optims.items()},
    })
    elapsed = time.perf_counter() - t0
    report_progress(grid, final)
    return TrainResult(
        run_dir=str(run.path), model=mc.name, step=step, elapsed_s=round(elapsed, 3),
        images_per_s=round((step - start_step) * batch_size / elapsed, 1) if elapsed else 0.0,
        metrics={k: round(v, 5) for k, v in last_metrics.items()},
        checkpoint=str(run.checkpoint_path), stopped_early=stopped, resumed_from=resumed_from,
    )


def _restore(state: dict, nets: dict[str, nn.Module], optims: dict) -> None:
    """Load network and optimiser state from a checkpoint into freshly built objects."""
    for k, net in nets.items():
        net.load_state_dict(state["nets"][k])
    for k, opt in optims.items():
        if k in state.get("optims", {}):
            opt.load_state_dict(state["optims"][k])
