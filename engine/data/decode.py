"""Decode one image file: validate, orient, convert to 8-bit gray or RGB, resize; never raise.

This module imports only numpy and Pillow (no torch), so the scan's worker processes start fast.
The format is decided by the file's content; the extension is only quoted in messages.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from typing import NamedTuple

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from engine.data.files import io_path

BACKGROUND = (255, 255, 255)  # transparent pixels are composited on white
FORMATS = ("PNG", "JPEG", "BMP", "GIF", "TIFF", "WEBP")  # what the app promises to read
RESIZE_POLICIES = ("crop", "pad")
READ_WHOLE_MAX = 64 << 20  # files up to this size are read once into memory, then hashed + decoded
_HASH_BLOCK = 1 << 20
ORIENTATION_TAG = 0x0112  # EXIF Orientation: 1 = as stored, 2-8 = mirrored and/or rotated

# Pillow warns (and still decodes) between MAX_IMAGE_PIXELS and twice that; we report and skip
# those files ourselves (see _check_pixels), so the warning itself is noise.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


class Decoded(NamedTuple):
    """What one file gave: a resized array or nothing, what happened, and facts for the report."""

    array: np.ndarray | None  # (S, S) gray or (S, S, 3) RGB uint8; None when the file is unusable
    reason: str  # "" for a clean file; why it was converted or skipped otherwise
    action: str  # "" (used as is), "converted" or "skipped"
    width: int  # original size in pixels (0 when unknown)
    height: int
    mode: str  # original Pillow mode ("L", "RGBA", "I;16", ...), "" when unknown
    digest: str  # BLAKE2b-128 of the file's bytes, hex; "" when unreadable
    gray: bool  # the content is gray (mode L, or RGB with R == G == B)
    cacheable: bool = True  # False for failures that may go away (permissions, I/O errors)


def decode_file(path: str, size: int, policy: str = "crop") -> Decoded:
    """Decode ``path`` to a ``size`` x ``size`` uint8 array with ``policy`` ("crop" or "pad").

    Never raises: every failure is a :class:`Decoded` with ``action == "skipped"`` and a reason.
    """
    ext = os.path.splitext(path)[1].lower() or "none"
    digest, w, h, mode = "", 0, 0, ""
    try:
        src, digest = _read(path)
        if src is None:
            return Decoded(None, "empty file (0 bytes)", "skipped", 0, 0, "", digest, False)
        with Image.open(src, formats=FORMATS) as img:
            w, h, mode = img.width, img.height, img.mode
            _check_pixels(w, h)
            notes = []
            if getattr(img, "is_animated", False):
                notes.append(f"animated {img.format}: first frame used")
                img.seek(0)
            if img.format == "JPEG" and min(w, h) >= 2 * size and mode in ("L", "RGB", "CMYK"):
                img.draft(mode, (size, size))  # shrink in the DCT domain: much faster
            img.load()
            if "exif" in img.info or img.format == "TIFF":  # only these can carry an orientation
                orientation = img.getexif().get(ORIENTATION_TAG, 1)
                if orientation in range(2, 9):
                    img = ImageOps.exif_transpose(img)
                    notes.append(f"EXIF orientation {orientation} applied")
            img, note = to_8bit(img)
            if note:
                notes.append(note)
            array = np.asarray(fit(img, size, policy), dtype=np.uint8)
    except UnidentifiedImageError:
        return _skip(f"not an image (content not recognised as {'/'.join(FORMATS)}; "
                     f"extension {ext})", w, h, mode, digest)
    except Image.DecompressionBombError as exc:
        return _skip(f"decompression bomb: {exc}", w, h, mode, digest)
    except PermissionError:
        return _skip("unreadable (permission denied)", w, h, mode, digest, cacheable=False)
    except MemoryError:
        return _skip("too large to decode in memory", w, h, mode, digest)
    except OSError as exc:
        text = str(exc) or type(exc).__name__
        if exc.errno is not None:  # an I/O error of the file system, not of the image data
            return _skip(f"cannot be read ({exc.strerror or text})", w, h, mode, digest,
                         cacheable=False)
        return _skip(f"truncated or corrupt image data ({text})", w, h, mode, digest)
    except Exception as exc:  # noqa: BLE001 - a decoder bug (SyntaxError, ValueError...) must not stop the scan
        return _skip(f"corrupt image ({type(exc).__name__}: {exc})", w, h, mode, digest)
    gray = array.ndim == 2 or bool((array[..., 0] == array[..., 1]).all()
                                   and (array[..., 1] == array[..., 2]).all())
    if notes:
        return Decoded(array, "; ".join(notes), "converted", w, h, mode, digest, gray)
    return Decoded(array, "", "", w, h, mode, digest, gray)


def decode_many(paths: list[str], size: int, policy: str) -> list[Decoded]:
    """Decode a chunk of files (what one worker process does per task)."""
    return [decode_file(p, size, policy) for p in paths]


def _skip(reason: str, w: int, h: int, mode: str, digest: str, cacheable: bool = True) -> Decoded:
    return Decoded(None, reason, "skipped", w, h, mode, digest, False, cacheable)


def _read(path: str) -> tuple[io.BytesIO | str | None, str]:
    """Read and hash the file once; a big file is hashed in blocks and decoded from disk."""
    real = io_path(path)
    fd = _open_fd(real)
    try:
        size = os.fstat(fd).st_size
        if size <= READ_WHOLE_MAX:
            data = os.read(fd, size + 1)  # one call: these files are small
            while len(data) <= size:  # a short read (network drives, a file still growing)
                more = os.read(fd, size + 1 - len(data))
                if not more:
                    break
                data += more
            if not data:
                return None, ""
            return io.BytesIO(data), hashlib.blake2b(data, digest_size=16).hexdigest()
        hasher = hashlib.blake2b(digest_size=16)
        while block := os.read(fd, _HASH_BLOCK):
            hasher.update(block)
    finally:
        os.close(fd)
    return real, hasher.hexdigest()


def _open_fd(path: str) -> int:
    """Open for reading (a seam the tests use to simulate permission errors when run as root)."""
    return os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))


def _check_pixels(w: int, h: int) -> None:
    """Refuse what Pillow only warns about: more than ``Image.MAX_IMAGE_PIXELS`` pixels."""
    limit = Image.MAX_IMAGE_PIXELS
    if limit and w * h > limit:
        raise Image.DecompressionBombError(
            f"{w}x{h} = {w * h:,} pixels is over the limit of {limit:,} (Pillow's MAX_IMAGE_PIXELS)"
        )


def to_8bit(img: Image.Image) -> tuple[Image.Image, str]:
    """Convert any Pillow mode to 8-bit ``L`` or ``RGB``; return it and a note when data changed."""
    mode = img.mode
    if mode in ("L", "RGB"):
        return img, ""
    if mode == "1":
        return img.convert("L"), ""
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or (mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, BACKGROUND + (255,))
        gray = mode in ("LA", "La")
        out = Image.alpha_composite(background, rgba).convert("L" if gray else "RGB")
        what = "P with a transparent colour" if mode == "P" else f"{mode} with transparency"
        return out, f"{what} composited on white"
    if mode == "P":
        return img.convert("RGB"), ""
    if mode == "CMYK":
        return img.convert("RGB"), "CMYK converted to RGB"
    if mode.startswith("I") or mode == "F":
        return _scale_to_8bit(img)
    return img.convert("RGB"), f"{mode} converted to RGB"


def _scale_to_8bit(img: Image.Image) -> tuple[Image.Image, str]:
    """16/32-bit and float images: scale the value range to 0-255 (never clip).

    16-bit data and 32-bit integers within 0-65535 are scaled by 255/65535, the 16-bit range
    (so a full 16-bit gradient keeps all 256 levels); wider integers by their maximum; floats by
    their own min-max range.
    """
    mode = img.mode
    data = np.asarray(img).astype(np.float64)  # (H, W)
    if mode == "F":
        lo, hi = float(np.nanmin(data)), float(np.nanmax(data))
        data, top = np.nan_to_num(data - lo), (hi - lo) or 1.0
        how = f"float scaled from its range {lo:g}..{hi:g}"
    else:
        lo = min(float(data.min()), 0.0)
        data = data - lo
        top = 65535.0 if data.max() <= 65535 else float(data.max())
        how = "16-bit scaled to 8 bits" if top == 65535.0 else "32-bit scaled to 8 bits"
    scaled = np.rint(data * (255.0 / top)).astype(np.uint8)
    return Image.fromarray(scaled, "L"), f"{mode} {how}"


def fit(img: Image.Image, size: int, policy: str = "crop") -> Image.Image:
    """Resize an L/RGB image to ``size`` x ``size``.

    ``"crop"`` scales the short side to ``size`` and keeps the centre; ``"pad"`` scales the long
    side to ``size`` and fills the margins with the median colour of the image's border (white
    for photos on white, black for digits on black), so no content is lost.
    """
    w, h = img.size
    if (w, h) == (size, size):
        return img
    bicubic = Image.Resampling.BICUBIC
    if policy == "pad":
        scale = size / max(w, h)
        nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
        inner = img.resize((nw, nh), bicubic, reducing_gap=3.0)
        canvas = Image.new(img.mode, (size, size), _border_colour(img))
        canvas.paste(inner, ((size - nw) // 2, (size - nh) // 2))
        return canvas
    if policy != "crop":
        raise ValueError(f"unknown resize policy {policy!r} (expected one of {RESIZE_POLICIES})")
    side = min(w, h)
    left, top = (w - side) / 2, (h - side) / 2
    return img.resize((size, size), bicubic, box=(left, top, left + side, top + side),
                      reducing_gap=3.0)


def _border_colour(img: Image.Image) -> int | tuple[int, ...]:
    a = np.asarray(img)
    border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])  # (P,) or (P, 3)
    med = np.median(border, axis=0)
    return int(med) if np.ndim(med) == 0 else tuple(int(v) for v in med)
