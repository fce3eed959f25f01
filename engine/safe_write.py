"""Safe file writes, for every stage: never into the user's source, never over a file, never half-written.

* :func:`atomic_write` (and :func:`write_json_atomic`): replace one file so that a crash leaves the
  old file or the new one, never half of either (temporary file in the same folder, fsync,
  ``os.replace``, fsync of the folder). Checkpoints, run-folder JSON, the scan cache and problem
  lists all go through it.
* New output folders: :func:`check_new_folder`, :func:`staged_folder`, :func:`staged_merge`.
* New files only: exclusive creation, hard-link-or-copy, and the small PNG encoder (zlib only, a
  few microseconds per thumbnail-sized image) the exports share.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import struct
import tempfile
import zlib
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from engine.errors import UserError

PNG_LEVEL = 6  # zlib level: on small images 1 and 9 differ by microseconds and a few bytes
PNG_OVERHEAD = 70  # bytes of signature + IHDR + IDAT + IEND framing around the pixel stream


@contextmanager
def atomic_write(path: Path | str, mode: str = "wb", *, durable: bool = True, **open_kw) -> Iterator:
    """Open a temporary file beside ``path`` for writing; on success rename it over ``path``.

    A crash or an exception at any moment leaves either the previous file at ``path`` or the new
    one, and no temporary file. With ``durable`` the bytes and the rename are fsynced (a power cut
    keeps them too); caches that may be lost pass ``durable=False`` to save the syncs.

    Parameters
    ----------
    path : path
        The file to write; its folder must exist.
    mode : str
        ``"wb"`` or ``"w"``; ``open_kw`` (encoding, newline) go to :func:`os.fdopen`.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **open_kw) as f:
            yield f
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(path.parent)


def write_json_atomic(path: Path | str, data) -> None:
    """Write ``data`` as indented JSON with :func:`atomic_write`."""
    with atomic_write(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2)


def fsync_dir(folder: Path) -> None:
    """Persist a rename in ``folder`` (not possible on Windows, where it is not needed)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_new_folder(target: Path, source: Path | None = None, allow_existing: bool = False) -> Path:
    """Validate an output folder and return it resolved.

    Refused: the source folder itself or anything inside it, an existing file, a non-empty folder
    (unless ``allow_existing``; then a folder that holds the source is still refused), and a
    folder that cannot be written.
    """
    target = Path(target).expanduser().resolve()
    if source is not None:
        src = Path(source).expanduser().resolve()
        if target == src or src in target.parents:
            raise UserError(f"Refusing to write inside the source dataset: {target} is in {src}")
        if allow_existing and target in src.parents:
            raise UserError(f"Refusing to add files to {target}: it holds the source dataset {src}")
    if target.exists() and not target.is_dir():
        raise UserError(f"Output path is a file, not a folder: {target}")
    if target.is_dir() and not allow_existing and any(target.iterdir()):
        raise UserError(f"Output folder is not empty: {target} (choose a new or empty folder, "
                        "or choose to add to it)")
    parent = target.parent
    if not parent.exists():
        try:
            parent.mkdir(parents=True)
        except OSError as exc:
            raise UserError(f"Cannot create folder {parent}: {exc.strerror}") from exc
    for folder in (parent, target) if target.is_dir() else (parent,):
        if not os.access(folder, os.W_OK):
            raise UserError(f"Cannot write to folder {folder}: permission denied (read-only)")
    return target


def check_free_space(folder: Path, needed: int) -> None:
    """Raise UserError when the disk holding ``folder`` has less than ``needed`` bytes free."""
    free = shutil.disk_usage(folder).free
    if needed > free:
        raise UserError(f"Not enough free space in {folder}: the export needs about "
                        f"{_megabytes(needed)}, {_megabytes(free)} are free")


def _megabytes(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """Yield a hidden staging folder beside ``target``; rename it into place only on success.

    On any exception (including cancellation) the staging folder is removed, so the target either
    appears complete or not at all.
    """
    target = Path(target)
    staging = _make_staging(target.parent, f".{target.name}.partial-")
    try:
        yield staging
        if target.is_dir():
            target.rmdir()  # empty (checked before): replace it with the finished folder
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


@contextmanager
def staged_merge(target: Path) -> Iterator[Path]:
    """Like :func:`staged_folder` for an existing folder: files are moved in only on success.

    The staging folder is hidden inside ``target`` (same file system, so moves are renames). Every
    staged file is moved to the same relative path in ``target`` without ever replacing a file; if
    one appeared meanwhile, everything moved so far is taken back out and UserError is raised.
    """
    target = Path(target)
    staging = _make_staging(target, ".genaug-partial-")
    moved: list[Path] = []
    made_dirs: list[Path] = []
    try:
        yield staging
        for src in sorted(p for p in staging.rglob("*") if p.is_file()):
            dst = target / src.relative_to(staging)
            if not dst.parent.is_dir():
                dst.parent.mkdir(parents=True)
                made_dirs.append(dst.parent)
            move_no_overwrite(src, dst)
            moved.append(dst)
    except BaseException:
        for path in moved:
            path.unlink(missing_ok=True)
        for folder in reversed(made_dirs):
            shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _make_staging(parent: Path, prefix: str) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    except OSError as exc:
        raise UserError(f"Cannot write to folder {parent}: {exc.strerror}") from exc


def move_no_overwrite(src: Path, dst: Path) -> None:
    """Move ``src`` to ``dst`` on the same file system; UserError if ``dst`` exists."""
    try:
        os.link(src, dst)  # fails if dst exists: no window in which a file could be replaced
        os.unlink(src)
        return
    except FileExistsError as exc:
        raise UserError(f"Refusing to overwrite {dst}: it appeared while exporting") from exc
    except OSError:
        pass  # the file system has no hard links (FAT, some network shares): check, then rename
    if dst.exists():
        raise UserError(f"Refusing to overwrite {dst}: it appeared while exporting")
    os.rename(src, dst)


def link_or_copy(src: Path | str, dst: Path, link: bool) -> bool:
    """Put a copy of ``src`` at the new path ``dst``: a hard link if ``link`` and the file system
    allows it, else a byte copy with its timestamps. Returns True when linked."""
    if link:
        try:
            os.link(src, dst)
            return True
        except FileExistsError:
            raise
        except OSError:
            pass  # another device (EXDEV), or no hard links here: copy instead
    if dst.exists():
        raise FileExistsError(errno.EEXIST, "File exists", str(dst))
    shutil.copy2(src, dst)
    return False


def encode_png(array: np.ndarray, level: int = PNG_LEVEL) -> bytes:
    """Encode an (H, W), (H, W, 1) or (H, W, 3) uint8 array as an 8-bit gray or RGB PNG."""
    if array.ndim == 2:
        array = array[:, :, None]
    return encode_pngs(array[None], level)[0]


def encode_pngs(images: np.ndarray, level: int = PNG_LEVEL) -> list[bytes]:
    """Encode a batch (B, H, W, C) of uint8 images, C = 1 (gray) or 3 (RGB), as PNG files' bytes.

    The rows of the whole batch get their filter byte in one numpy operation; per image only zlib
    and the chunk framing remain. Every row uses filter type 0 (none): on small generated images
    the adaptive filters Pillow tries cost more time than the bytes they save.
    """
    if images.dtype != np.uint8 or images.ndim != 4 or images.shape[3] not in (1, 3):
        raise ValueError(f"expected (B, H, W, 1|3) uint8, got {images.shape} {images.dtype}")
    b, h, w, c = images.shape
    raw = np.zeros((b, h, 1 + w * c), np.uint8)  # (B, H, 1 + W*C): filter byte 0, then pixels
    raw[:, :, 1:] = images.reshape(b, h, w * c)
    head = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0 if c == 1 else 2,
                                                             0, 0, 0))
    tail = _chunk(b"IEND", b"")
    return [b"".join((head, _chunk(b"IDAT", zlib.compress(r.tobytes(), level)), tail)) for r in raw]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` (it must not exist) holding ``data``; a failed write leaves no file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except BaseException:
        os.close(fd)
        os.unlink(path)
        raise
    os.close(fd)


def write_png(array: np.ndarray, path: Path) -> None:
    """Write an (H, W, C) uint8 array as a new PNG file at ``path``."""
    write_new_file(path, encode_png(array))


def write_pngs(images: np.ndarray, paths: list[Path]) -> None:
    """Write a batch (B, H, W, C) of uint8 images as new PNG files, one path each."""
    for data, path in zip(encode_pngs(images), paths, strict=True):
        write_new_file(path, data)


class ParallelWriter:
    """Run many small file writes on a thread pool, with a bounded number in flight.

    PNG encoding (zlib) and file creation release the GIL, so two or three threads overlap them on
    a 2-core machine. Errors are raised on the caller's thread by :meth:`submit` or :meth:`drain`;
    leaving the ``with`` block on an error cancels what has not started and waits for the rest,
    so the caller can then delete the staging folder safely.

    Parameters
    ----------
    workers : int
        Threads; 0 picks ``min(4, cores)`` (at least 2).
    window : int
        Tasks queued at most: bounds the memory held by pending images.
    """

    def __init__(self, workers: int = 0, window: int = 64):
        from concurrent.futures import ThreadPoolExecutor

        self.workers = workers or min(4, max(2, os.cpu_count() or 1))
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="genaug-write")
        self._pending: deque = deque()
        self._window = window
        self.completed = 0  # writes finished and checked

    def submit(self, fn, *args, weight: int = 1) -> None:
        """Queue ``fn(*args)`` worth ``weight`` files; first wait for the oldest when the window is full."""
        while len(self._pending) >= self._window:
            self._finish_oldest()
        self._pending.append((self._pool.submit(fn, *args), weight))

    def drain(self) -> None:
        """Wait for every queued write; raises the first error."""
        while self._pending:
            self._finish_oldest()

    def _finish_oldest(self) -> None:
        future, weight = self._pending.popleft()
        future.result()
        self.completed += weight

    def __enter__(self) -> ParallelWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            try:
                self.drain()
            finally:
                self._pool.shutdown(wait=True)
            return
        for future, _ in self._pending:
            future.cancel()
        self._pool.shutdown(wait=True)
        self._pending.clear()
