"""The disk space an export will take, estimated before anything is written."""

from __future__ import annotations

import os
from pathlib import Path

from engine.data.dataset import ImageSet
from engine.runs import TrainedModel
from engine.safe_write import PNG_OVERHEAD

BLOCK = 4096  # file-system allocation unit assumed by the space estimate (small files fill one)


def bytes_needed(req, model: TrainedModel, real: ImageSet, counts: list[int], target: Path,
                 out_size: tuple[int, int]) -> int:
    """Upper estimate of the bytes the export ``req`` (an ExportRequest) will take (every file
    fills whole blocks)."""
    a, (w, h) = model.args, out_size
    png = a.channels * w * h + h + PNG_OVERHEAD  # raw pixels: zlib never grows them by more
    total = (sum(counts) + len(real) * req.moved_copies) * blocks(png)
    png = a.channels * a.image_size * a.image_size + a.image_size + PNG_OVERHEAD  # real as pixels
    if req.include_real:
        files = [f for f in real.files if f] if req.size != "trained" else []
        if files and not (req.link_real and same_device(files[0], target)):
            total += sum(blocks(os.path.getsize(f)) for f in files)
        total += (len(real) - len(files)) * blocks(png)
    rows = len(real) * (1 + req.moved_copies) + sum(counts)
    total += blocks(120 * rows) + 4 * BLOCK  # manifest, card, sheet
    if req.make_zip:
        total *= 2
    return total + 2**20  # and a megabyte of room for the folders themselves


def blocks(n: int) -> int:
    """``n`` bytes rounded up to whole blocks (at least one)."""
    return max(1, -(-n // BLOCK)) * BLOCK


def same_device(src: str, target: Path) -> bool:
    """Whether ``src`` and the folder ``target`` (or its parent) are on one device (a hard link works)."""
    folder = target if target.exists() else target.parent
    try:
        return os.stat(src).st_dev == os.stat(folder).st_dev
    except OSError:
        return False
