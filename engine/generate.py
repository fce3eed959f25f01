"""Generation: N images per class, each reproducible from its own seed; interpolation between seeds."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch

from engine.errors import Cancelled, UserError
from engine.runs import TrainedModel, load_trained
from engine.safe_write import (
    ParallelWriter,
    check_new_folder,
    staged_folder,
    write_new_file,
    write_png,
    write_pngs,
)

BATCH = 256  # images per forward pass: large enough to be fast, small enough for any GPU
CHUNK = 64  # PNG files per writer task


@dataclass
class Generated:
    """Generated images with their provenance."""

    images: torch.Tensor  # (N, C, H, W) uint8
    labels: torch.Tensor  # (N,) int64
    seeds: list[int]  # the seed that reproduces each image (with its label)


MIN_TRUNCATION = 0.05  # below this the resampling would need hundreds of draws per entry


def check_truncation(truncation: float | None) -> None:
    """Raise :class:`UserError` unless ``truncation`` is None/0 (off) or at least MIN_TRUNCATION."""
    if truncation and not (math.isfinite(truncation) and truncation >= MIN_TRUNCATION):
        raise UserError(f"Truncation must be 0 (off) or at least {MIN_TRUNCATION}, not {truncation:g}")


def latent_for_seeds(
    seeds: list[int], latent_dim: int, temperature: float = 1.0, truncation: float | None = None,
) -> torch.Tensor:
    """One noise vector per seed, (N, latent): image k depends on seeds[k] only.

    ``temperature`` scales the noise: below 1 trades variety for typical-looking images (the VAE's
    control). ``truncation`` is the truncation trick (Brock et al. 2019, BigGAN; the GAN's
    control): every entry whose magnitude exceeds it is drawn again, from the same seeded stream,
    until none does, so the noise follows a normal truncated to [-t, t]; entries already inside
    keep their values, so a truncated sample stays close to its untruncated self. None or 0 = off.
    """
    check_truncation(truncation)
    z = torch.empty(len(seeds), latent_dim)
    gen = torch.Generator()
    for i, s in enumerate(seeds):
        z[i] = torch.randn(latent_dim, generator=gen.manual_seed(int(s)))
        if truncation:
            outside = z[i].abs() > truncation  # (latent,)
            while outside.any():
                z[i][outside] = torch.randn(int(outside.sum()), generator=gen)
                outside = z[i].abs() > truncation
    return z * temperature


def generate(
    model: TrainedModel,
    per_class: int | list[int],
    seed: int = 0,
    temperature: float = 1.0,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    *,
    truncation: float | None = None,
) -> Generated:
    """Make ``per_class`` images of every class (or a list with one count per class).

    Image ``i`` of each class uses seed ``seed + i``, so asking for more images later keeps the
    first ones unchanged. ``temperature`` and ``truncation``: see :func:`latent_for_seeds`.
    """
    counts = per_class if isinstance(per_class, list) else [per_class] * len(model.class_names)
    labels = [c for c, n in enumerate(counts) for _ in range(n)]
    seeds = [seed + i for n in counts for i in range(n)]
    return generate_seeds(model, labels, seeds, temperature, progress, should_stop,
                          truncation=truncation)


def generate_seeds(
    model: TrainedModel,
    labels: list[int],
    seeds: list[int],
    temperature: float = 1.0,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    *,
    truncation: float | None = None,
) -> Generated:
    """Make one image per (label, seed) pair, in batches; the same pair always gives the same image.

    ``temperature`` and ``truncation``: see :func:`latent_for_seeds`.
    """
    y_all = torch.tensor(labels, dtype=torch.int64)
    size, channels = model.args.image_size, model.args.channels
    out = torch.empty(len(seeds), channels, size, size, dtype=torch.uint8)
    for start in range(0, len(seeds), BATCH):
        if should_stop is not None and should_stop():
            raise Cancelled()
        stop = min(start + BATCH, len(seeds))
        z = latent_for_seeds(seeds[start:stop], model.args.latent_dim, temperature, truncation)
        out[start:stop] = _render(model, z, y_all[start:stop])
        if progress is not None:
            progress(stop, len(seeds))
    return Generated(out, y_all, list(seeds))


def _render(model: TrainedModel, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """uint8 images (b, C, H, W) for noise ``z`` (b, latent) and labels ``y`` (b,)."""
    images = model.images(z, y)  # (b, C, H, W) in [0, 1]
    return images.mul(255).round().clamp(0, 255).to(torch.uint8)


def slerp(a: torch.Tensor, b: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """Spherical interpolation between noise vectors ``a`` and ``b`` (latent,) at ``t`` (S,) -> (S, latent).

    Gaussian noise lives near a sphere; a straight line between two samples passes through
    low-norm noise the generator rarely saw, so we follow the great circle instead
    (White, "Sampling Generative Networks", 2016). Nearly parallel vectors fall back to a line.
    """
    t = t[:, None]  # (S, 1)
    cos = torch.dot(a, b) / (a.norm() * b.norm()).clamp_min(1e-12)
    omega = torch.arccos(cos.clamp(-1.0, 1.0))
    if omega.abs() < 1e-4:
        return (1 - t) * a + t * b
    return (torch.sin((1 - t) * omega) * a + torch.sin(t * omega) * b) / torch.sin(omega)


def interpolate(
    model: TrainedModel, label: int, seed_a: int, seed_b: int, steps: int, temperature: float = 1.0,
    *, truncation: float | None = None,
) -> torch.Tensor:
    """``steps`` images of class ``label`` morphing from seed ``seed_a``'s sample to ``seed_b``'s.

    Returns (steps, C, H, W) uint8; the first and last images are exactly the samples that
    :func:`generate_seeds` makes for ``(label, seed_a)`` and ``(label, seed_b)``.
    """
    if steps < 2:
        raise ValueError(f"interpolation needs at least 2 steps, not {steps}")
    za, zb = latent_for_seeds([seed_a, seed_b], model.args.latent_dim, temperature,
                              truncation)  # (latent,) each
    z = slerp(za, zb, torch.linspace(0.0, 1.0, steps))  # (steps, latent)
    z[0], z[-1] = za, zb  # exact endpoints, whatever rounding the sines left
    images = torch.empty(steps, model.args.channels, model.args.image_size, model.args.image_size,
                         dtype=torch.uint8)
    y = torch.full((steps,), int(label), dtype=torch.int64)
    for start in range(0, steps, BATCH):
        stop = min(start + BATCH, steps)
        images[start:stop] = _render(model, z[start:stop], y[start:stop])
    return images


def save_png(image: torch.Tensor, path: Path) -> None:
    """Write one (C, H, W) uint8 image as a new PNG file (gray or RGB); never overwrites."""
    write_png(image.permute(1, 2, 0).contiguous().numpy(), Path(path))


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
    *,
    truncation: float | None = None,
) -> dict:
    """Generate ``per_class`` images of every class into a new folder (one sub-folder per class).

    Returns a summary dict (the CLI's JSON line).
    """
    check_truncation(truncation)
    model = load_trained(run_dir)
    target = check_new_folder(Path(out_dir))
    total = per_class * len(model.class_names)
    # One bar for both halves: sampling counts as the first ``total`` units, writing the second.
    made = generate(model, per_class, seed, temperature,
                    None if progress is None else lambda d, n: progress(d, 2 * total), should_stop,
                    truncation=truncation)
    with staged_folder(target) as staging, ParallelWriter() as writer:
        rows = []
        for name in model.class_names:
            (staging / name).mkdir()
        arrays = made.images.permute(0, 2, 3, 1).contiguous().numpy()  # (N, H, W, C)
        paths = []
        for label, s in zip(made.labels.tolist(), made.seeds, strict=True):
            rel = Path(model.class_names[label]) / synthetic_name(s)
            paths.append(staging / rel)
            rows.append([rel.as_posix(), model.class_names[label], s])
        for start in range(0, total, CHUNK):
            if should_stop is not None and should_stop():
                raise Cancelled()
            writer.submit(write_pngs, arrays[start:start + CHUNK], paths[start:start + CHUNK],
                          weight=len(paths[start:start + CHUNK]))
            if progress is not None:
                progress(total + writer.completed, 2 * total)
        writer.drain()
        text = io.StringIO()
        csv_writer = csv.writer(text, lineterminator="\n")
        csv_writer.writerow(["file", "class", "seed"])
        csv_writer.writerows(rows)
        write_new_file(staging / "generated.csv", text.getvalue().encode("utf-8"))
    if progress is not None:
        progress(2 * total, 2 * total)
    return {
        "out": str(target), "images": len(made.seeds), "per_class": per_class,
        "classes": len(model.class_names), "run": str(model.run_dir), "step": model.step,
        "temperature": temperature, "truncation": truncation or 0.0,
    }


MAX_INTERPOLATION_STEPS = 256


def interpolate_to_folder(
    run_dir: Path | str,
    out_dir: Path | str,
    seed_a: int,
    seed_b: int,
    steps: int = 8,
    temperature: float = 1.0,
    classes: list[str] | None = None,
    *,
    truncation: float | None = None,
) -> dict:
    """Write the :func:`interpolate` strip from ``seed_a`` to ``seed_b`` for each class into a new folder.

    One sub-folder per class (all classes, or those named in ``classes``) holding ``steps`` PNGs,
    ``interp_A_B_00.png`` (seed A's sample) to the last (seed B's), and ``interpolation.csv``
    listing file, class, both seeds and the position t in [0, 1]. Returns the CLI's summary dict.
    """
    check_truncation(truncation)
    if not 2 <= steps <= MAX_INTERPOLATION_STEPS:
        raise UserError(f"Interpolation steps must be 2 to {MAX_INTERPOLATION_STEPS}, not {steps}")
    model = load_trained(run_dir)
    unknown = [c for c in classes or [] if c not in model.class_names]
    if unknown:
        raise UserError(f"Class {unknown[0]!r} is not in this run; its classes are "
                        f"{', '.join(model.class_names)}")
    names = list(dict.fromkeys(classes)) if classes else list(model.class_names)
    target = check_new_folder(Path(out_dir))
    rows = []
    with staged_folder(target) as staging:
        for name in names:
            strip = interpolate(model, model.class_names.index(name), seed_a, seed_b, steps,
                                temperature, truncation=truncation)
            (staging / name).mkdir()
            for i, image in enumerate(strip):
                rel = Path(name) / f"interp_{seed_a}_{seed_b}_{i:02d}.png"
                save_png(image, staging / rel)
                rows.append([rel.as_posix(), name, seed_a, seed_b, round(i / (steps - 1), 6)])
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(["file", "class", "seed_a", "seed_b", "t"])
        writer.writerows(rows)
        write_new_file(staging / "interpolation.csv", text.getvalue().encode("utf-8"))
    return {
        "out": str(target), "images": len(rows), "steps": steps, "seed_a": seed_a, "seed_b": seed_b,
        "classes": names, "run": str(model.run_dir), "step": model.step,
        "temperature": temperature, "truncation": truncation or 0.0,
    }
