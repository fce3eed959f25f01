"""The images an evaluation tests on, shown to be apart from the images the generator trained on.

A verdict is only worth something when the test images are ones neither the generator nor the
classifiers saw. This module loads the run's training split and its test images, and refuses
(a :class:`UserError` that says what to do) when that cannot be shown:

- a run without a saved split and no separate ``--test DIR``: which images it trained on is
  unknown (a run saved before splits were saved would otherwise get a recomputed split, silently);
- a test folder with images whose pixels equal a training image's (a renamed or re-saved copy is
  caught too: images are compared by a hash of their decoded pixels, at the run's size);
- synthetic images that are copies of test images: the generator has seen the test images.

Held-out images of the run's own split that duplicate a training image (a dataset with copies in
it) are left out of the test set, and the report says how many.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import torch

from engine.config import DataConfig
from engine.data.dataset import ImageSet
from engine.data.load import load_dataset
from engine.errors import UserError
from engine.evaluate.memorization import COPY_RMS, nearest_real
from engine.runs import RunFolder, TrainedModel, run_images

LEAK_SHARE = 0.02  # synthetic near-copies of test images above this share of those checked: a leak
NAMED = 3  # examples named in an error message


@dataclass
class EvalData:
    """The real images of an evaluation: what the run trained on, and what it is tested on."""

    train: ImageSet
    test: ImageSet
    test_source: str  # "held-out split" or the test folder
    split_source: str  # where the training split came from
    notes: list[str] = field(default_factory=list)  # what was done to keep test and training apart


def load_eval_data(model: TrainedModel, data_path: str, test_dir: str | None,
                   should_stop: Callable[[], bool] | None = None) -> EvalData:
    """The run's training split and its test images (held-out split, or ``test_dir``), leak-checked.

    Raises
    ------
    UserError
        When the dataset does not match the run, or training and test images cannot be shown apart.
    """
    run = RunFolder(model.run_dir)
    images = run_images(model.run_dir, data_path, should_stop=should_stop)  # the run's own split
    data = images.data
    if run.load_split() is None and test_dir is None:
        raise UserError(
            f"The run {model.run_dir} has no saved split ({run.split_path.name}), so the images it "
            f"trained on cannot be told apart from held-out ones of {data_path}: evaluate it on a "
            "labelled test folder the generator never saw (--test DIR, or Test images in the Evaluate "
            "step), or train the run again with `main.py train` or the Train step, which save the split")
    if run.load_split() is None:  # trained on an unknown part of the dataset: all of it counts as training
        train_idx, held_idx = torch.arange(len(data)), torch.zeros(0, dtype=torch.int64)
        split_source = "the whole dataset (the run saved no split, so every image counts as training)"
    else:
        train_idx, held_idx = images.train_idx, images.held_idx
        split_source = str(run.split_path)
    train = data.subset(train_idx)
    if test_dir is not None:
        test = _load_test_folder(model, test_dir, should_stop)
        shared = shared_images(test, train)
        if shared:
            raise UserError(
                f"The test folder {test_dir} shares {len(shared)} image(s) with the training split "
                f"(identical pixels): {_name_pairs(shared, test, train)}. Remove them from the test "
                "folder: a test image the generator trained on makes any gain meaningless")
        return EvalData(train, test, str(Path(test_dir)), split_source)
    if len(held_idx) == 0:
        raise UserError(f"The run {model.run_dir} held out no images of {data_path}: give a "
                        "labelled test folder with --test DIR")
    test = data.subset(held_idx)
    notes = []
    shared = shared_images(test, train)
    if shared:
        dup = sorted({t for t, _ in shared})
        keep = torch.tensor([i for i in range(len(test)) if i not in set(dup)], dtype=torch.int64)
        notes.append(f"{len(dup)} held-out image(s) with the same pixels as a training image were left "
                     f"out of the test set ({_name_pairs(shared, test, train)})")
        test = test.subset(keep)
        if len(test) == 0:
            raise UserError(f"Every held-out image of {data_path} duplicates a training image: give "
                            "a labelled test folder with --test DIR")
    return EvalData(train, test, "held-out split", split_source, notes)


def content_hashes(images: torch.Tensor) -> list[bytes]:
    """A hash of each image's pixels (N, C, H, W) uint8: equal exactly when the pixels are equal."""
    flat = images.contiguous().flatten(1).numpy()
    return [hashlib.blake2b(row.tobytes(), digest_size=16).digest() for row in flat]


def shared_images(test: ImageSet, train: ImageSet) -> list[tuple[int, int]]:
    """(test index, training index) of every test image whose pixels equal a training image's."""
    seen = {h: i for i, h in enumerate(content_hashes(train.images))}
    return [(t, seen[h]) for t, h in enumerate(content_hashes(test.images)) if h in seen]


def check_synthetic_leak(synthetic: torch.Tensor, test: ImageSet, test_source: str,
                         train: ImageSet, limit: int = 2000) -> dict:
    """Refuse synthetic images that copy test images; return the figures of the check.

    The share of checked synthetic images within :data:`COPY_RMS` of a test image (exact copies
    included) is compared with :data:`LEAK_SHARE`; the same share for real training images is
    reported beside it, as what a generator that never saw the test images could reach by copying
    its own training data.
    """
    pick = torch.linspace(0, len(synthetic) - 1, min(limit, len(synthetic))).long() if len(synthetic) else \
        torch.zeros(0, dtype=torch.int64)
    checked = synthetic[pick]
    dist, nearest = nearest_real(checked, test.images)
    copies = dist < COPY_RMS
    real_pick = torch.linspace(0, len(train) - 1, min(limit, len(train))).long()
    real_dist, _ = nearest_real(train.images[real_pick], test.images)
    result = {"checked": len(checked), "copies_of_test": int(copies.sum()),
              "share": float(copies.float().mean()) if len(checked) else 0.0,
              "real_training_share": float((real_dist < COPY_RMS).float().mean()) if len(real_pick) else 0.0,
              "threshold_rms": COPY_RMS, "limit_share": LEAK_SHARE}
    if result["share"] > LEAK_SHARE:
        hits = torch.nonzero(copies).flatten()[:NAMED].tolist()
        names = ", ".join(_name(test, int(nearest[i])) for i in hits)
        raise UserError(
            f"Leak: {result['copies_of_test']} of {result['checked']} synthetic images checked are "
            f"copies of test images ({test_source}: {names}); the generator has seen the test "
            "images, so any gain would be measured on images it copied. Evaluate on a labelled test "
            "folder the generator never saw (--test DIR), or train the run again on its training "
            "split only")
    return result


# ------------------------------------------------------------------------------------------------
def _load_test_folder(model: TrainedModel, test_dir: str,
                      should_stop: Callable[[], bool] | None) -> ImageSet:
    """A labelled test folder at the run's size, its labels mapped onto the run's classes."""
    test = load_dataset(DataConfig(path=test_dir, image_size=model.args.image_size,
                                   channels=model.args.channels, resize=model.config.data.resize),
                        should_stop=should_stop)
    unknown = [c for c in test.class_names if c not in model.class_names]
    if unknown:
        raise UserError(f"The test folder {test_dir} has classes the run does not know: "
                        f"{', '.join(unknown)}")
    mapping = torch.tensor([model.class_names.index(c) for c in test.class_names], dtype=torch.int64)
    test.labels = mapping[test.labels]
    test.class_names = list(model.class_names)
    return test


def _name(data: ImageSet, i: int) -> str:
    """A file name for image ``i``, or its class and index when it has no file (the sample)."""
    f = data.files[i] if i < len(data.files) else ""
    return f or f"{data.source} image {i} (class {data.class_names[int(data.labels[i])]})"


def _name_pairs(pairs: list[tuple[int, int]], test: ImageSet, train: ImageSet) -> str:
    shown = "; ".join(f"{_name(test, t)} = {_name(train, r)}" for t, r in pairs[:NAMED])
    return shown + (f"; and {len(pairs) - NAMED} more" if len(pairs) > NAMED else "")
