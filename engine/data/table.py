"""Per-file facts of a scan as columns (numpy arrays and string lists), cheap for 100,000 files.

Rows are the listed files in dataset order. The scan fills a row from the cache or from a fresh
decode; the report and the cache read the columns without a Python object per file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.data.decode import Decoded

NUMERIC = ("size", "mtime", "ctime", "width", "height", "gray", "index")
TEXT = ("rel", "reason", "action", "mode", "digest")


@dataclass
class FileTable:
    """One row per file: its cache key, what decoding gave, and its image index (-1: unusable)."""

    rel: list[str]  # path relative to the dataset folder
    reason: list[str]  # "" for a clean file
    action: list[str]  # "", "converted" or "skipped"
    mode: list[str]  # original Pillow mode
    digest: list[str]  # BLAKE2b-128 of the bytes, hex
    size: np.ndarray  # int64 bytes
    mtime: np.ndarray  # int64 ns
    ctime: np.ndarray  # int64 ns
    width: np.ndarray  # int64 original width
    height: np.ndarray  # int64 original height
    gray: np.ndarray  # int64 0/1: the content is gray
    index: np.ndarray  # int64 row in the images array, -1 when unusable
    cacheable: np.ndarray  # bool: False for failures that may go away (permissions, I/O)

    @classmethod
    def keys_only(cls, rel: list[str], size, mtime, ctime) -> FileTable:
        """A table of ``len(rel)`` files with their keys and nothing decoded yet."""
        n = len(rel)
        zeros = np.zeros(n, dtype=np.int64)
        return cls(rel, [""] * n, [""] * n, [""] * n, [""] * n,
                   np.asarray(size, np.int64), np.asarray(mtime, np.int64),
                   np.asarray(ctime, np.int64), zeros.copy(), zeros.copy(), zeros.copy(),
                   np.full(n, -1, np.int64), np.ones(n, dtype=bool))

    def __len__(self) -> int:
        return len(self.rel)

    def put(self, i: int, d: Decoded) -> None:
        """Fill row ``i`` from a fresh decode (its image index is set by the caller)."""
        self.reason[i], self.action[i], self.mode[i], self.digest[i] = d.reason, d.action, d.mode, d.digest
        self.width[i], self.height[i], self.gray[i] = d.width, d.height, int(d.gray)
        self.cacheable[i] = d.cacheable

    def copy_rows(self, rows: np.ndarray, src: FileTable, src_rows: np.ndarray) -> None:
        """Copy the decode facts and image index of ``src_rows`` of ``src`` into ``rows``."""
        for name in ("width", "height", "gray", "index"):
            getattr(self, name)[rows] = getattr(src, name)[src_rows]
        for name in ("reason", "action", "mode", "digest"):
            mine, theirs = getattr(self, name), getattr(src, name)
            for r, s in zip(rows.tolist(), src_rows.tolist(), strict=True):
                mine[r] = theirs[s]

    def take(self, rows: np.ndarray) -> FileTable:
        """The rows ``rows`` as a new table."""
        pick = rows.tolist()
        text = {name: [getattr(self, name)[i] for i in pick] for name in TEXT}
        nums = {name: getattr(self, name)[rows] for name in NUMERIC}
        return FileTable(**text, **nums, cacheable=self.cacheable[rows])

    def match(self, other: FileTable) -> np.ndarray:
        """For each row of ``other``, the row of this table with the same key, or -1."""
        where = dict(zip(self.rel, range(len(self.rel)), strict=True))
        rows = np.fromiter((where.get(r, -1) for r in other.rel), dtype=np.int64, count=len(other))
        hit = rows >= 0
        r = rows[hit]
        same = ((self.size[r] == other.size[hit]) & (self.mtime[r] == other.mtime[hit])
                & (self.ctime[r] == other.ctime[hit]))
        rows[np.flatnonzero(hit)[~same]] = -1
        return rows
