"""What an export writes besides the images: the dataset card, a sample sheet, and a zip archive."""

from __future__ import annotations

import json
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageDraw

from engine import __version__
from engine.errors import Cancelled
from engine.run import TrainedModel

# Where the evaluation saves its report in the run folder; the first one found is quoted.
EVALUATION_FILES = ("evaluation.json", "evaluation_report.json", "report.json")
SHEET_CELL = 48  # smallest on-screen side of one sample in the sheet, in pixels
SHEET_LABEL_WIDTH = 72  # pixels left of each row for the class name


def evaluation_verdict(run_dir: Path) -> dict | None:
    """The verdict of the run's saved evaluation report, or None when it was not evaluated.

    Quoted in the dataset card with its confidence interval, how the interval was made, and how
    choices and test images were kept apart (an older report without them quotes None there).
    """
    for name in EVALUATION_FILES:
        path = Path(run_dir) / name
        if not path.is_file():
            continue
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(report, dict):
            return {"report": str(path), "verdict": None}
        verdict = report.get("verdict")
        quoted = verdict if isinstance(verdict, dict) else {}
        discipline = report.get("discipline") if isinstance(report.get("discipline"), dict) else {}
        return {"report": str(path), "verdict": verdict, "text": quoted.get("text"),
                "interval": quoted.get("interval"), "level": quoted.get("level"),
                "method": quoted.get("method"), "recommendation": report.get("recommendation"),
                "validation": (discipline.get("validation") or {}).get("reason"),
                "test": discipline.get("test")}
    return None


def dataset_card(
    model: TrainedModel, source: str, request: dict, per_class: dict[str, dict[str, int]],
    stats: dict,
) -> dict:
    """The ``dataset_card.json`` contents: where the data came from and how it was made.

    Parameters
    ----------
    model : TrainedModel
        The run the synthetic images came from.
    source : str
        The real dataset folder (or ``"sample"``).
    request : dict
        The export settings (mode, counts, seed, temperature, ...).
    per_class : dict
        ``{class: {"real": n, "synthetic": m}}``.
    stats : dict
        Curation figures: rejected seeds skipped, memorised samples dropped.
    """
    counts = {c: {**n, "total": n["real"] + n["synthetic"]} for c, n in per_class.items()}
    return {
        "format": "genaug-dataset-card/1",
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "app": "GenAug Studio", "app_version": __version__,
        "source": source,
        "export": request,
        "counts_per_class": counts,
        "totals": {k: sum(n[k] for n in counts.values()) for k in ("real", "synthetic", "total")},
        "model": {"name": model.name, "run": str(model.run_dir), "checkpoint_step": model.step,
                  "args": model.args.to_dict()},
        "config": model.config.to_dict(),
        "curation": stats,
        "evaluation": evaluation_verdict(model.run_dir),
    }


def sample_sheet(samples: list[torch.Tensor], class_names: list[str], per_row: int) -> np.ndarray:
    """A report figure: one row per class of its first synthetic samples, the class name at left.

    ``samples[c]`` is (k, C, H, W) uint8 with k <= per_row; returns an (H, W, 3) uint8 array.
    """
    from torchvision.utils import make_grid

    c, h, w = next((s.shape[1:] for s in samples if len(s)), (1, 8, 8))
    scale = max(1, -(-SHEET_CELL // max(h, w)))  # whole-number upscaling keeps pixels crisp
    rows = []
    for s in samples:
        row = torch.zeros(per_row, c, h, w, dtype=torch.uint8)  # (per_row, C, H, W): blanks pad
        if len(s):
            row[:len(s)] = s[:per_row]
        row = row.repeat_interleave(scale, 2).repeat_interleave(scale, 3)  # (per_row, C, sH, sW)
        rows.append(row)
    images = torch.cat(rows) if rows else torch.zeros(1, c, h, w, dtype=torch.uint8)
    grid = make_grid(images, nrow=per_row, padding=2, pad_value=255)  # (3, Hg, Wg) uint8
    body = grid.permute(1, 2, 0).contiguous().numpy()  # (Hg, Wg, 3)
    sheet = Image.new("RGB", (body.shape[1] + SHEET_LABEL_WIDTH, body.shape[0]), "white")
    sheet.paste(Image.fromarray(body), (SHEET_LABEL_WIDTH, 0))
    draw = ImageDraw.Draw(sheet)
    row_h = h * scale + 2
    for r, name in enumerate(class_names):
        draw.text((4, 2 + r * row_h + row_h // 2 - 6), name[:12], fill="black")
    return np.asarray(sheet)


def encode_sheet(sheet: np.ndarray) -> bytes:
    """PNG bytes of a sample sheet (Pillow: the sheet is one large image, so its filters pay)."""
    import io

    buffer = io.BytesIO()
    Image.fromarray(sheet).save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


STORED_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".zip"}  # already compressed


def write_zip(
    folder: Path, zip_path: Path, root_name: str, skip_prefix: str | None = None,
    progress: Callable[[int], None] | None = None, should_stop: Callable[[], bool] | None = None,
) -> int:
    """Archive every file under ``folder`` as ``root_name/<relative path>`` into the new ``zip_path``.

    Compressed images are stored as they are (deflating them again gains nothing and costs time).
    On any error or cancellation the partial archive is deleted. Returns the number of files.
    """
    files = sorted(p for p in folder.rglob("*")
                   if p.is_file() and not (skip_prefix and p.relative_to(folder).parts[0]
                                           .startswith(skip_prefix)))
    fd = os.open(zip_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", allowZip64=True) as archive:
            for k, path in enumerate(files):
                if should_stop is not None and should_stop():
                    raise Cancelled()
                method = (zipfile.ZIP_STORED if path.suffix.lower() in STORED_SUFFIXES
                          else zipfile.ZIP_DEFLATED)
                archive.write(path, f"{root_name}/{path.relative_to(folder).as_posix()}", method)
                if progress is not None and k % 256 == 255:
                    progress(k + 1)
    except BaseException:
        zip_path.unlink(missing_ok=True)
        raise
    return len(files)
