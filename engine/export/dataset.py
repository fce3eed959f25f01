"""Export an augmented dataset: real + accepted synthetic images in the source's class folders.

On request, moved copies of the real images come too (``ExportRequest.moved_copies``): classical
augmentation written out, for a classifier that trains on the folder without augmenting it.

The target is a new folder (or, when asked, an existing one that is added to without replacing
anything), never the source or inside it. Everything is written into a staging folder that is
renamed (or, when adding, moved file by file) into place only when complete, so a cancelled or
failed export leaves nothing behind. Beside the images: ``manifest.csv`` (one row per file),
``dataset_card.json`` (provenance), optionally ``sample_sheet.png`` and ``<target>.zip``.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import logging
import math
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from engine.data.dataset import ImageSet
from engine.data.sample import SAMPLE_NAME
from engine.errors import Cancelled, UserError
from engine.evaluate.classical import ClassicalAugment
from engine.export.archive import write_zip
from engine.export.card import count_per_class, dataset_card
from engine.export.curation import AcceptedSamples, Curation, load_judge
from engine.export.moved import moved_chunks, moved_name, moves_for
from engine.export.sheet import encode_sheet, sample_sheet
from engine.export.space import bytes_needed
from engine.generate import check_truncation, synthetic_name
from engine.runs import TrainedModel, load_trained, run_dataset
from engine.safe_write import (
    ParallelWriter,
    check_free_space,
    check_new_folder,
    link_or_copy,
    staged_folder,
    staged_merge,
    write_new_file,
    write_pngs,
)

MANIFEST_COLUMNS = ["file", "class", "kind", "source", "run", "step", "seed"]
SHEET_PER_CLASS = 8  # samples per class row of the sample sheet
CHUNK = 64  # files per writer task: amortises the thread hand-off without delaying cancel


@dataclass
class ExportRequest:
    """What to export; exactly one of ``per_class``, ``balance_to`` and ``factor`` is set."""

    run_dir: str
    data: str  # the real dataset folder, or "sample"
    out: str
    per_class: int | None = None  # synthetic images added to every class
    balance_to: int | None = None  # bring every class up to this many images
    factor: float | None = None  # multiply every class's size by this (2.0 doubles the dataset)
    include_real: bool = True  # put the real images in too
    link_real: bool = False  # hard-link real files instead of copying (falls back to a copy)
    filter_memorized: bool = False  # leave out samples that copy a training image
    use_curation: bool = True  # skip the samples rejected in the gallery (the run's curation)
    add_to_existing: bool = False  # allow a non-empty target: add files, replace none
    make_zip: bool = False  # also write <out>.zip holding the same folder
    make_sheet: bool = True  # also write sample_sheet.png (a grid per class) in the folder
    seed: int = 0  # first seed of the synthetic images (the gallery's default too)
    temperature: float = 1.0  # noise scale for sampling (the gallery's temperature)
    truncation: float = 0.0  # GAN truncation trick threshold (engine.generate.latent_for_seeds); 0 = off
    min_confidence: float = 0.0  # keep samples the evaluation's judge recognises this surely; 0 = off
    # One size in the folder, never mixed by accident: "real" writes the synthetic images at the
    # real images' (most common) size; "trained" writes every image, real ones too, at the size the
    # model was trained at (real images re-encoded as PNG, not copied).
    size: str = "real"
    # Moved copies of every real image (rotation, shift, zoom; flips only where the run's evaluation
    # measured them label-safe), on top of the amount; 0 = none. Made from the images as the model
    # saw them, written at the folder's size.
    moved_copies: int = 0
    workers: int = 0  # writer threads; 0 = automatic


SIZES = ("real", "trained")  # the values of ExportRequest.size


def synthetic_counts(req: ExportRequest, real_counts: list[int]) -> list[int]:
    """How many synthetic images each class gets, for the request's mode."""
    modes = [req.per_class is not None, req.balance_to is not None, req.factor is not None]
    if sum(modes) != 1:
        raise UserError("Choose exactly one of --per-class N, --balance-to M and --factor F")
    if req.per_class is not None:
        if req.per_class < 0:
            raise UserError(f"--per-class must be 0 or more, not {req.per_class}")
        return [req.per_class] * len(real_counts)
    if req.factor is not None:
        low = 1.0 if req.include_real else 0.0
        if not math.isfinite(req.factor) or req.factor < low:
            raise UserError(f"--factor must be at least {low:g} (the real images count once), "
                            f"not {req.factor:g}")
        extra = req.factor - 1.0 if req.include_real else req.factor
        return [int(round(n * extra)) for n in real_counts]
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

    ``progress(done, total)`` counts files written (synthetic ones as soon as they are sampled,
    so it moves during generation), then files archived when a zip is asked for.

    Raises
    ------
    UserError
        For a refused target, too little disk space, a full disk, a dataset whose classes do not
        match the run, or bad counts; nothing is left behind.
    Cancelled
        When ``should_stop()`` returned True; nothing is left behind.
    """
    check_truncation(req.truncation)
    model = load_trained(req.run_dir)
    source = None if req.data == SAMPLE_NAME else Path(req.data)
    target = check_new_folder(Path(req.out), source, allow_existing=req.add_to_existing)
    merge = target.is_dir() and any(target.iterdir())
    zip_path = target.with_name(target.name + ".zip")
    if req.make_zip and zip_path.exists():
        raise UserError(f"Refusing to overwrite the archive {zip_path}: choose another folder name")
    if req.size not in SIZES:
        raise UserError(f"Unknown export size {req.size!r}: use {' or '.join(SIZES)}")
    # Every real image, loaded as the run saw them (its size, channels and resize policy).
    real, _ = run_dataset(model.run_dir, req.data, should_stop=should_stop)
    counts = synthetic_counts(req, real.class_counts())
    moves = moves_for(model.run_dir, req.moved_copies)
    n_real = len(real) if req.include_real else 0
    n_moved = len(real) * req.moved_copies
    n_files = n_real + sum(counts) + n_moved
    out_size = output_size(req, model.args.image_size, real)
    check_free_space(target if target.is_dir() else target.parent,
                     bytes_needed(req, model, real, counts, target, out_size))
    stream = AcceptedSamples(
        model, counts, req.seed, req.temperature,
        Curation.load(model.run_dir) if req.use_curation else None,
        real.images if req.filter_memorized else None, should_stop, truncation=req.truncation,
        judge=load_judge(model, req.min_confidence), min_confidence=req.min_confidence,
    )
    total = n_files * (2 if req.make_zip else 1)
    report = _Progress(progress, total)
    zip_tmp = zip_path.with_name(f".{zip_path.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        with (staged_merge(target) if merge else staged_folder(target)) as staging:
            per_class, written = _write_all(req, model, real, stream, staging, _existing_names(target, merge),
                                     report, should_stop, out_size, moves)
            if req.make_zip and not merge:  # archive the staging folder: both appear together
                write_zip(staging, zip_tmp, target.name, progress=lambda k: report(n_files + k),
                          should_stop=should_stop)
        if req.make_zip and merge:  # the whole folder as it now is, old files included
            write_zip(target, zip_tmp, target.name, skip_prefix=".genaug-partial-",
                      progress=lambda k: report(n_files + k), should_stop=should_stop)
        if req.make_zip:
            os.replace(zip_tmp, zip_path)
    except OSError as exc:
        zip_tmp.unlink(missing_ok=True)
        raise _as_user_error(exc, target) from exc
    except BaseException:
        zip_tmp.unlink(missing_ok=True)
        raise
    report(total, force=True)

    short = stream.short_by_name()  # classes the filters could not fill (logged as they gave up)
    synthetic = sum(counts) - sum(short.values())
    logging.getLogger(__name__).info("exported %d real + %d synthetic + %d moved images to %s", n_real,
                                     synthetic, n_moved, target)
    return {
        "out": str(target), "real": n_real, "synthetic": synthetic, "moved": n_moved,
        "per_class": per_class, "short": short,
        "memorized_rejected": stream.memorized, "curation_skipped": stream.skipped,
        "unconfident_rejected": stream.unconfident,
        "added_to_existing": merge, "manifest": written["manifest"], "card": written["card"],
        "sheet": written.get("sheet"), "zip": str(zip_path) if req.make_zip else None,
        "run": str(model.run_dir), "step": model.step, "image_size": list(out_size),
    }


def output_size(req: ExportRequest, trained: int, real: ImageSet) -> tuple[int, int]:
    """(width, height) of the synthetic images: the size the whole export folder shares.

    ``size="real"``: the real files' most common size (their own folder's look), or the trained
    size for the built-in sample, whose real images are written from pixels at that size;
    ``size="trained"``: the trained size (the real images are then written at it too).
    """
    common = real.stats.get("common_sizes") if any(real.files) else None
    if req.size == "trained" or not common:
        return trained, trained
    return int(common[0][0]), int(common[0][1])


def _resized(images: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
    """uint8 images (B, C, S, S) resampled to (B, C, height, width) (antialiased bilinear)."""
    w, h = size
    if images.shape[-2:] == (h, w):
        return images
    out = F.interpolate(images.float(), size=(h, w), mode="bilinear", antialias=True,
                        align_corners=False)  # (B, C, h, w)
    return out.round_().clamp_(0, 255).to(torch.uint8)


def _write_all(
    req: ExportRequest, model: TrainedModel, real: ImageSet, stream: AcceptedSamples, staging: Path,
    used: set[str], report: _Progress, should_stop: Callable[[], bool] | None,
    out_size: tuple[int, int], moves: ClassicalAugment | None = None,
) -> tuple[dict[str, dict[str, int]], dict]:
    """Write every image, the manifest, the card and the sheet into ``staging``; return the
    per-class counts and the names written."""
    rows: list[list] = []
    for name in model.class_names:
        (staging / name).mkdir()
    sheet_samples: list[list[torch.Tensor]] = [[] for _ in model.class_names]
    with ParallelWriter(req.workers) as writer:
        if req.include_real:
            _write_real(req, real, staging, used, rows, writer, report, should_stop)
        if moves is not None:
            _write_moved(req, real, moves, staging, used, rows, writer, report, should_stop, out_size)
        for batch in stream:
            arrays = _pixels(batch.images, out_size)  # (b, H, W, C)
            paths = []
            for k, (label, seed) in enumerate(zip(batch.labels.tolist(), batch.seeds, strict=True)):
                cls = model.class_names[label]
                rel = _unique(Path(cls) / synthetic_name(seed), used)
                paths.append(staging / rel)
                rows.append([rel.as_posix(), cls, "synthetic", "", str(model.run_dir), model.step, seed])
                if len(sheet_samples[label]) < SHEET_PER_CLASS:
                    sheet_samples[label].append(batch.images[k])
            for start in range(0, len(paths), CHUNK):
                _check_stop(should_stop)
                stop = start + CHUNK
                writer.submit(write_pngs, arrays[start:stop], paths[start:stop],
                              weight=len(paths[start:stop]))
                report(writer.completed)
        writer.drain()
    report(writer.completed)

    order = {name: c for c, name in enumerate(model.class_names)}
    kinds = {"real": 0, "moved": 1, "synthetic": 2}
    rows.sort(key=lambda r: (order[r[1]], kinds[r[2]], r[0]))
    text = io.StringIO()
    csv_out = csv.writer(text, lineterminator="\n")
    csv_out.writerow(MANIFEST_COLUMNS)
    csv_out.writerows(rows)
    written = {"manifest": _unique(Path("manifest.csv"), used).as_posix()}
    write_new_file(staging / written["manifest"], text.getvalue().encode("utf-8"))

    per_class = count_per_class(model.class_names, rows, moved=moves is not None)
    settings = {k: v for k, v in asdict(req).items() if k not in ("workers",)}
    card = dataset_card(model, real.source, settings, per_class,
                        {"rejected_seeds_skipped": stream.skipped, "memorized_dropped": stream.memorized,
                         "unconfident_dropped": stream.unconfident, "short": stream.short_by_name()},
                        moves=moves.to_dict() if moves is not None else None)
    card["manifest"] = written["manifest"]
    written["card"] = _unique(Path("dataset_card.json"), used).as_posix()
    write_new_file(staging / written["card"], json.dumps(card, indent=2).encode("utf-8"))
    if req.make_sheet and any(sheet_samples):
        stacks = [torch.stack(s) if s else torch.empty(0, dtype=torch.uint8) for s in sheet_samples]
        written["sheet"] = _unique(Path("sample_sheet.png"), used).as_posix()
        write_new_file(staging / written["sheet"],
                       encode_sheet(sample_sheet(stacks, model.class_names, SHEET_PER_CLASS)))
    return per_class, written


def _write_real(req: ExportRequest, real: ImageSet, staging: Path, used: set[str], rows: list[list],
                writer: ParallelWriter, report: _Progress, should_stop: Callable[[], bool] | None) -> None:
    """The real images: their files copied (or linked), or their pixels as PNG (the sample; the
    trained size)."""
    pixels = real.images.permute(0, 2, 3, 1).numpy()  # (N, H, W, C) view, for the sample
    copies: list[tuple[str, Path]] = []
    drawn: list[tuple[int, Path]] = []
    for i, src in enumerate(real.files):
        _check_stop(should_stop)
        cls = real.class_names[int(real.labels[i])]
        if src and req.size != "trained":
            rel = _unique(Path(cls) / Path(src).name, used)
            copies.append((src, staging / rel))
        elif src:  # at the trained size: the decoded pixels, as PNG under the file's stem
            rel = _unique(Path(cls) / (Path(src).stem + ".png"), used)
            drawn.append((i, staging / rel))
        else:  # the built-in sample has no files: write its pixels
            rel = _unique(Path(cls) / f"real_{i:05d}.png", used)
            drawn.append((i, staging / rel))
        rows.append([rel.as_posix(), cls, "real", src or SAMPLE_NAME, "", "", ""])
        if len(copies) == CHUNK or i == len(real) - 1:
            writer.submit(_put_files, copies, req.link_real, weight=len(copies))
            copies = []
        if len(drawn) == CHUNK or i == len(real) - 1:
            idx = [k for k, _ in drawn]
            writer.submit(write_pngs, pixels[idx], [p for _, p in drawn], weight=len(drawn))
            drawn = []
        report(writer.completed)


def _write_moved(
    req: ExportRequest, real: ImageSet, moves: ClassicalAugment, staging: Path, used: set[str],
    rows: list[list], writer: ParallelWriter, report: _Progress,
    should_stop: Callable[[], bool] | None, out_size: tuple[int, int],
) -> None:
    """``req.moved_copies`` moved copies of every real image (:mod:`engine.export.moved`)."""
    for k, start, moved in moved_chunks(real.images, moves, req.moved_copies, req.seed, CHUNK):
        _check_stop(should_stop)
        paths = []
        for i in range(start, start + len(moved)):
            cls, src = real.class_names[int(real.labels[i])], real.files[i]
            rel = _unique(Path(cls) / moved_name(src, i, k), used)
            paths.append(staging / rel)
            rows.append([rel.as_posix(), cls, "moved", src or SAMPLE_NAME, "", "", ""])
        writer.submit(write_pngs, _pixels(moved, out_size), paths, weight=len(paths))
        report(writer.completed)


def _pixels(images: torch.Tensor, size: tuple[int, int]) -> np.ndarray:
    """uint8 images (B, C, S, S) as the (B, height, width, C) arrays the PNG writer takes."""
    return _resized(images, size).permute(0, 2, 3, 1).contiguous().numpy()


def _put_files(pairs: list[tuple[str, Path]], link: bool) -> None:
    """Copy (or hard-link) real files to their new paths."""
    for src, dst in pairs:
        link_or_copy(src, dst, link)


def _existing_names(target: Path, merge: bool) -> set[str]:
    """Relative paths (lower case) already in the target: new files must not take them."""
    if not merge:
        return set()
    return {p.relative_to(target).as_posix().lower() for p in target.rglob("*")}


def _unique(rel: Path, used: set[str]) -> Path:
    """``rel`` or, if already used (same name from two sub-folders, or an existing file),
    ``name_1.ext``, ``name_2.ext``... Names are compared case-insensitively (Windows, macOS)."""
    candidate, k = rel, 1
    while candidate.as_posix().lower() in used:
        candidate = rel.with_name(f"{rel.stem}_{k}{rel.suffix}")
        k += 1
    used.add(candidate.as_posix().lower())
    return candidate


def _as_user_error(exc: OSError, target: Path) -> UserError:
    """A one-line message for a write that failed; the export has been rolled back."""
    where = exc.filename or target
    if exc.errno == errno.ENOSPC:
        return UserError(f"Disk full while exporting to {target} (writing {where}); nothing was kept")
    return UserError(f"Cannot write {where}: {exc.strerror or exc}; nothing was kept")


def _check_stop(should_stop: Callable[[], bool] | None) -> None:
    if should_stop is not None and should_stop():
        raise Cancelled()


class _Progress:
    """Forward ``(done, total)`` at most every 50 ms (the writer loop is tight)."""

    def __init__(self, progress: Callable[[int, int], None] | None, total: int):
        self._progress, self.total, self._last = progress, total, 0.0

    def __call__(self, done: int, force: bool = False) -> None:
        now = time.monotonic()
        if self._progress is not None and (force or now - self._last >= 0.05):
            self._last = now
            self._progress(min(done, self.total), self.total)
