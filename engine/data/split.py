"""The held-out split as a record that travels with a run, so evaluation uses the very same images.

A record names the held-out files by their path relative to the dataset folder (or, for the
built-in sample, which has no files, by index) together with a fingerprint of the dataset it was
made on. Mapping a record onto a freshly loaded dataset keeps those files out of training even when
files were added since; new files go to training.
"""

from __future__ import annotations

import hashlib
import os

import torch

from engine.data.dataset import ImageSet, stratified_split
from engine.data.sample import is_full_sample, sample_split
from engine.errors import UserError

SPLIT_VERSION = 1


def fingerprint(data: ImageSet) -> str:
    """SHA-256 of the class names and of every image's relative path and label."""
    h = hashlib.sha256()
    h.update("\0".join(data.class_names).encode("utf-8", "surrogatepass"))
    for rel, label in zip(_relative(data), data.labels.tolist(), strict=True):
        h.update(f"\n{label}\t{rel}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def holdout_split(data: ImageSet, fraction: float, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The (train, held-out) indices of a freshly loaded dataset: the one split rule.

    The built-in sample has its own fixed split (20 images per class train, the rest are held
    out: :func:`engine.data.sample.sample_split`); any other dataset holds out ``fraction`` of
    every class, drawn with ``seed`` (:func:`engine.data.dataset.stratified_split`).
    """
    if is_full_sample(data):
        return sample_split(data)
    return stratified_split(data.labels, data.num_classes, fraction, seed)


def split_record(data: ImageSet, train_idx: torch.Tensor, held_idx: torch.Tensor,
                 fraction: float, seed: int) -> dict:
    """A JSON-ready description of a split of ``data`` (see :func:`indices_from_record`)."""
    rel = _relative(data)
    held = held_idx.tolist()
    return {
        "version": SPLIT_VERSION,
        "source": data.source,
        "fraction": fraction,
        "seed": seed,
        "class_names": list(data.class_names),
        "images": len(data),
        "train_count": len(train_idx),
        "held_out_count": len(held),
        "held_out_per_class": torch.bincount(data.labels[held_idx],
                                             minlength=data.num_classes).tolist(),
        "fingerprint": fingerprint(data),
        "held_out_files": [rel[i] for i in held] if all(rel) else None,
        "held_out_indices": held,
    }


def indices_from_record(data: ImageSet, record: dict) -> tuple[torch.Tensor, torch.Tensor]:
    """(train, held-out) indices of ``data`` that reproduce the split of ``record``.

    Files are matched by relative path: held-out files still present stay held out, everything
    else trains. Without file names (the built-in sample) the dataset must be the same one.

    Raises
    ------
    UserError
        When the record cannot be applied to this dataset (different classes, or a file-less
        dataset that is not the one the split was made on).
    """
    if list(record.get("class_names", [])) != list(data.class_names):
        raise UserError(f"The saved split was made on classes {record.get('class_names')}, but "
                        f"{data.source} has {data.class_names}")
    files = record.get("held_out_files")
    if files is None:
        if record.get("fingerprint") != fingerprint(data):
            raise UserError(f"The saved split was made on a different dataset than {data.source}")
        held_mask = torch.zeros(len(data), dtype=torch.bool)
        held_mask[torch.tensor(record["held_out_indices"], dtype=torch.int64)] = True
    else:
        wanted = set(files)
        held_mask = torch.tensor([r in wanted for r in _relative(data)], dtype=torch.bool)
    idx = torch.arange(len(data))
    return idx[~held_mask], idx[held_mask]


def _relative(data: ImageSet) -> list[str]:
    """Each image's path relative to the dataset folder, with '/' separators ('' without a file)."""
    root = data.source
    out = []
    for f in data.files:
        if not f:
            out.append("")
            continue
        try:
            out.append(os.path.relpath(f, root).replace(os.sep, "/"))
        except ValueError:  # another drive on Windows
            out.append(f)
    return out
