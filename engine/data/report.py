"""The dataset health report: class-level warnings, size and mode statistics, text, JSON and CSV.

The same functions feed the CLI (``scan`` prints :func:`format_report`; ``--json`` writes
:func:`report_dict`) and the Data panel (its tables, and Save as CSV through :func:`write_problems_csv`).
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from dataclasses import asdict
from pathlib import Path

import numpy as np

from engine.data.dataset import DataWarning, ImageSet, Problem
from engine.safe_write import atomic_write

IMBALANCE_WARN_RATIO = 10.0  # largest / smallest class at or above this is "heavy imbalance"
SMALL_FRACTION = 0.5  # an image whose short side is under half the training size is "much smaller"
TEXT_LIST_MAX = 20  # the text report lists this many duplicate groups / converted examples


def class_warnings(
    class_names: list[str],
    labels: np.ndarray,
    files: list[str],
    digests: list[str],
    short_sides: np.ndarray,
    image_size: int,
) -> list[DataWarning]:
    """Findings about classes: 0 or 1 usable images, imbalance, exact duplicates, small images.

    Parameters
    ----------
    class_names : list of str
        Every class found, including those left with no usable image.
    labels : ndarray of int, shape (N,)
        Class index of each usable image.
    files, digests : list of str
        Path and content hash of each usable image.
    short_sides : ndarray of int, shape (N,)
        The shorter side of each image as stored, in pixels.
    image_size : int
        The training size the images were resized to.
    """
    found: list[DataWarning] = []
    counts = np.bincount(labels, minlength=len(class_names)) if len(labels) else \
        np.zeros(len(class_names), dtype=np.int64)
    for name, n in zip(class_names, counts.tolist(), strict=True):
        if n == 0:
            found.append(DataWarning("empty_class", f"Class '{name}' has no usable image: it is "
                                     "left out of the dataset.", [name]))
        elif n == 1:
            found.append(DataWarning("single_image", f"Class '{name}' has only 1 usable image: too "
                                     "few to learn from, and none can be held out for evaluation.",
                                     [name]))
    used = [(c, n) for c, n in zip(class_names, counts.tolist(), strict=True) if n > 0]
    if len(used) >= 2:
        (big, n_big), (small, n_small) = max(used, key=lambda x: x[1]), min(used, key=lambda x: x[1])
        ratio = n_big / n_small
        if ratio >= IMBALANCE_WARN_RATIO:
            found.append(DataWarning(
                "imbalance", f"Heavy class imbalance: '{big}' has {n_big:,} images, '{small}' "
                f"{n_small:,} (ratio {ratio:.1f}:1).", [big, small]))
    found.extend(_duplicates(class_names, labels, files, digests))
    small = short_sides < image_size * SMALL_FRACTION
    if small.any():
        per_class = np.bincount(labels[small], minlength=len(class_names))
        where = ", ".join(f"{class_names[c]} {k:,}" for c, k in enumerate(per_class.tolist()) if k)
        found.append(DataWarning(
            "small_images", f"{int(small.sum()):,} images are much smaller than the training size "
            f"{image_size}x{image_size} (short side under {image_size * SMALL_FRACTION:g} px) and "
            f"were upscaled: {where}.",
            [class_names[c] for c in np.flatnonzero(per_class).tolist()],
            [files[i] for i in np.flatnonzero(small).tolist()]))
    return found


def _duplicates(class_names, labels, files, digests) -> list[DataWarning]:
    """One warning per group of files with identical bytes; across classes it says so."""
    repeated = {d for d, k in Counter(digests).items() if k > 1 and d}  # Counter runs in C: fast
    groups: dict[str, list[int]] = defaultdict(list)
    if repeated:
        for i, d in enumerate(digests):
            if d in repeated:
                groups[d].append(i)
    found = []
    for members in groups.values():
        if len(members) < 2:
            continue
        classes = sorted({class_names[int(labels[i])] for i in members})
        where = (f"in different classes ({', '.join(classes)}): a label conflict"
                 if len(classes) > 1 else f"in class '{classes[0]}'")
        paths = [files[i] for i in members]
        found.append(DataWarning("duplicates", f"{len(members)} identical files {where}: "
                                 + ", ".join(paths), classes, paths))
    return found


def size_mode_stats(widths: np.ndarray, heights: np.ndarray, modes: list[str]) -> dict:
    """Original sizes (smallest, median, largest, most common) and modes of the usable images."""
    if len(widths) == 0:
        return {"modes": {}, "common_sizes": []}
    common = Counter(zip(widths.tolist(), heights.tolist(), strict=True)).most_common(5)
    return {
        "modes": dict(Counter(modes).most_common()),
        "min_size": [int(widths.min()), int(heights.min())],
        "median_size": [int(np.median(widths)), int(np.median(heights))],
        "max_size": [int(widths.max()), int(heights.max())],
        "common_sizes": [[w, h, n] for (w, h), n in common],
    }


def imbalance_ratio(counts: list[int]) -> float:
    """Largest class over smallest non-empty class (1.0 for one class)."""
    used = [c for c in counts if c > 0]
    return max(used) / min(used) if used else 1.0


def report_dict(data: ImageSet, held_counts: list[int] | None = None) -> dict:
    """The full report as plain JSON-ready data: summary, classes, warnings, every problem file."""
    counts = data.class_counts()
    return {
        **data.summary(),
        "held_out_counts": dict(zip(data.class_names, held_counts, strict=True))
        if held_counts is not None else None,
        "imbalance_ratio": round(imbalance_ratio(counts), 3),
        "stats": data.stats,
        "class_warnings": [asdict(w) for w in data.warnings],
        "problem_files": [asdict(p) for p in data.problems],
    }


def format_report(data: ImageSet, held_counts: list[int] | None = None) -> str:
    """A human-readable report: summary, class table, sizes and modes, warnings, problem files.

    Every skipped file is listed; converted files are grouped by reason (the JSON lists each).
    """
    counts, st = data.class_counts(), data.stats
    held = held_counts or [0] * len(counts)
    skipped = [p for p in data.problems if p.action != "converted"]
    converted = [p for p in data.problems if p.action == "converted"]
    lines = [f"Dataset {data.source}: {len(data):,} images in {data.num_classes} classes, "
             f"{data.image_size}x{data.image_size} px, {data.channels} channel(s); "
             f"{len(skipped):,} files skipped, {len(converted):,} converted"]
    width = max([5, *(len(n) for n in data.class_names)])
    lines.append(f"  {'class':<{width}}  {'images':>8}  {'train':>8}  {'held out':>8}")
    for name, n, h in zip(data.class_names, counts, held, strict=True):
        lines.append(f"  {name:<{width}}  {n:>8,}  {n - h:>8,}  {h:>8,}")
    lines.append(f"Imbalance ratio {imbalance_ratio(counts):.1f}:1")
    if st.get("common_sizes"):
        common = ", ".join(f"{w}x{h} ({n:,})" for w, h, n in st["common_sizes"])
        lo, mid, hi = st["min_size"], st["median_size"], st["max_size"]
        lines.append(f"Original sizes: {common}; smallest {lo[0]}x{lo[1]}, median {mid[0]}x{mid[1]}, "
                     f"largest {hi[0]}x{hi[1]}")
        lines.append("Modes: " + ", ".join(f"{m} {n:,}" for m, n in st["modes"].items()))
    if "seconds" in st:
        lines.append(f"Scanned {st.get('files', 0):,} files in {st['seconds']:.2f} s "
                     f"({st.get('from_cache', 0):,} from the cache)")
    dup = [w for w in data.warnings if w.kind == "duplicates"]
    other = [w for w in data.warnings if w.kind != "duplicates"]
    if data.warnings:
        lines.append(f"Warnings ({len(data.warnings)}):")
        lines.extend(f"  - {w.message}" for w in other)
        lines.extend(f"  - {w.message}" for w in dup[:TEXT_LIST_MAX])
        if len(dup) > TEXT_LIST_MAX:
            lines.append(f"  - ... and {len(dup) - TEXT_LIST_MAX:,} more duplicate groups")
    if skipped:
        lines.append(f"Skipped files ({len(skipped):,}):")
        lines.extend(f"  {p.path}: {p.reason} [{p.action}]" for p in skipped)
    if converted:
        lines.append(f"Converted files ({len(converted):,}):")
        for reason, group in _group(converted).items():
            lines.append(f"  {len(group):,} x {reason}, e.g. {group[0].path}")
    return "\n".join(lines)


def _group(problems: list[Problem]) -> dict[str, list[Problem]]:
    out: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        out[p.reason].append(p)
    return dict(sorted(out.items(), key=lambda kv: -len(kv[1])))


def write_problems_csv(problems: list[Problem], path: Path | str) -> Path:
    """Write ``path, reason, action`` rows to a CSV file (atomically: never half-written)."""
    path = Path(path).expanduser()
    with atomic_write(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["path", "reason", "action"])
        out.writerows([p.path, p.reason, p.action] for p in problems)
    return path


def write_report_json(data: ImageSet, path: Path | str, held_counts: list[int] | None = None) -> Path:
    """Write :func:`report_dict` as indented JSON to ``path``."""
    path = Path(path).expanduser()
    path.write_text(json.dumps(report_dict(data, held_counts), indent=2), encoding="utf-8")
    return path
