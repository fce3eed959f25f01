"""A run's images: which of a dataset's images trained it, and which it held out.

There is one rule, used by every caller (command-line resume, the GUI's Continue, curation,
evaluation, export, the gallery): the split saved with the run, applied to the dataset loaded with
the run's own data settings (size, channels, resize). Only a run saved before splits were saved
falls back to the stratified split its fraction and seed made (and, when its recorded training
counts cover the whole dataset, it is known to have seen every image: :attr:`RunImages.seen`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import torch

from engine.config import DataConfig
from engine.data.dataset import ImageSet
from engine.data.load import load_dataset
from engine.data.split import holdout_split, indices_from_record
from engine.errors import UserError
from engine.runs.folder import RunFolder


@dataclass
class RunImages:
    """A dataset loaded as a run saw it, with the run's split of it.

    Attributes
    ----------
    data : ImageSet
        Every image of the dataset, at the run's size, channels and resize policy.
    train_idx, held_idx : torch.Tensor
        Indices into ``data`` of the training and the held-out images.
    config : DataConfig
        The data settings it was loaded with.
    seen_all : bool
        The generator saw every image (a run saved before splits were saved, trained on the
        whole folder); otherwise it saw exactly the training images.
    """

    data: ImageSet
    train_idx: torch.Tensor
    held_idx: torch.Tensor
    config: DataConfig
    seen_all: bool = False

    @property
    def train(self) -> ImageSet:
        return self.data.subset(self.train_idx)

    @property
    def held_out(self) -> ImageSet:
        return self.data.subset(self.held_idx)

    @property
    def seen(self) -> ImageSet:
        """The images the generator was trained on (what a memorised sample would copy)."""
        return self.data if self.seen_all else self.train


def split_of_run(run_dir: Path | str, data: ImageSet, cfg: DataConfig) -> tuple[torch.Tensor, torch.Tensor]:
    """The (train, held-out) indices of ``data`` for the run in ``run_dir`` (its saved split).

    A run saved before splits were saved gets the stratified split of ``cfg.holdout_fraction``
    with ``cfg.split_seed``: the one training made when it held images out.
    """
    saved = RunFolder(run_dir).load_split()
    if saved is not None:
        return indices_from_record(data, saved)
    return holdout_split(data, cfg.holdout_fraction, cfg.split_seed)


def _seen_all(run: RunFolder, data: ImageSet) -> bool:
    """Whether a run without a saved split was trained on every image of ``data``."""
    if run.load_split() is not None:
        return False
    try:
        counts = run.read_dataset_info().get("train_counts", [])
    except UserError:
        return False
    return bool(counts) and sum(counts) == len(data)


def run_dataset(run_dir: Path | str, data_path: str | None = None,
                progress: Callable[[int, int], None] | None = None,
                should_stop: Callable[[], bool] | None = None) -> tuple[ImageSet, DataConfig]:
    """Every image of the run's dataset (or of ``data_path``), loaded with the run's data settings
    (size, channels, resize policy); and those settings.

    Raises
    ------
    UserError
        When the run's files cannot be read, or the dataset's classes are not the run's.
    """
    run = RunFolder(run_dir)
    cfg = run.data_config()
    if data_path is not None:
        cfg = replace(cfg, path=str(data_path))
    names = run.read_dataset_info()["class_names"]
    data = load_dataset(cfg, progress, should_stop)
    if data.class_names != names:
        raise UserError(f"The classes of {cfg.path} ({', '.join(data.class_names)}) differ from the "
                        f"run's ({', '.join(names)})")
    return data, cfg


def run_images(run_dir: Path | str, data_path: str | None = None,
               progress: Callable[[int, int], None] | None = None,
               should_stop: Callable[[], bool] | None = None) -> RunImages:
    """The run's training and held-out images: :func:`run_dataset` split by :func:`split_of_run`.

    Parameters
    ----------
    run_dir : path
        A run folder (its config, dataset description and split are read).
    data_path : str, optional
        The dataset folder (or ``"sample"``); default the one the run was trained on.

    Raises
    ------
    UserError
        When the run's files cannot be read, the dataset's classes are not the run's, or the
        saved split does not fit the dataset.
    """
    data, cfg = run_dataset(run_dir, data_path, progress, should_stop)
    train_idx, held_idx = split_of_run(run_dir, data, cfg)
    return RunImages(data, train_idx, held_idx, cfg, _seen_all(RunFolder(run_dir), data))


def split_for_run(run_dir: Path | str, data: ImageSet, cfg: DataConfig,
                  resume: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    """The (train, held-out) indices of ``data`` for training into ``run_dir``; saves the split.

    Resuming reuses the run's split (:func:`split_of_run`), so the held-out images stay the same
    even if the folder changed; otherwise a fresh split is made and saved
    (:func:`~engine.data.split.holdout_split`: ``cfg.holdout_fraction`` with ``cfg.split_seed``, or
    the sample's fixed one). A folder that already holds a trained run is not
    written (training will refuse it); nor is one inside the dataset.
    """
    run = RunFolder(run_dir)
    run.check_outside(data.source)
    saved = run.load_split() if resume else None
    if saved is not None:
        return indices_from_record(data, saved)
    if resume and run.has_checkpoint():  # a run saved before splits were: the split it trained on
        train_idx, held_idx = split_of_run(run.path, data, cfg)
    else:
        train_idx, held_idx = holdout_split(data, cfg.holdout_fraction, cfg.split_seed)
    if resume or not run.has_checkpoint():
        run.save_split(data, train_idx, held_idx, cfg)
    return train_idx, held_idx
