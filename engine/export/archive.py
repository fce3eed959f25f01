"""The export's zip archive: the same folder in one file, written whole or not at all."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from engine.errors import Cancelled

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
