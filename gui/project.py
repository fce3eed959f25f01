"""A project file: where the user is, so they can close the app and come back to it.

A project (``*.genaug``, JSON) records the dataset folder and how it was read and split, the
model and training settings, the workspace and the run Gallery / Evaluate / Export use, that run's
gallery rejections (curation), the Export panel's settings and the step on screen. Runs themselves
stay in their folders; the project points at them. Paths are stored absolute; a relative path (a
project edited by hand, or moved with its data) is read relative to the project file's folder.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.config import RunConfig
from engine.data.sample import SAMPLE_NAME
from engine.errors import UserError

PROJECT_SUFFIX = ".genaug"  # the file dialogs' filter and the extension added when missing
FORMAT = "genaug-studio-project"  # the "format" key: tells a project from any other JSON
VERSION = 1  # bumped when a key changes meaning; older versions are read with defaults


@dataclass
class Project:
    """Everything a project file holds.

    Attributes
    ----------
    config : RunConfig
        Dataset (folder, image size, channels, held-out share and split seed), model and training.
    workspace : Path or None
        The workspace folder (None: the Preferences' one).
    trained_run : Path or None
        The run Gallery, Evaluate and Export use.
    curation : dict or None
        That run's ``curation.json`` content when saved (restored if the run has lost it).
    export : dict
        The Export panel's settings (:meth:`gui.panels.export_panel.ExportPanel.settings`).
    step : str
        The page on screen ("Data" ... "Export", "Runs").
    """

    config: RunConfig = field(default_factory=RunConfig)
    workspace: Path | None = None
    trained_run: Path | None = None
    curation: dict | None = None
    export: dict = field(default_factory=dict)
    step: str = "Data"

    def to_dict(self) -> dict[str, Any]:
        """The JSON document."""
        return {
            "format": FORMAT, "version": VERSION,
            "config": self.config.to_dict(),
            "workspace": str(self.workspace) if self.workspace else None,
            "trained_run": str(self.trained_run) if self.trained_run else None,
            "curation": self.curation,
            "export": self.export,
            "step": self.step,
        }

    def save(self, path: Path | str) -> Path:
        """Write the project to ``path`` atomically (a crash leaves the old file or the new one).

        ``.genaug`` is added when ``path`` has no suffix. Returns the path written.
        """
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(PROJECT_SUFFIX)
        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except OSError as exc:
            raise UserError(f"Cannot save the project {path}: {exc.strerror or exc}") from exc
        return path

    @classmethod
    def load(cls, path: Path | str) -> Project:
        """Read a project file; :class:`UserError` naming the file and the reason if it is not one."""
        path = Path(path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise UserError(f"Cannot open the project {path}: {exc.strerror or exc}") from exc
        except ValueError as exc:
            raise UserError(f"The project {path} is not valid JSON: {exc}") from exc
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise UserError(f"{path} is not a GenAug Studio project (no \"format\": \"{FORMAT}\")")
        version = raw.get("version")
        if not isinstance(version, int) or version > VERSION:
            raise UserError(f"The project {path} has version {version!r}; this GenAug Studio reads "
                            f"versions up to {VERSION} (a newer program saved it)")
        base = path.resolve().parent
        try:
            config = RunConfig.from_saved(raw.get("config") or {})
            if config.data.path != SAMPLE_NAME:
                config.data.path = str(_absolute(config.data.path, base))
            export = raw.get("export") or {}
            curation = raw.get("curation")
            if not isinstance(export, dict) or not (curation is None or isinstance(curation, dict)):
                raise TypeError("\"export\" and \"curation\" must be objects")
            return cls(config=config,
                       workspace=_absolute(raw["workspace"], base) if raw.get("workspace") else None,
                       trained_run=_absolute(raw["trained_run"], base) if raw.get("trained_run") else None,
                       curation=curation, export=export, step=str(raw.get("step") or "Data"))
        except (TypeError, ValueError, AttributeError) as exc:
            raise UserError(f"The project {path} has an invalid entry: {exc}") from exc


def _absolute(value: str, base: Path) -> Path:
    path = Path(str(value)).expanduser()
    return path if path.is_absolute() else base / path
