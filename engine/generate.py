"""Generation: N images per class, each reproducible from its own seed."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from engine.errors import Cancelled
from engine.fileops import check_new_folder, staged_folder
from engine.run import TrainedModel, load_trained

BATCH = 256  # images per forward pass: large enough to be fast, small enough for any GPU


@dataclass
class Generated:
    """Generated images with their provenance."""

    images: torch.Tensor  # (N, C, H, W) uint8
    labels: torch.Tensor  # (N,) int64
    seeds: list[int]  # the seed that reproduces each image (with its label)


def latent_for_seeds(seeds: list[int], latent_dim: int, temperature: float = 1.0) -> torch.Tensor:
    """One noise vector per seed, (N, latent): image k depends on seeds[k] only.

    ``temperature`` scales the noise: below 1 trades variety for typical-looking images.
    """
    z = torch.empty(len(seeds), latent_dim)
    gen = torch.Generator()
    for i, s in enumerate(seeds):
        z[i] = torch.randn(latent_dim, generator=gen.manual_seed(int(s)))
    return z * temperature


def generate(
    model: TrainedModel,
    per_class: int | list[int],
    seed: int = 0,
    temperature: float = 1.0,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Generated:
    """Make ``per_class`` images of every class (or a list with one count per class).

    Image ``i`` of each class uses seed ``seed + i``, so asking for more images later keeps the
    first ones unchanged.
    """
    counts = per_class if isinstance(per_class, list) else [per_class] * len(model.class_names)
    labels = [c for c, n in enumerate(counts) for _ in range(n)]
    seeds = [seed + i for n in counts for i in range(n)]
    return generate_seeds(model, labels, seeds, temperature, progress, should_stop)


def generate_seeds(
    model: TrainedModel,
    labels: list[int],
    seeds: list[int],
    temperature: float = 1.0,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Generated:
    """Make one image per (label, seed) pair, in batches; the same pair always gives the same image."""
    y_all = torch.tensor(labels, dtype=torch.int64)
    size, channels = model.args.image_size, model.args.channels
    out = torch.empty(len(seeds), channels, size, size, dtype=torch.uint8)
    for start in range(0, len(seeds), BATCH):
        if should_stop is not None and should_stop():
            raise Cancelled()
        stop = min(start + BATCH, len(seeds))
        z = latent_for_seeds(seeds[start:stop], model.args.latent_dim, temperature)
        images = model.images(z, y_all[start:stop])  # (b, C, H, W) in [0, 1]
        out[start:stop] = images.mul(255).round().clamp(0, 255).to(torch.uint8)
        if progress is not None:
            progress(stop, len(seeds))
    return Generated(out, y_all, list(seeds))


def save_png(image: torch.Tensor, path: Path) -> None:
    """Write one (C, H, W) uint8 image as PNG (gray or RGB)."""
    array = image.permute(1, 2, 0).numpy()
    Image.fromarray(array[:, :, 0] if array.shape[2] == 1 else np.ascontiguousarray(array)).save(path)


def synthetic_name(seed: int) -> str:
    """File name of a synthetic image: clearly marked, unique within its class by seed."""
    return f"synthetic_{seed:07d}.png"


def generate_to_folder(
    run_dir: Path | str,
    out_dir: Path | str,
    per_class: int,
    seed: int = 0,
    temperature: float = 1.0,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> dict:
    """Generate ``per_class`` images of every class into a new folder (one sub-folder per class).

    Returns a summary dict (the CLI's JSON line).
    """
    model = load_trained(run_dir)
    target = check_new_folder(Path(out_dir))
    made = generate(model, per_class, seed, temperature, progress, should_stop)
    with staged_folder(target) as staging:
        rows = []
        for name in model.class_names:
            (staging / name).mkdir()
        for image, label, s in zip(made.images, made.labels.tolist(), made.seeds, strict=True):
            rel = Path(model.class_names[label]) / synthetic_name(s)
            save_png(image, staging / rel)
            rows.append([rel.as_posix(), model.class_names[label], s])
        with (staging / "generated.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["file", "class", "seed"])
            writer.writerows(rows)
    return {
        "out": str(target), "images": len(made.seeds), "per_class": per_class,
        "classes": len(model.class_names), "run": str(model.run_dir), "step": model.step,
    }
