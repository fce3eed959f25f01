"""Scan a class-folder dataset: list, decode every file once in parallel, report, cache.

The steps: :func:`~engine.data.files.list_dataset` finds the files and their classes;
files whose cache entry still matches are taken from the cache (:mod:`engine.data.cache`); the
rest are decoded by :func:`~engine.data.decode.decode_file` in worker processes (large folders)
or threads (small ones); the usable images become one uint8 tensor (N, C, S, S); class-level
warnings come from :mod:`engine.data.report`. No bad file stops the scan: each becomes a
:class:`Problem` with its path, reason and action.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import torch
from PIL import Image

from engine.data.cache import CachedScan, cache_path, load_cache, save_cache
from engine.data.dataset import ImageSet, Problem
from engine.data.decode import FORMATS, RESIZE_POLICIES, Decoded, decode_many
from engine.data.files import Listing, io_path, list_dataset
from engine.data.report import class_warnings, size_mode_stats
from engine.data.table import FileTable
from engine.errors import Cancelled, UserError
from engine.sizes import auto_image_size

DEFAULT_IMAGE_SIZE = 32  # "automatic" when no file's size can be read (the scan reports why)
SIZE_PEEK_FILES = 256  # files whose headers decide the automatic size (spread over the folder)
PROCESS_MIN_FILES = 4000  # below this many files to decode, processes cost more to start than they save
PROCESS_CHUNK = 256  # files per task sent to a worker process (about 30 ms of work: cancel stays quick)
THREAD_CHUNK = 16
POLL_S = 0.05  # how often should_stop() is checked while workers run

Progress = Callable[[int, int], None]  # (files done, files total)


def scan_folder(
    root,
    image_size: int = 0,
    channels: int = 0,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    *,
    resize: str = "crop",
    use_cache: bool = True,
    parallel: str = "auto",
    workers: int = 0,
) -> ImageSet:
    """Decode every image under ``root`` into one uint8 tensor at ``image_size`` pixels.

    Parameters
    ----------
    root : path
        A folder with one sub-folder per class, or a flat folder of images.
    image_size : int
        Square side of the training images; 0 = automatic: the images' own (most common) short
        side when the networks can be built at it, else the nearest size they support below it
        (:func:`engine.sizes.auto_image_size`: 28 stays 28, 300 becomes 64).
    channels : int
        1 or 3; 0 picks what most images are (RGB images whose channels are equal count as gray).
    progress, should_stop : callables, optional
        ``progress(done, total)`` is called as files finish; ``should_stop()`` cancels within
        about :data:`POLL_S` seconds plus one chunk of work.
    resize : {"crop", "pad"}
        Resize + centre crop, or resize the long side + pad (see :func:`engine.data.decode.fit`).
    use_cache : bool
        Reuse and update the on-disk cache of decoded images (:mod:`engine.data.cache`).
    parallel : {"auto", "processes", "threads"}
        How to decode: "auto" uses processes for large folders and threads otherwise.
    workers : int
        Parallel workers; 0 = one per CPU core.

    Returns
    -------
    ImageSet
        Images (N, C, S, S) uint8, labels, the problem files, class warnings and statistics.

    Raises
    ------
    UserError
        When the folder is missing, unreadable, or holds no usable image.
    Cancelled
        When ``should_stop()`` returned True.
    """
    if resize not in RESIZE_POLICIES:
        raise UserError(f"Unknown resize policy {resize!r}: use one of {', '.join(RESIZE_POLICIES)}")
    start = time.perf_counter()
    listing = list_dataset(root, should_stop)
    native = native_side(listing.files)
    size = image_size or (auto_image_size(native) if native else DEFAULT_IMAGE_SIZE)
    n = len(listing.files)
    prefix = len(listing.root.rstrip(os.sep)) + 1
    table = FileTable.keys_only([f[prefix:] for f in listing.files], listing.sizes,
                                listing.mtimes, listing.ctimes)

    cpath = cache_path(listing.root, size, channels, resize) if use_cache else None
    cached, src, todo = _use_cache(cpath, size, table)
    if progress is not None:
        progress(n - len(todo), n)
    decode = dict(size=size, policy=resize, total=n, progress=progress, should_stop=should_stop,
                  parallel=parallel, workers=workers)
    arrays: dict[int, np.ndarray] = {}  # file -> freshly decoded (S, S) or (S, S, 3) array
    _fill(table, arrays, todo,
          _decode_all([listing.files[i] for i in todo], done0=n - len(todo), **decode))

    usable = np.array([a != "skipped" for a in table.action], dtype=bool)
    channels = channels or (1 if table.gray[usable].sum() * 2 >= usable.sum() else 3)
    if cached is not None and cached.channels != channels:
        todo += _convert_cached(cached, channels, listing.files, table, arrays, src, decode)
    data = _assemble(listing, table, usable, arrays, src, cached, channels, size)
    if cpath is not None and (todo or cached is None or len(cached.table) != n):
        save_cache(cpath, data.images.numpy(), table.take(np.flatnonzero(table.cacheable)))
    data.stats.update(files=n, from_cache=n - len(todo), decoded=len(todo),
                      seconds=round(time.perf_counter() - start, 3), resize=resize,
                      native_side=native, size_rule="set" if image_size else "automatic")
    return data


def _convert_cached(cached: CachedScan, channels: int, files: list[str], table: FileTable,
                    arrays: dict[int, np.ndarray], src: np.ndarray, decode: dict) -> list[int]:
    """Bring cached images scanned with other channels to ``channels``; return the files decoded
    again for it (gray pixels cannot give back colour; RGB ones give the same luma as a decode)."""
    if cached.channels == 3:
        cached.images = _to_gray(cached.images)
        return []
    again = np.flatnonzero(src >= 0).tolist()
    src[:] = -1
    _fill(table, arrays, again, _decode_all([files[i] for i in again], done0=len(files), **decode))
    return again


def native_side(files: list[str], peek: int = SIZE_PEEK_FILES) -> int:
    """The most common short side (pixels) among up to ``peek`` files spread over ``files``.

    Only headers are read (Pillow opens lazily), so this costs milliseconds; unreadable files are
    skipped here (the decode reports them). 0 when no file could be read.
    """
    step = max(1, len(files) // peek)
    sides: Counter[int] = Counter()
    for path in files[::step][:peek]:
        try:
            with Image.open(io_path(path), formats=FORMATS) as img:
                sides[min(img.size)] += 1
        except (OSError, ValueError, Image.DecompressionBombError):
            continue
    return sides.most_common(1)[0][0] if sides else 0


def _use_cache(cpath, size: int, table: FileTable) -> tuple[CachedScan | None, np.ndarray, list[int]]:
    """(the cache of ``cpath`` or None, each file's row in its images or -1, the files to decode);
    the rows of the files found are copied into ``table``."""
    n = len(table)
    cached = load_cache(cpath, size) if cpath is not None else None
    src = np.full(n, -1, dtype=np.int64)  # each file's row in the cached images (-1: none)
    if cached is None:
        return None, src, list(range(n))
    rows = cached.table.match(table)
    hit = np.flatnonzero(rows >= 0)
    table.copy_rows(hit, cached.table, rows[hit])
    src[hit] = table.index[hit]
    return cached, src, np.flatnonzero(rows < 0).tolist()


def _fill(table: FileTable, arrays: dict, rows: list[int], results: list[Decoded]) -> None:
    """Put fresh decode results into the table and keep their arrays."""
    for i, d in zip(rows, results, strict=True):
        table.put(i, d)
        if d.array is not None:
            arrays[i] = d.array


def _decode_all(paths, size, policy, done0, total, progress, should_stop, parallel, workers):
    """Decode ``paths`` in parallel, in order; reports progress and honours ``should_stop``."""
    if not paths:
        return []
    workers = workers or os.cpu_count() or 1
    use_processes = parallel == "processes" or (
        parallel == "auto" and workers > 1 and len(paths) >= PROCESS_MIN_FILES)
    if use_processes:
        try:
            ctx = multiprocessing.get_context("forkserver" if sys.platform.startswith("linux")
                                              else "spawn")  # never fork a process that has threads
            with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
                return _run_chunks(pool, paths, size, policy, PROCESS_CHUNK, done0, total,
                                   progress, should_stop)
        except (BrokenProcessPool, OSError):
            pass  # no worker processes here (a restricted or frozen environment): use threads
    with ThreadPoolExecutor(min(workers, 8)) as pool:
        return _run_chunks(pool, paths, size, policy, THREAD_CHUNK, done0, total, progress,
                           should_stop)


def _run_chunks(pool: Executor, paths, size, policy, chunk, done0, total, progress, should_stop):
    """Submit chunks of files to ``pool`` and collect them in order, polling ``should_stop``.

    Waiting on the oldest chunk with a timeout (not on the set of all pending ones) keeps the
    bookkeeping linear in the number of chunks.
    """
    futures = [pool.submit(decode_many, paths[s:s + chunk], size, policy)
               for s in range(0, len(paths), chunk)]
    out: list[Decoded] = []
    try:
        for fut in futures:
            while True:
                if should_stop is not None and should_stop():
                    raise Cancelled()
                try:
                    out.extend(fut.result(timeout=POLL_S))
                    break
                except FuturesTimeout:
                    continue
            if progress is not None:
                progress(done0 + len(out), total)
    except BaseException:
        for fut in futures:
            fut.cancel()
        if isinstance(pool, ProcessPoolExecutor):
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    return out


def _assemble(listing: Listing, table: FileTable, usable: np.ndarray, arrays: dict,
              src: np.ndarray, cached: CachedScan | None, channels: int, size: int) -> ImageSet:
    """Stack the usable images into (N, C, S, S), drop empty classes, build the report.

    Sets ``table.index`` to each file's row in the new images array (-1: unusable).
    """
    n = len(table)
    problems = list(listing.problems)
    problems += [Problem(listing.files[i], table.reason[i], table.action[i])
                 for i, a in enumerate(table.action) if a]
    if not usable.any():
        reasons = Counter(p.reason.split(" (")[0] for p in problems).most_common(3)
        detail = "; ".join(f"{k} x {r}" for r, k in reasons)
        raise UserError(f"No usable images in {listing.root} ({n} files: {detail})")

    use = np.flatnonzero(usable)
    images = np.empty((len(use), channels, size, size), dtype=np.uint8)  # (N, C, S, S)
    from_cache = src[use] >= 0
    if from_cache.any():
        images[from_cache] = cached.images[src[use][from_cache]]
    for pos in np.flatnonzero(~from_cache).tolist():
        images[pos] = _to_chw(arrays[int(use[pos])], channels)
    table.index[:] = -1
    table.index[use] = np.arange(len(use))

    labels_all = np.asarray(listing.labels, dtype=np.int64)
    files = [listing.files[i] for i in use.tolist()]
    digests = [table.digest[i] for i in use.tolist()]
    warnings = class_warnings(listing.class_names, labels_all[use], files, digests,
                              np.minimum(table.width[use], table.height[use]), size)
    # Classes left with no usable image are dropped (a warning says so); labels are renumbered.
    counts = np.bincount(labels_all[use], minlength=len(listing.class_names))
    keep = np.flatnonzero(counts > 0)
    remap = np.full(len(listing.class_names), -1, dtype=np.int64)
    remap[keep] = np.arange(len(keep))
    stats = size_mode_stats(table.width[use], table.height[use],
                            [table.mode[i] for i in use.tolist()])
    return ImageSet(
        images=torch.from_numpy(images),
        labels=torch.from_numpy(remap[labels_all[use]]),
        class_names=[listing.class_names[c] for c in keep.tolist()],
        files=files,
        source=listing.root,
        problems=problems,
        warnings=warnings,
        stats=stats,
    )


def _to_gray(images: np.ndarray) -> np.ndarray:
    """(N, 3, S, S) to (N, 1, S, S) uint8 by ITU-R 601 luma."""
    out = np.empty((len(images), 1, *images.shape[2:]), dtype=np.uint8)
    for s in range(0, len(images), 4096):  # in blocks: float64 copies of all images would be big
        out[s:s + 4096] = [_to_chw(img.transpose(1, 2, 0), 1) for img in images[s:s + 4096]]
    return out


def _to_chw(array: np.ndarray, channels: int) -> np.ndarray:
    """(S, S) or (S, S, 3) uint8 to (channels, S, S)."""
    if array.ndim == 2:
        array = array[None]  # (1, S, S)
    else:
        array = array.transpose(2, 0, 1)  # (3, S, S)
    if channels == 1 and array.shape[0] == 3:
        # ITU-R 601 luma, as Pillow's convert("L") uses.
        luma = np.tensordot(np.array([0.299, 0.587, 0.114]), array, axes=1)
        return np.rint(luma).astype(np.uint8)[None]
    if channels == 3 and array.shape[0] == 1:
        return np.repeat(array, 3, axis=0)
    return array
