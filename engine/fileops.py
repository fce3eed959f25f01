"""Writing output folders safely: never into the user's source, never half-written."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from engine.errors import UserError


def check_new_folder(target: Path, source: Path | None = None) -> Path:
    """Validate an output folder and return it resolved.

    Refused: the source folder itself or anything inside it, an existing file, a non-empty folder,
    and a parent folder that cannot be written.
    """
    target = Path(target).expanduser().resolve()
    if source is not None:
        src = Path(source).expanduser().resolve()
        if target == src or src in target.parents:
            raise UserError(f"Refusing to write inside the source dataset: {target} is in {src}")
    if target.exists() and not target.is_dir():
        raise UserError(f"Output path is a file, not a folder: {target}")
    if target.is_dir() and any(target.iterdir()):
        raise UserError(f"Output folder is not empty: {target} (choose a new or empty folder)")
    parent = target.parent
    if not parent.exists():
        try:
            parent.mkdir(parents=True)
        except OSError as exc:
            raise UserError(f"Cannot create folder {parent}: {exc.strerror}") from exc
    if not os.access(parent, os.W_OK):
        raise UserError(f"Cannot write to folder {parent}: permission denied")
    return target


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """Yield a hidden staging folder beside ``target``; rename it into place only on success.

    On any exception (including cancellation) the staging folder is removed, so the target either
    appears complete or not at all.
    """
    target = Path(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        yield staging
        if target.is_dir():
            target.rmdir()  # empty (checked before): replace it with the finished folder
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
