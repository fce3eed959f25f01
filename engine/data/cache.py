"""An on-disk cache of decoded datasets, so that reopening a large folder takes a second or two.

One file per (folder, training size, channels, resize policy, decoder version) in the app's cache
folder (:func:`engine.paths.cache_dir`): ``scan-<hash>.npz`` holding the decoded images as one
uint8 array (N, C, S, S) plus, per file, its key and what decoding it gave. A file is reused when
its relative path, byte size, modification time and status-change time all match (the status-change
time moves whenever the contents are rewritten, even by tools that restore the modification time);
otherwise it is decoded again. Only changed files are decoded on reopen.

Safety: writes go to a temporary file that is renamed into place (never half-written); a cache
file that cannot be read or does not match its own header is deleted and ignored. The user's
dataset folder is never written.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import PIL

from engine.data.table import NUMERIC, TEXT, FileTable
from engine.paths import cache_dir
from engine.safe_write import atomic_write

CACHE_VERSION = 3  # bump when decoding changes what a file gives or the file layout changes
MAX_CACHE_FILES = 16  # the least recently used files beyond this are deleted


@dataclass
class CachedScan:
    """A cache file read back: the usable images and the per-file table pointing into them."""

    channels: int
    images: np.ndarray  # (M, C, S, S) uint8
    table: FileTable


def cache_path(root: str, image_size: int, channels: int, policy: str,
               folder: Path | None = None) -> Path:
    """The cache file for a folder and the settings that change the decoded pixels."""
    settings = json.dumps({"root": root, "size": image_size, "channels": channels,
                           "policy": policy, "version": CACHE_VERSION, "pillow": PIL.__version__},
                          sort_keys=True)
    key = hashlib.sha256(settings.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return (folder or cache_dir()) / f"scan-{key}.npz"


def load_cache(path: Path, image_size: int) -> CachedScan | None:
    """Read a cache file; None when it is missing, unreadable or inconsistent (then it is deleted)."""
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as packed:
            meta = json.loads(packed["meta"].tobytes().decode("utf-8", "surrogatepass"))
            images = packed["images"]
            nums = {name: packed[name].astype(np.int64, copy=False) for name in NUMERIC}
        if meta.get("version") != CACHE_VERSION:
            raise ValueError("cache version differs")
        text = {name: list(meta[name]) for name in TEXT}
        n = len(text["rel"])
        if any(len(c) != n for c in (*text.values(), *nums.values())):
            raise ValueError("inconsistent cache columns")
        if images.ndim != 4 or images.dtype != np.uint8 or images.shape[1] != meta["channels"] \
                or images.shape[2:] != (image_size, image_size):
            raise ValueError("cache image shape differs")
        if n and int(nums["index"].max()) >= len(images):
            raise ValueError("cache index out of range")
        table = FileTable(**text, **nums, cacheable=np.ones(n, dtype=bool))
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile,
            UnicodeDecodeError):
        path.unlink(missing_ok=True)  # corrupt or stale: rebuilt by the next save
        return None
    try:
        os.utime(path)  # mark as recently used for pruning
    except OSError:
        pass
    return CachedScan(int(meta["channels"]), images, table)


def save_cache(path: Path, images: np.ndarray, table: FileTable) -> bool:
    """Write a cache file atomically; returns False (and leaves nothing behind) if it cannot.

    Parameters
    ----------
    images : ndarray, shape (M, C, S, S), uint8
        Every usable image, in dataset order.
    table : FileTable
        The files to remember (usable or not); ``table.index`` points into ``images``.
    """
    meta = {"version": CACHE_VERSION, "channels": int(images.shape[1]),
            **{name: getattr(table, name) for name in TEXT}}
    blob = np.frombuffer(json.dumps(meta).encode("utf-8", "surrogatepass"), dtype=np.uint8)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path, durable=False) as f:  # a cache: losing it to a power cut is fine
            np.savez(f, images=images, meta=blob, **{name: getattr(table, name) for name in NUMERIC})
    except OSError:
        return False
    _prune(path.parent)
    return True


def _prune(folder: Path) -> None:
    """Delete the least recently used cache files beyond :data:`MAX_CACHE_FILES`."""
    try:
        files = sorted(folder.glob("scan-*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[MAX_CACHE_FILES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
