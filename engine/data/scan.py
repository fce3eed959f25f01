"""Scan a class-folder dataset: find image files, decode each once, convert, report every problem.

Layout: one sub-folder per class (its name is the label; deeper folders are flattened into their
first level), or a flat folder of images (one class). Files are recognised by content, not by
extension; hidden and system files are skipped silently.
"""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageOps, UnidentifiedImageError

from engine.data.dataset import ImageSet, Problem
from engine.errors import Cancelled, UserError

SKIPPED_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
DEFAULT_IMAGE_SIZE = 32
BACKGROUND = (255, 255, 255)  # transparent pixels are composited on white

Progress = Callable[[int, int], None]  # (files done, files total)


@dataclass
class _Decoded:
    """The result of decoding one file: an array, or a problem, plus notes on conversions."""

    array: np.ndarray | None  # (H, W) or (H, W, 3) uint8 after resize; None when unusable
    problem: Problem | None
    mode: str = ""


def list_files(root: Path) -> tuple[list[str], list[tuple[Path, int]]]:
    """Return class names and (file, class index) pairs, sorted for a stable order.

    Raises
    ------
    UserError
        When ``root`` is missing, not a folder, or holds no files at all.
    """
    if not root.exists():
        raise UserError(f"Dataset folder not found: {root}")
    if not root.is_dir():
        raise UserError(f"Dataset path is not a folder: {root}")
    entries = sorted(p for p in root.iterdir() if not _hidden(p))
    class_dirs = [p for p in entries if p.is_dir()]
    if class_dirs:
        classes = [d.name for d in class_dirs]
        files = [(f, i) for i, d in enumerate(class_dirs) for f in _walk_files(d)]
    else:
        classes = [root.name or "images"]
        files = [(f, 0) for f in entries if f.is_file()]
    if not files:
        raise UserError(f"No files found in dataset folder: {root}")
    return classes, files


def scan_folder(
    root: Path | str,
    image_size: int = 0,
    channels: int = 0,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ImageSet:
    """Decode every image under ``root`` into one uint8 tensor at ``image_size`` pixels.

    Parameters
    ----------
    root : path
        A folder with one sub-folder per class, or a flat folder of images.
    image_size : int
        Square side after resize + centre crop; 0 picks 32.
    channels : int
        1 or 3; 0 picks what most images are.
    progress, should_stop : callables, optional
        ``progress(done, total)`` is called as files finish; ``should_stop()`` cancels.

    Raises
    ------
    UserError
        When the folder is missing or holds no usable image.
    Cancelled
        When ``should_stop()`` returned True.
    """
    root = Path(root).expanduser()
    image_size = image_size or DEFAULT_IMAGE_SIZE
    class_names, files = list_files(root)

    # Pillow releases the GIL while decoding and resizing, so threads use both cores.
    decoded: list[_Decoded] = []
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        futures = [pool.submit(_decode, path, image_size) for path, _ in files]
        for i, fut in enumerate(futures):
            if should_stop is not None and should_stop():
                for f in futures[i:]:
                    f.cancel()
                raise Cancelled()
            decoded.append(fut.result())
            if progress is not None:
                progress(i + 1, len(files))

    problems = [d.problem for d in decoded if d.problem is not None]
    usable = [
        (d, label, path)
        for d, (path, label) in zip(decoded, files, strict=True)
        if d.array is not None
    ]
    if not usable:
        reasons = Counter(p.reason.split(":")[0] for p in problems).most_common(3)
        detail = "; ".join(f"{n} x {r}" for r, n in reasons)
        raise UserError(f"No usable images in {root} ({len(files)} files: {detail})")

    if not channels:
        gray = sum(1 for d, _, _ in usable if d.array.ndim == 2)
        channels = 1 if gray * 2 >= len(usable) else 3
    arrays = [_to_channels(d.array, channels) for d, _, _ in usable]
    images = torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).contiguous()  # (N, C, H, W)
    labels = torch.tensor([label for _, label, _ in usable], dtype=torch.int64)
    return ImageSet(
        images=images,
        labels=labels,
        class_names=class_names,
        files=[str(path) for _, _, path in usable],
        source=str(root),
        problems=problems,
    )


def _hidden(path: Path) -> bool:
    return path.name.startswith(".") or path.name.lower() in SKIPPED_NAMES


def _walk_files(folder: Path) -> list[Path]:
    """All non-hidden files below ``folder``, sorted; does not follow symlinked folders (loops)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(Path(dirpath, f) for f in sorted(filenames) if not _hidden(Path(f)))
    return found


def _decode(path: Path, size: int) -> _Decoded:
    """Open, fully decode, orient, convert to L or RGB and resize one file; never raises."""
    try:
        if path.stat().st_size == 0:
            return _Decoded(None, Problem(str(path), "empty file (0 bytes)", "skipped"))
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                img.seek(0)  # first frame of an animation
                img.load()
                notes = []
                img = ImageOps.exif_transpose(img) or img
                img, note = _to_8bit(img)
                if note:
                    notes.append(note)
                mode = img.mode
                img = ImageOps.fit(img, (size, size), Image.Resampling.BICUBIC)
                array = np.asarray(img, dtype=np.uint8).copy()
    except UnidentifiedImageError:
        return _Decoded(None, Problem(str(path), "not an image (unrecognised content)", "skipped"))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        return _Decoded(None, Problem(str(path), f"decompression bomb: {exc}", "skipped"))
    except PermissionError:
        return _Decoded(None, Problem(str(path), "unreadable (permission denied)", "skipped"))
    except OSError as exc:
        return _Decoded(None, Problem(str(path), f"broken image: {exc}", "skipped"))
    except Exception as exc:  # noqa: BLE001 - a decoder bug must not stop the scan
        return _Decoded(None, Problem(str(path), f"cannot decode: {exc!r}", "skipped"))
    problem = Problem(str(path), "; ".join(notes), "converted") if notes else None
    return _Decoded(array, problem, mode)


def _to_8bit(img: Image.Image) -> tuple[Image.Image, str]:
    """Convert any Pillow mode to 8-bit L or RGB; return the image and a note if it changed data."""
    mode = img.mode
    if mode in ("L", "RGB"):
        return img, ""
    if mode == "1":
        return img.convert("L"), ""
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, BACKGROUND + (255,))
        out = Image.alpha_composite(background, rgba).convert("RGB" if mode != "LA" else "L")
        return out, f"{mode} with transparency composited on white"
    if mode == "P":
        return img.convert("RGB"), ""
    if mode == "CMYK":
        return img.convert("RGB"), "CMYK converted to RGB"
    if mode.startswith("I") or mode == "F":
        # 16/32-bit: scale the type's range (or the data's, for 32-bit) to 0-255, never clip.
        data = np.asarray(img).astype(np.float64)
        top = 65535.0 if mode.startswith("I;16") or data.max() <= 65535 else float(data.max())
        if mode == "F":
            lo, hi = float(data.min()), float(data.max())
            data, top = data - lo, (hi - lo) or 1.0
        scaled = np.clip(np.rint(data * (255.0 / top)), 0, 255).astype(np.uint8)
        return Image.fromarray(scaled, "L"), f"{mode} scaled to 8 bits"
    return img.convert("RGB"), f"{mode} converted to RGB"


def _to_channels(array: np.ndarray, channels: int) -> np.ndarray:
    """(H, W) or (H, W, 3) uint8 to (H, W, channels)."""
    if array.ndim == 2:
        array = array[:, :, None]
    if channels == 1 and array.shape[2] == 3:
        # ITU-R 601 luma, as Pillow's convert("L") uses.
        luma = array @ np.array([0.299, 0.587, 0.114])
        return np.rint(luma).astype(np.uint8)[:, :, None]
    if channels == 3 and array.shape[2] == 1:
        return np.repeat(array, 3, axis=2)
    return array
