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
from engine.data.dataset import ImageSet
from engine.data.sample import SAMPLE_DEFAULT_SIZE, SAMPLE_NAME
from engine.data.split import holdout_split
from engine.errors import UserError
from engine.runs import RunFolder, split_of_run
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
    data_settings_changed
        The image size, channels or resize policy changed: the loaded dataset must be reloaded.
    load_requested(str)
        A dataset (a folder or ``"sample"``) should be loaded with the config's data settings.
    run_data_ready(object, bool)
        (run folder, continue): the loaded dataset is the run's, split as the run was; with
        ``True`` the run is to be trained on (Continue).
    run_data_failed(str, bool)
        The run's dataset could not be made ready: why, in a sentence, and whether for Continue.
    """

    dataset_changed = Signal()
    config_changed = Signal()
    run_changed = Signal()
    runs_changed = Signal()
    data_settings_changed = Signal()
    load_requested = Signal(str)
    run_data_ready = Signal(object, bool)
    run_data_failed = Signal(str, bool)

    DATA_SETTINGS = ("image_size", "channels", "resize")  # changing one reloads the dataset

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
        self._pending_run: tuple[Path, bool, str] | None = None  # (run, continue, data path) waiting
        # The model and training settings are an opened run's: a dataset loaded for it keeps them
        # (the Model panel applies the automatic preset only to a dataset the user loads).
        self.config_from_run = False

    # ---------------------------------------------------------------- dataset
    def set_dataset(self, data: ImageSet, path: str) -> None:
        """Install a freshly loaded dataset from ``path`` and split it; emits ``dataset_changed``."""
        self.dataset = data
        self.config.data.path = path
        self._split()
        pending, self._pending_run = self._pending_run, None
        self.config_from_run = pending is not None
        if pending is not None and path == pending[2] and self.dataset_matches_config():
            self._use_run_split(pending[0], pending[1])  # emits dataset_changed
            return
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
        cfg, d = self.config.data, self.dataset
        if cfg.image_size:
            return cfg.image_size
        if cfg.path == SAMPLE_NAME:
            return SAMPLE_DEFAULT_SIZE
        if d is not None and d.stats.get("size_rule") == "automatic":
            return d.image_size  # the folder's own size, as the scan resolved "automatic"
        return 0  # resolved from the images' sizes when the folder is scanned

    def dataset_matches_config(self) -> bool:
        """Whether the loaded dataset has the size and channels the config asks for."""
        d = self.dataset
        return (d is not None and d.image_size == self.wanted_image_size()
                and self.config.data.channels in (0, d.channels))

    def _split(self) -> None:
        d, cfg = self.dataset, self.config.data
        self.train_idx, self.held_idx = holdout_split(d, cfg.holdout_fraction, cfg.split_seed)

    # ---------------------------------------------------------------- config
    def set_option(self, section: str, name: str, value) -> None:
        """Set ``config.<section>.<name>`` and emit ``config_changed`` if it changed."""
        part = getattr(self.config, section)
        if not hasattr(part, name):
            raise AttributeError(f"RunConfig.{section} has no field {name!r}")
        if getattr(part, name) != value:
            setattr(part, name, value)
            self.config_changed.emit()
            if section == "data" and name in self.DATA_SETTINGS:
                self.data_settings_changed.emit()

    def notify_config(self) -> None:
        """Tell the panels that ``config`` was edited in place."""
        self.config_changed.emit()

    # ---------------------------------------------------------------- a run's data
    def use_run(self, run_dir: Path | str, train: bool) -> None:
        """Make the run's data current: its settings in the config, its dataset, its own split.

        Open (``train`` False) and Continue (``train`` True) both use it, so Continue trains, and
        Evaluate and Export hold out, the very images the run held out (its saved split, through
        engine.runs), loaded with its size, channels and resize policy. When the loaded dataset
        already is the run's, :attr:`run_data_ready` is emitted at once; otherwise
        :attr:`load_requested` asks the Data panel to load it, and :attr:`run_data_ready` follows
        the load (or :attr:`run_data_failed`).

        Raises
        ------
        UserError
            When the run's settings cannot be read, or (for Continue) its dataset folder is gone;
            nothing is changed then.
        """
        run = RunFolder(run_dir)
        config = run.read_config()
        want = run.data_config()  # its automatic size and channels resolved, as it trained
        missing = want.path != SAMPLE_NAME and not Path(want.path).is_dir()
        if missing and train:
            raise UserError(f"The run's dataset folder is not found: {want.path}")
        cfg = self.config
        cfg.model, cfg.train = config.model, config.train
        cfg.train.threads = 0  # this machine's preference, not the run's
        self.config_from_run = True
        if missing:
            self.config_changed.emit()
            self.run_data_failed.emit(f"The run's dataset folder is not found: {want.path} "
                                      "(Export needs it)", False)
            return
        same = (self.dataset is not None and cfg.data.path == want.path
                and all(getattr(cfg.data, k) == getattr(want, k) for k in self.DATA_SETTINGS)
                and self.dataset_matches_config())
        cfg.data.holdout_fraction, cfg.data.split_seed = want.holdout_fraction, want.split_seed
        self.config_changed.emit()
        if same:
            self._use_run_split(run.path, train)
            return
        for k in self.DATA_SETTINGS:  # quietly: the load below is the reload
            setattr(cfg.data, k, getattr(want, k))
        self._pending_run = (run.path, train, want.path)
        self.load_requested.emit(want.path)

    def forget_pending_run(self) -> None:
        """Drop a run waiting for its dataset (the window closes)."""
        self._pending_run = None

    def _use_run_split(self, run_dir: Path, train: bool) -> None:
        """Split the loaded dataset as the run did; emits ``dataset_changed`` and the outcome."""
        data = self.dataset
        names = RunFolder(run_dir).class_names()
        try:
            if names is not None and names != data.class_names:
                raise UserError(f"The classes in {self.config.data.path} "
                                f"({', '.join(data.class_names)}) are not the ones {run_dir.name} "
                                f"was trained on ({', '.join(names)})")
            self.train_idx, self.held_idx = split_of_run(run_dir, data, self.config.data)
        except UserError as exc:
            self.dataset_changed.emit()
            self.run_data_failed.emit(str(exc), train)
            return
        self.dataset_changed.emit()
        self.run_data_ready.emit(run_dir, train)

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
