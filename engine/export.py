"""Export an augmented dataset: real + synthetic images in the class-folder layout, plus a manifest.

The target is always a new folder, never inside the source; everything is written into a staging
folder that is renamed into place only when complete.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch

from engine.config import DataConfig
from engine.data.load import load_dataset
from engine.data.sample import SAMPLE_NAME
from engine.errors import Cancelled, UserError
from engine.evaluate.memorization import is_copy
from engine.fileops import check_new_folder, staged_folder
from engine.generate import Generated, generate_seeds, save_png, synthetic_name
from engine.run import TrainedModel, load_trained

MANIFEST_COLUMNS = ["file", "class", "kind", "source", "run", "step", "seed"]
MAX_FILTER_ROUNDS = 8  # generation rounds to replace filtered copies before giving up


@dataclass
class ExportRequest:
    """What to export; exactly one of ``per_class`` and ``balance_to`` is set."""

    run_dir: str
    data: str  # the real dataset folder, or "sample"
    out: str
    per_class: int | None = None  # synthetic images added to every class
    balance_to: int | None = None  # bring every class up to this many images
    include_real: bool = True  # copy the real images too
    filter_memorized: bool = False  # leave out samples that copy a training image
    seed: int = 0  # first seed of the synthetic images
    temperature: float = 1.0  # noise scale for sampling


def synthetic_counts(req: ExportRequest, real_counts: list[int]) -> list[int]:
    """How many synthetic images each class gets."""
    if (req.per_class is None) == (req.balance_to is None):
        raise UserError("Choose exactly one of --per-class N and --balance-to M")
    if req.per_class is not None:
        if req.per_class < 0:
            raise UserError(f"--per-class must be 0 or more, not {req.per_class}")
        return [req.per_class] * len(real_counts)
    if req.balance_to < 1:
        raise UserError(f"--balance-to must be 1 or more, not {req.balance_to}")
    if not req.include_real:
        return [req.balance_to] * len(real_counts)
    return [max(0, req.balance_to - n) for n in real_counts]


def export_dataset(
    req: ExportRequest,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> dict:
    """Write the augmented dataset described by ``req``; return a summary dict.

    Raises
    ------
    UserError
        For a refused target, a dataset whose classes do not match the run, or bad counts.
    Cancelled
        When ``should_stop()`` returned True; nothing is left behind.
    """
    model = load_trained(req.run_dir)
    source = None if req.data == SAMPLE_NAME else Path(req.data)
    target = check_new_folder(Path(req.out), source)
    real = load_dataset(DataConfig(
        path=req.data, image_size=model.args.image_size, channels=model.args.channels,
    ))
    if real.class_names != model.class_names:
        raise UserError(
            f"The classes of {req.data} ({', '.join(real.class_names)}) differ from the run's "
            f"({', '.join(model.class_names)})"
        )
    counts = synthetic_counts(req, real.class_counts())
    made, rejected = _synthesize(model, counts, req, real.images if req.filter_memorized else None,
                                 should_stop)

    n_real = len(real) if req.include_real else 0
    total, done = n_real + len(made.seeds), 0
    rows: list[list] = []
    with staged_folder(target) as staging:
        used: set[str] = set()
        for name in model.class_names:
            (staging / name).mkdir()
        if req.include_real:
            for i in range(len(real)):
                _check_stop(should_stop)
                cls = real.class_names[int(real.labels[i])]
                src = real.files[i]
                if src:
                    rel = _unique(Path(cls) / Path(src).name, used)
                    shutil.copy2(src, staging / rel)
                else:  # the built-in sample has no files: write its pixels
                    rel = _unique(Path(cls) / f"real_{i:05d}.png", used)
                    save_png(real.images[i], staging / rel)
                rows.append([rel.as_posix(), cls, "real", src or SAMPLE_NAME, "", "", ""])
                done += 1
                if progress is not None and done % 64 == 0:
                    progress(done, total)
        for image, label, seed in zip(made.images, made.labels.tolist(), made.seeds, strict=True):
            _check_stop(should_stop)
            cls = model.class_names[label]
            rel = _unique(Path(cls) / synthetic_name(seed), used)
            save_png(image, staging / rel)
            rows.append([rel.as_posix(), cls, "synthetic", "", str(model.run_dir), model.step, seed])
            done += 1
            if progress is not None and done % 64 == 0:
                progress(done, total)
        with (staging / "manifest.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(MANIFEST_COLUMNS)
            writer.writerows(rows)
    if progress is not None:
        progress(total, total)

    per_class = {
        name: {"real": 0, "synthetic": 0} for name in model.class_names
    }
    for row in rows:
        per_class[row[1]][row[2]] += 1
    return {
        "out": str(target), "real": n_real, "synthetic": len(made.seeds),
        "memorized_rejected": rejected, "per_class": per_class,
        "run": str(model.run_dir), "step": model.step,
    }


def _synthesize(
    model: TrainedModel, counts: list[int], req: ExportRequest, real_images: torch.Tensor | None,
    should_stop: Callable[[], bool] | None,
) -> tuple[Generated, int]:
    """Generate ``counts[c]`` images of each class c; with ``real_images``, drop near-copies.

    Dropped samples are replaced by images from the next seeds, for a bounded number of rounds.
    """
    accepted: list[Generated] = []
    need = list(counts)
    next_seed = [req.seed] * len(counts)
    rejected = 0
    for _ in range(MAX_FILTER_ROUNDS if real_images is not None else 1):
        labels = [c for c, n in enumerate(need) for _ in range(n)]
        seeds = [next_seed[c] + i for c, n in enumerate(need) for i in range(n)]
        if not labels:
            break
        batch = generate_seeds(model, labels, seeds, req.temperature, should_stop=should_stop)
        for c, n in enumerate(need):
            next_seed[c] += n
        if real_images is not None:
            keep = ~is_copy(batch.images, real_images)
            rejected += int((~keep).sum())
            idx = torch.nonzero(keep).flatten()
            batch = Generated(batch.images[idx], batch.labels[idx],
                              [batch.seeds[i] for i in idx.tolist()])
        accepted.append(batch)
        got = torch.bincount(batch.labels, minlength=len(need)).tolist()
        need = [n - g for n, g in zip(need, got, strict=True)]
    if any(need):
        short = {model.class_names[c]: n for c, n in enumerate(need) if n}
        raise UserError(
            f"Could not make enough samples that are not copies of training images: short by {short}"
        )
    if not accepted:
        return Generated(torch.empty(0, model.args.channels, model.args.image_size,
                                     model.args.image_size, dtype=torch.uint8),
                         torch.empty(0, dtype=torch.int64), []), rejected
    merged = Generated(
        torch.cat([g.images for g in accepted]), torch.cat([g.labels for g in accepted]),
        [s for g in accepted for s in g.seeds],
    )
    order = torch.argsort(merged.labels, stable=True)
    return Generated(merged.images[order], merged.labels[order],
                     [merged.seeds[i] for i in order.tolist()]), rejected


def _unique(rel: Path, used: set[str]) -> Path:
    """``rel`` or, if already used (same name from two sub-folders), ``name_1.ext``, ``name_2``..."""
    candidate, k = rel, 1
    while candidate.as_posix().lower() in used:
        candidate = rel.with_name(f"{rel.stem}_{k}{rel.suffix}")
        k += 1
    used.add(candidate.as_posix().lower())
    return candidate


def _check_stop(should_stop: Callable[[], bool] | None) -> None:
    if should_stop is not None and should_stop():
        raise Cancelled()
