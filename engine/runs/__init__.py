"""The run folder: the one owner of every file a training run leaves on disk.

``files`` spells the names; :class:`RunFolder` reads and writes them (config, dataset description,
split, metrics, status, log, sample grids, curation and evaluation paths) and holds the training
lock; ``checkpoint`` writes checkpoints atomically and loads them with ``weights_only=True``;
:func:`run_images` returns a run's training and held-out images from its saved split with its
saved data settings; :func:`load_trained` rebuilds its model; ``workspace`` lists, renames and
deletes runs. See engine/README.md for the layout.
"""

from engine.runs.folder import RunFolder
from engine.runs.images import RunImages, run_dataset, run_images, split_for_run, split_of_run
from engine.runs.trained import TrainedModel, load_trained
from engine.runs.workspace import RunInfo, delete_run, list_runs, rename_run, run_model_name

__all__ = [
    "RunFolder", "RunImages", "RunInfo", "TrainedModel", "delete_run", "list_runs", "load_trained",
    "rename_run", "run_dataset", "run_images", "run_model_name", "split_for_run", "split_of_run",
]
