"""Checkpoints: written atomically, loaded with ``weights_only=True`` (no code runs on load).

A run keeps its checkpoints in its checkpoint folder (engine.runs.files) as ``step_NNNNNNNN.pt``:
the last K, plus the best by the model's monitored metric when it has one. A crash at any moment
leaves every file at a final path complete: bytes go to a temporary file that is fsynced and
renamed into place (engine.safe_write.atomic_write).
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

from engine.errors import UserError
from engine.runs import files
from engine.safe_write import atomic_write, write_json_atomic

FORMAT = "genaug-checkpoint-1"
_PREFIX, _SUFFIX = "step_", ".pt"


def save_checkpoint(path: Path, payload: dict) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves either the old file or the new one.

    The bytes go to a temporary file in the same folder, are flushed and fsynced, then renamed
    over the target with ``os.replace`` (atomic on one file system); the folder is fsynced so the
    rename itself survives a power cut.

    Raises
    ------
    UserError
        When the disk is full, the folder is read-only or any other OS error stops the write;
        the previous file at ``path`` is then untouched and no temporary file is left.
    """
    path = Path(path)
    payload = {"format": FORMAT, **payload}
    try:
        with atomic_write(path) as f:
            torch.save(payload, f)
    except OSError as exc:
        raise UserError(f"Could not save checkpoint {path}: {exc.strerror or exc}") from exc


def load_checkpoint(path: Path) -> dict:
    """Load a checkpoint written by :func:`save_checkpoint` onto the CPU.

    Only tensors and plain containers are accepted (``weights_only=True``, never a fallback);
    anything else, such as a file crafted to run code when unpickled, is refused with a
    :class:`UserError` and nothing in it runs.
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


class CheckpointStore:
    """The checkpoints of one run: save with pruning, find the newest loadable one.

    Parameters
    ----------
    run_dir : path
        The run folder; checkpoints live in its ``checkpoints/`` sub-folder.
    keep_last : int
        How many of the newest checkpoints to keep (the best one is kept as well).
    """

    def __init__(self, run_dir: Path, keep_last: int = 3):
        self.folder = Path(run_dir) / files.CHECKPOINTS
        self.keep_last = max(1, keep_last)
        self._best_file = self.folder / files.BEST

    @staticmethod
    def name(step: int) -> str:
        return f"{_PREFIX}{step:08d}{_SUFFIX}"

    def paths(self) -> list[Path]:
        """Checkpoint files at final paths, newest (highest step) first."""
        if not self.folder.is_dir():
            return []
        found = [p for p in self.folder.glob(f"{_PREFIX}*{_SUFFIX}") if p.stem[len(_PREFIX):].isdigit()]
        return sorted(found, key=lambda p: int(p.stem[len(_PREFIX):]), reverse=True)

    def clean_stale(self) -> list[Path]:
        """Remove temporary files left by a crash during a save; return what was removed."""
        if not self.folder.is_dir():
            return []
        stale = [p for p in self.folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]
        for p in stale:
            p.unlink(missing_ok=True)
        return stale

    def save(self, payload: dict, step: int, score: float | None = None) -> Path:
        """Write the checkpoint of ``step``; prune old ones; remember it if ``score`` is the best.

        Lower scores are better. Pruning runs only after the new file is safely in place.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / self.name(step)
        save_checkpoint(path, payload)
        best = self.best()
        if score is not None and (best is None or score < best[1]):
            write_json_atomic(self._best_file, {"step": step, "score": score})
        self._prune()
        return path

    def best(self) -> tuple[int, float] | None:
        """(step, score) of the best checkpoint, if the model has a monitored metric."""
        try:
            raw = json.loads(self._best_file.read_text(encoding="utf-8"))
            return int(raw["step"]), float(raw["score"])
        except (OSError, ValueError, KeyError):
            return None

    def latest(self) -> tuple[Path, dict] | None:
        """The newest checkpoint that loads; damaged newer files are skipped, not deleted."""
        for path in self.paths():
            try:
                return path, load_checkpoint(path)
            except UserError:
                continue
        return None

    def _prune(self) -> None:
        best = self.best()
        keep = {p.name for p in self.paths()[: self.keep_last]}
        if best is not None:
            keep.add(self.name(best[0]))
        for p in self.paths():
            if p.name not in keep:
                p.unlink(missing_ok=True)
