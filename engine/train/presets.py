"""Presets: settings chosen from the dataset size, the image size and the device.

Every value a preset sets stays editable afterwards; a preset is a starting point, not a mode.
The time a preset costs is measured, not guessed: :func:`estimate_seconds_per_1000_steps` runs a
few real training steps of the configured model on this device.
"""

from __future__ import annotations

import time

import torch

from engine.config import RunConfig
from engine.data.dataset import ImageSet
from engine.device import pick_device, set_threads
from engine.models.layout import to_memory_format
from engine.models.registry import ModelArgs, get_model
from engine.train import accel

PRESETS = ("fast", "balanced", "quality")
PRESET_HELP = {
    "fast": "A quick look: small networks, few steps.",
    "balanced": "The default on a CPU: useful synthetic data in minutes.",
    "quality": "Wider networks and more steps: for a GPU or a long run.",
}


def choose_preset(image_size: int, device: str) -> str:
    """The preset that fits: quick on a CPU with large inputs, thorough on a GPU.

    The number of images does not change it: on the full MNIST training set (59,000 digits, 10
    CPU minutes, DiffAugment off as the presets set it there) Balanced's synthetic-only accuracy
    was above Fast's (validation 93.65 against 92.80; benchmarks/results/quality.md).
    """
    if device == "cuda":
        return "quality"
    if image_size > 32:
        return "fast"
    return "balanced"


def apply_preset(
    config: RunConfig, preset: str, num_images: int, image_size: int, device: str
) -> str:
    """Set the model and training fields of ``config`` for ``preset`` ('auto' chooses one).

    Returns the preset applied. The data fields and the seed are left alone.
    """
    if preset == "auto":
        preset = choose_preset(image_size, device)
    m, t = config.model, config.train
    base = 32 if image_size <= 32 else 64
    m.width = {"fast": base // 2 if image_size > 16 else 32, "balanced": base,
               "quality": 2 * base}[preset]
    m.latent_dim = 64 if preset != "quality" else 128
    t.steps = {"fast": 1000, "balanced": 2000, "quality": 6000}[preset]
    t.minutes = 0.0
    t.batch_size = 64
    t.lr, t.beta1 = 0.0, 0.5
    family = get_model(m.name)
    if family.preset is not None:  # what the family's own recipe changes (engine.models.registry)
        family.preset(config, preset, num_images)
    return preset


def preset_device(device: str) -> str:
    """The device a preset is chosen for, from a config's device setting ("auto", "cpu", ...)."""
    return "cuda" if device in ("auto", "cuda") and torch.cuda.is_available() else "cpu"


def apply_preset_for(config: RunConfig, preset: str, data: ImageSet) -> str:
    """:func:`apply_preset` for a loaded dataset: what the command line and the Model panel both call.

    The preset is chosen from the whole loaded dataset (its image count and training size) and
    the config's device, so both front ends train the same model from the same data.
    """
    return apply_preset(config, preset, len(data), data.image_size, preset_device(config.train.device))


def estimate_seconds_per_1000_steps(
    config: RunConfig, num_classes: int, channels: int, image_size: int, steps: int = 4
) -> float:
    """Time ``steps`` real training steps of ``config`` on random data; scale to 1,000 steps.

    The first step (memory allocation, kernel selection) is not counted.
    """
    mc, tc = config.model, config.train
    set_threads(tc.threads)
    device = pick_device(tc.device)
    spec = get_model(mc.name)
    args = ModelArgs.from_config(mc, num_classes, channels, image_size)
    nets = {k: m.to(device) for k, m in spec.build(args).items()}
    to_memory_format(nets, device)  # as the trainer runs them
    lr = tc.lr or spec.default_lr
    optims = {k: accel.make_adam(nets[k].parameters(), lr, (tc.beta1, 0.999), device)
              for k in spec.trained}
    precision = accel.Precision.for_device(device, tc.precision)
    x = torch.rand(tc.batch_size, channels, image_size, image_size, device=device)
    y = torch.randint(0, num_classes, (tc.batch_size,), device=device)
    step = spec.step
    rng_state = torch.get_rng_state()
    for i in range(steps + 1):
        if i == 1:
            if device.type == "cuda":
                torch.cuda.synchronize()
            t0 = time.perf_counter()
        with precision.autocast():
            step(nets, optims, x, y, step=i, config=config, report=lambda name, value: None)
    if device.type == "cuda":
        torch.cuda.synchronize()
    torch.set_rng_state(rng_state)  # measuring must not change what a later run draws
    return (time.perf_counter() - t0) / steps * 1000
