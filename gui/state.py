"""The application state shared by every panel: config, dataset, split and run folder.

Panels take an :class:`AppState` in their constructor and subscribe to its signals with private
``_on_<x>_changed`` slots; the state itself knows no widget.
"""

from __future__ import annotations

import time
from pathlib import Path

import torch
from PySide6.QtCore import QObject, Signal

from engine.config import RunConfig
from engine.data.dataset import ImageSet, stratified_split
from engine.data.sample import SAMPLE_DEFAULT_SIZE, SAMPLE_NAME
from engine.data.scan import DEFAULT_IMAGE_SIZE
from engine.run import RunFolder
from gui.preferences import Preferences, default_workspace

default_runs_root = default_workspace  # the former name, kept for callers


class AppState(QObject):
    """Everything the panels share.

    Parameters
    ----------
    runs_root : path, optional
        The workspace: folder under which fresh run folders are named and runs are listed. It
        overrides the preference for this session only (tests, screenshots).
    parent : QObject, optional
        Qt parent.
    preferences : Preferences, optional
        The user's preferences; read from QSettings by default.

    Attributes
    ----------
    config : RunConfig
        The settings of the next training run; edited in place, then :meth:`notify_config`.
    dataset : ImageSet or None
        The loaded dataset (all images, before the split).
    train_idx, held_idx : torch.Tensor or None
        Indices of the training and held-out images in ``dataset``.
    run_dir : Path
        The folder the next (or current) training run writes into.
    trained_run : Path or None
        The last run folder that holds a checkpoint: what Gallery and Export use.
    training_run : Path or None
        The run folder being trained right now (the Runs list leaves it alone).

    Signals
    -------
    dataset_changed, config_changed, run_changed
        The dataset, the config, or ``run_dir`` / ``trained_run`` changed.
    runs_changed
        Run folders in the workspace may have changed (training started or ended, a run was
        renamed or deleted, the workspace moved): the Runs list reads them again.
    """

    dataset_changed = Signal()
    config_changed = Signal()
    run_changed = Signal()
    runs_changed = Signal()

    def __init__(self, runs_root: Path | str | None = None, parent: QObject | None = None,
                 preferences: Preferences | None = None):
        super().__init__(parent)
        self.preferences = preferences or Preferences.load()
        if runs_root is not None:
            self.preferences.workspace = Path(runs_root)
        self.training_run: Path | None = None
        self.config = RunConfig()
        self.config.train.device = self.preferences.device  # this machine's choice, from Preferences
        self.dataset: ImageSet | None = None
        self.train_idx: torch.Tensor | None = None
        self.held_idx: torch.Tensor | None = None
        self.run_dir: Path = self._fresh_run_dir()
        self.trained_run: Path | None = None

    # ---------------------------------------------------------------- dataset
    def set_dataset(self, data: ImageSet, path: str) -> None:
        """Install a freshly loaded dataset from ``path`` and split it; emits ``dataset_changed``."""
        self.dataset = data
        self.config.data.path = path
        self._split()
        self.dataset_changed.emit()

    def set_holdout_fraction(self, fraction: float) -> None:
        """Change the held-out share and re-split the loaded dataset."""
        self.config.data.holdout_fraction = float(fraction)
        if self.dataset is not None:
            self._split()
            self.dataset_changed.emit()
        self.config_changed.emit()

    def train_data(self) -> ImageSet:
        """The training split of the loaded dataset (what the model may see)."""
        if self.dataset is None or self.train_idx is None:
            raise RuntimeError("no dataset loaded")
        return self.dataset.subset(self.train_idx)

    def wanted_image_size(self) -> int:
        """The image size the config asks for, with "automatic" (0) resolved."""
        cfg = self.config.data
        if cfg.image_size:
            return cfg.image_size
        return SAMPLE_DEFAULT_SIZE if cfg.path == SAMPLE_NAME else DEFAULT_IMAGE_SIZE

    def dataset_matches_config(self) -> bool:
        """Whether the loaded dataset has the size and channels the config asks for."""
        d = self.dataset
        return (d is not None and d.image_size == self.wanted_image_size()
                and self.config.data.channels in (0, d.channels))

    def _split(self) -> None:
        d, cfg = self.dataset, self.config.data
        self.train_idx, self.held_idx = stratified_split(
            d.labels, d.num_classes, cfg.holdout_fraction, cfg.split_seed
        )

    # ---------------------------------------------------------------- config
    def set_option(self, section: str, name: str, value) -> None:
        """Set ``config.<section>.<name>`` and emit ``config_changed`` if it changed."""
        part = getattr(self.config, section)
        if not hasattr(part, name):
            raise AttributeError(f"RunConfig.{section} has no field {name!r}")
        if getattr(part, name) != value:
            setattr(part, name, value)
            self.config_changed.emit()

    def notify_config(self) -> None:
        """Tell the panels that ``config`` was edited in place."""
        self.config_changed.emit()

    # ---------------------------------------------------------------- runs
    def is_trained(self, run_dir: Path | None = None) -> bool:
        """Whether ``run_dir`` (default: the current one) holds a checkpoint."""
        return RunFolder(run_dir or self.run_dir).has_checkpoint()

    def new_run(self) -> Path:
        """Point ``run_dir`` at a fresh, not yet existing folder; emits ``run_changed``."""
        self.run_dir = self._fresh_run_dir()
        self.run_changed.emit()
        return self.run_dir

    def set_trained_run(self, run_dir: Path | str | None) -> None:
        """Make ``run_dir`` the run Gallery and Export use (None: no run); emits ``run_changed``."""
        self.trained_run = Path(run_dir) if run_dir is not None else None
        self.run_changed.emit()

    def set_training_run(self, run_dir: Path | str | None) -> None:
        """Record the run being trained (None when training ends); emits ``runs_changed``."""
        self.training_run = Path(run_dir) if run_dir is not None else None
        self.runs_changed.emit()

    @property
    def runs_root(self) -> Path:
        """The workspace folder: runs are created in and listed from it."""
        return self.preferences.workspace

    def set_preferences(self, prefs: Preferences) -> None:
        """Use ``prefs`` from now on: its device for the next run; a new workspace takes the next run
        and refreshes the list."""
        moved = Path(prefs.workspace) != self.runs_root
        self.preferences = prefs
        if self.config.train.device != prefs.device:
            self.config.train.device = prefs.device
            self.config_changed.emit()
        if moved:
            if not self.run_dir.exists():  # the next run goes into the new workspace
                self.new_run()
            self.runs_changed.emit()

    def _fresh_run_dir(self) -> Path:
        """``runs_root/<YYYYmmdd-HHMMSS>``, with a suffix if that name is taken."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        candidate, k = self.runs_root / stamp, 1
        while candidate.exists():
            candidate = self.runs_root / f"{stamp}-{k}"
            k += 1
        return candidate
