"""Checkpoints: written atomically, loaded with ``weights_only=True`` (no code runs on load)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import torch

from engine.errors import UserError

CHECKPOINT_NAME = "checkpoint.pt"
FORMAT = "genaug-checkpoint-1"


def save_checkpoint(path: Path, payload: dict) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves either the old file or the new one.

    The bytes go to a temporary file in the same folder, are flushed and fsynced, then renamed
    over the target with ``os.replace`` (atomic on one file system); the folder is fsynced so the
    rename itself survives a power cut.
    """
    path = Path(path)
    payload = {"format": FORMAT, **payload}
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(payload, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"Could not save checkpoint {path}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def load_checkpoint(path: Path) -> dict:
    """Load a checkpoint written by :func:`save_checkpoint` onto the CPU.

    Only tensors and plain containers are accepted (``weights_only=True``); anything else, such as
    a file crafted to run code when unpickled, is refused with a :class:`UserError`.
    """
    path = Path(path)
    if not path.is_file():
        raise UserError(f"Checkpoint not found: {path}")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means "not ours / damaged"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UserError(f"Checkpoint {path} cannot be loaded safely: {first}") from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise UserError(f"Checkpoint {path} is not a GenAug Studio checkpoint")
    return payload


def _fsync_dir(folder: Path) -> None:
    """Persist a rename in ``folder`` (not possible on Windows, where it is not needed)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
