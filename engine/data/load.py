"""One entry point for every dataset source: the built-in sample or a folder on disk."""

from __future__ import annotations

from collections.abc import Callable

from engine.config import DataConfig
from engine.data.dataset import ImageSet
from engine.data.sample import SAMPLE_NAME, load_sample
from engine.data.scan import scan_folder


def load_dataset(
    config: DataConfig,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ImageSet:
    """Load ``config.path`` (a folder, or ``"sample"``) at the configured size, channels and resize.

    Folders go through :func:`engine.data.scan.scan_folder` (validated, reported, cached); the
    built-in sample loads from its packed file.
    """
    if config.path == SAMPLE_NAME:
        return load_sample(config.image_size, config.channels)
    return scan_folder(config.path, config.image_size, config.channels, progress, should_stop,
                       resize=config.resize)
