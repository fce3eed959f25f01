"""The workspace: the folder of run folders. Listing, renaming and deleting runs."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from engine.errors import UserError
from engine.runs.folder import RunFolder


@dataclass
class RunInfo:
    """One line of the Runs list."""

    path: Path
    model: str
    step: int
    target_steps: int | None  # None for a time budget
    finished: bool  # reached its budget (not stopped, not crashed)
    updated: float  # seconds since the epoch of the last checkpoint


def run_model_name(run_dir: Path | str) -> str:
    """The run's model family (e.g. "cgan") from its config; "" when it cannot be read."""
    try:
        return RunFolder(run_dir).read_config().model.name
    except UserError:
        return ""


def list_runs(workspace: Path | str) -> list[RunInfo]:
    """Runs in ``workspace`` (folders with a config), most recently updated first."""
    root = Path(workspace).expanduser()
    if not root.is_dir():
        return []
    runs = []
    for folder in root.iterdir():
        run = RunFolder(folder)
        if not run.is_run():
            continue
        status = run.read_status()
        try:
            config = run.read_config()
        except UserError:
            continue
        runs.append(RunInfo(
            path=folder, model=config.model.name, step=int(status.get("step", 0)),
            target_steps=None if config.train.minutes > 0 else config.train.steps,
            finished=bool(status.get("finished", False)),
            updated=float(status.get("updated", folder.stat().st_mtime)),
        ))
    return sorted(runs, key=lambda r: r.updated, reverse=True)


def _run_in_workspace(workspace: Path | str, run_dir: Path | str) -> Path:
    """The resolved ``run_dir`` if it is a run folder directly inside ``workspace``, else UserError.

    Rename and delete act only on such folders: never on a link, the workspace itself, a folder
    elsewhere, or a folder inside the workspace that is not a run (no run config).
    """
    root = Path(workspace).expanduser().resolve()
    given = Path(run_dir).expanduser()
    if given.is_symlink():
        raise UserError(f"Refused: {given} is a link, not a run folder of the workspace {root}")
    path = given.resolve()
    if path.parent != root:
        raise UserError(f"Refused: {path} is not a run folder inside the workspace {root}")
    run = RunFolder(path)
    if not run.is_run():
        raise UserError(f"Refused: {path} is not a run folder (it has no {run.config_path.name})")
    return path


def rename_run(workspace: Path | str, run_dir: Path | str, new_name: str) -> Path:
    """Rename the run folder ``run_dir`` of ``workspace`` to ``new_name``; return the new path.

    Raises
    ------
    UserError
        If ``run_dir`` is not a run folder directly inside ``workspace``, ``new_name`` is not a
        plain folder name (empty, ``.``/``..``, a path separator), or the name is taken.
    """
    path = _run_in_workspace(workspace, run_dir)
    name = new_name.strip()
    seps = {"/", "\\", "\0"}
    if not name or name in (".", "..") or any(c in name for c in seps):
        raise UserError(f"Not a valid run name: {new_name!r} (use a plain folder name, no slashes)")
    target = path.parent / name
    if target.exists():
        raise UserError(f"A file or folder named {name!r} already exists in {path.parent}")
    try:
        path.rename(target)
    except OSError as exc:
        raise UserError(f"Cannot rename {path} to {name!r}: {exc.strerror}") from exc
    return target


def delete_run(workspace: Path | str, run_dir: Path | str) -> None:
    """Delete the run folder ``run_dir`` of ``workspace`` with everything in it.

    Raises
    ------
    UserError
        If ``run_dir`` is not a run folder directly inside ``workspace`` (nothing is deleted), or
        the folder cannot be removed.
    """
    path = _run_in_workspace(workspace, run_dir)
    try:
        shutil.rmtree(path)
    except OSError as exc:
        raise UserError(f"Cannot delete {path}: {exc.strerror or exc}") from exc
