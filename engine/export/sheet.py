"""The sample sheet: a report figure of the first synthetic samples of every class."""

from __future__ import annotations

import io

import numpy as np
import torch
from PIL import Image, ImageDraw

SHEET_CELL = 48  # smallest on-screen side of one sample in the sheet, in pixels
SHEET_LABEL_WIDTH = 72  # pixels left of each row for the class name


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
    buffer = io.BytesIO()
    Image.fromarray(sheet).save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
