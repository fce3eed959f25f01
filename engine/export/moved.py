"""Moved copies of the real images for an export (``ExportRequest.moved_copies``).

Classical augmentation written out, for a classifier that trains on the exported folder without
augmenting it: small rotation, shift and zoom (:class:`~engine.evaluate.classical.ClassicalAugment`),
and flips only where the run's evaluation measured them label-safe.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import torch

from engine.errors import UserError
from engine.evaluate.classical import ClassicalAugment, moved_copies
from engine.runs import RunFolder

MAX_MOVED_COPIES = 100  # moved copies of each real image, at most


def moves_for(run_dir: Path, copies: int) -> ClassicalAugment | None:
    """The moves of ``copies`` moved copies (None for none): the evaluation's classical augmentation
    (flips where its judge measured them label-safe), or the moves without flips for a run not
    evaluated. Raises UserError for a count out of range."""
    if copies < 0 or copies > MAX_MOVED_COPIES:
        raise UserError(f"--moved-copies must be between 0 and {MAX_MOVED_COPIES}, not {copies}")
    if copies == 0:
        return None
    found = RunFolder(run_dir).read_evaluation()
    chosen = (found[1].get("settings") or {}).get("classical") if found is not None else None
    if not isinstance(chosen, dict):
        return ClassicalAugment(evidence={"flips": "off: the run has no evaluation to measure them"})
    return ClassicalAugment(horizontal_flip=bool(chosen.get("horizontal_flip")),
                            vertical_flip=bool(chosen.get("vertical_flip")),
                            evidence={"flips": "as the run's evaluation chose them",
                                      **(chosen.get("evidence") or {})})


def moved_chunks(images: torch.Tensor, moves: ClassicalAugment, copies: int, seed: int,
                 chunk: int) -> Iterator[tuple[int, int, torch.Tensor]]:
    """``(k, start, moved)`` for copy ``k`` (1..``copies``) of ``images[start:start + chunk]`` (uint8).

    Each chunk gets its own draw of moves from ``seed``, the copy number and its position (a tuple
    of ints hashes the same in every process), so the same request writes the same files.
    """
    for k in range(1, copies + 1):
        for start in range(0, len(images), chunk):
            draw = hash((seed, k, start)) & (2**63 - 1)
            yield k, start, moved_copies(images[start:start + chunk], moves, draw)


def moved_name(src: str, index: int, k: int) -> str:
    """``<stem>_moved<k>.png`` after the real file (``real_<index>`` for the built-in sample)."""
    return f"{Path(src).stem if src else f'real_{index:05d}'}_moved{k}.png"
