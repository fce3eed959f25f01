"""Curation: which generated samples the user rejected, kept with the run; and the accepted stream
(the samples that pass the curation and the filters: memorisation, the evaluation's judge).

A generated image is named by (class, seed, temperature, truncation): the same four always give
the same image (engine.generate), so the gallery, a restart and an export all agree on what was
rejected. The choice is saved in the run folder (``RunFolder.curation_path``, written atomically)
and survives a restart; files written before truncation existed have no "truncation" field and
read as 0 (off).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import torch

from engine.data.dataset import ImageSet
from engine.errors import Cancelled, UserError
from engine.evaluate.classifier import SmallCNN, load_classifier, predict
from engine.evaluate.memorization import COPY_RMS, is_copy, nearest_real
from engine.generate import BATCH, Generated, generate_seeds
from engine.runs import RunFolder, TrainedModel, run_images
from engine.safe_write import write_json_atomic

# Candidate seeds tried per wanted image before a class is given up as short (the memorisation and
# judge filters): a class whose samples pass less often than one in eight gets what passed.
MAX_TRIES_PER_IMAGE = 8


def _temp_key(temperature: float) -> float:
    """Temperatures are compared at 4 decimals: 0.7 typed twice must be the same key."""
    return round(float(temperature), 4)


def _key(class_name: str, temperature: float, truncation: float | None) -> tuple[str, float, float]:
    """The bucket of rejected seeds: (class, temperature, truncation); None/0 truncation = off."""
    return str(class_name), _temp_key(temperature), _temp_key(truncation or 0.0)


class Curation:
    """The rejected samples of one run.

    Parameters
    ----------
    run_dir : path
        The run folder; :meth:`save` writes the curation file there.
    """

    def __init__(self, run_dir: Path | str):
        self.run_dir = Path(run_dir)
        self._rejected: dict[tuple[str, float, float], set[int]] = {}  # (class, temp, trunc) -> seeds

    @property
    def path(self) -> Path:
        return RunFolder(self.run_dir).curation_path

    @classmethod
    def load(cls, run_dir: Path | str) -> Curation:
        """The saved curation of ``run_dir``, or an empty one if none was saved yet."""
        cur = cls(run_dir)
        if not cur.path.is_file():
            return cur
        try:
            raw = json.loads(cur.path.read_text(encoding="utf-8"))
            for entry in raw.get("rejected", []):
                # "truncation" came later: older files hold rejections made without it (0 = off).
                key = _key(entry["class"], entry["temperature"], entry.get("truncation", 0.0))
                cur._rejected.setdefault(key, set()).update(int(s) for s in entry["seeds"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UserError(f"Cannot read the curation file {cur.path}: {exc}") from exc
        return cur

    def save(self) -> None:
        """Write the curation file atomically (a crash leaves the old or the new file, never half)."""
        entries = [{"class": c, "temperature": t, "truncation": tr, "seeds": sorted(seeds)}
                   for (c, t, tr), seeds in sorted(self._rejected.items()) if seeds]
        write_json_atomic(self.path, {"version": 1, "rejected": entries})

    def rejected_seeds(self, class_name: str, temperature: float, *, truncation: float | None = 0.0
                       ) -> set[int]:
        """Seeds of ``class_name`` rejected at ``temperature`` and ``truncation`` (a copy)."""
        return set(self._rejected.get(_key(class_name, temperature, truncation), ()))

    def is_rejected(self, class_name: str, seed: int, temperature: float, *,
                    truncation: float | None = 0.0) -> bool:
        """Whether the sample (class, seed, temperature, truncation) was rejected."""
        return int(seed) in self._rejected.get(_key(class_name, temperature, truncation), ())

    def set_rejected(self, class_name: str, seeds, temperature: float, rejected: bool = True, *,
                     truncation: float | None = 0.0) -> int:
        """Reject (or restore) ``seeds`` of ``class_name`` made at ``temperature`` and ``truncation``.

        Returns how many changed. ``truncation`` None or 0 means off (the GAN's truncation trick,
        engine.generate.latent_for_seeds): with it on, the same seed is another image.
        """
        bucket = self._rejected.setdefault(_key(class_name, temperature, truncation), set())
        seeds = {int(s) for s in seeds}
        changed = seeds - bucket if rejected else seeds & bucket
        if rejected:
            bucket |= seeds
        else:
            bucket -= seeds
        return len(changed)

    def count(self) -> int:
        """Rejected samples in all classes, temperatures and truncations."""
        return sum(len(s) for s in self._rejected.values())


def training_images(run_dir: Path | str, progress=None, should_stop=None) -> ImageSet:
    """The images the run was trained on (its saved split, loaded with its data settings).

    Used to find the nearest real neighbour of a sample and to flag memorised ones.
    """
    return run_images(run_dir, progress=progress, should_stop=should_stop).seen


def flag_memorized(
    images: torch.Tensor, real: torch.Tensor, threshold: float = COPY_RMS,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """For samples (N, C, H, W) uint8: (is_copy mask (N,), RMS distance (N,), nearest index (N,))."""
    dist, idx = nearest_real(images, real)
    return dist < threshold, dist, idx


class AcceptedSamples:
    """Iterate over batches of accepted samples: ``counts[c]`` of every class c.

    Seeds run upwards from ``start_seed`` in each class. Seeds the curation rejected are skipped
    (without generating them); with ``real_images``, samples that copy a training image are dropped,
    and with a ``judge``, samples it recognises less surely than ``min_confidence``. The next seeds
    replace them, so the counts are met with the same images every time, unless a class's filters
    reject so many that :data:`MAX_TRIES_PER_IMAGE` candidates per wanted image run out: that class
    then keeps what passed and :attr:`short` says how many it lacks (the evaluation's filtered
    variants also take what passes among their candidates, engine.evaluate.pool).

    Attributes
    ----------
    skipped : int
        Seeds passed over because the user rejected them.
    memorized : int
        Samples generated and dropped as near-copies of a training image.
    unconfident : int
        Samples generated and dropped because the judge was not sure enough of their class.
    short : dict[int, int]
        Class index -> images it lacks of its count once its candidates ran out; filled while
        iterating, empty when every count was met.
    """

    def __init__(
        self, model: TrainedModel, counts: list[int], start_seed: int = 0, temperature: float = 1.0,
        curation: Curation | None = None, real_images: torch.Tensor | None = None,
        should_stop: Callable[[], bool] | None = None, *, truncation: float = 0.0,
        judge: SmallCNN | None = None, min_confidence: float = 0.0,
    ):
        self.model, self.counts, self.temperature = model, list(counts), temperature
        self.truncation = truncation
        self.judge, self.min_confidence = judge, min_confidence
        self.start_seed, self.real_images, self.should_stop = start_seed, real_images, should_stop
        names = model.class_names
        self._skip = [curation.rejected_seeds(n, temperature, truncation=truncation) if curation else set()
                      for n in names]
        self.skipped = 0
        self.memorized = 0
        self.unconfident = 0
        self.short: dict[int, int] = {}

    def short_by_name(self) -> dict[str, int]:
        """:attr:`short` by class name, in class order."""
        return {self.model.class_names[c]: n for c, n in sorted(self.short.items())}

    def __iter__(self) -> Iterator[Generated]:
        names = self.model.class_names
        need = list(self.counts)
        next_seed = [self.start_seed] * len(need)
        tried = [0] * len(need)
        while any(need):
            if self.should_stop is not None and self.should_stop():
                raise Cancelled()
            labels, seeds = self._candidates(need, next_seed)
            for c in set(labels):
                tried[c] += labels.count(c)
            batch = generate_seeds(self.model, labels, seeds, self.temperature,
                                   truncation=self.truncation)
            if self.real_images is not None:
                keep = ~is_copy(batch.images, self.real_images)  # (b,)
                self.memorized += int((~keep).sum())
                batch = _select(batch, keep)
            if self.judge is not None and self.min_confidence > 0 and len(batch.seeds):
                probs = predict(self.judge, batch.images)  # (b, K)
                keep = probs.gather(1, batch.labels[:, None]).squeeze(1) >= self.min_confidence
                self.unconfident += int((~keep).sum())
                batch = _select(batch, keep)
            for c, got in enumerate(torch.bincount(batch.labels, minlength=len(need)).tolist()):
                need[c] -= got
                if need[c] and tried[c] >= MAX_TRIES_PER_IMAGE * self.counts[c] + BATCH:
                    self.short[c] = need[c]  # given up: the class keeps what passed
                    logging.getLogger(__name__).warning(
                        "class %s: %d of %d candidates passed the filters, %d short", names[c],
                        self.counts[c] - need[c], tried[c], need[c])
                    need[c] = 0
            if len(batch.seeds):
                yield batch

    def _candidates(self, need: list[int], next_seed: list[int]) -> tuple[list[int], list[int]]:
        """Up to BATCH (label, seed) pairs: for each class, its next ``need`` seeds not rejected."""
        labels: list[int] = []
        seeds: list[int] = []
        for c, n in enumerate(need):
            take = min(n, BATCH - len(labels))
            while take > 0:
                s = next_seed[c]
                next_seed[c] += 1
                if s in self._skip[c]:
                    self.skipped += 1
                    continue
                labels.append(c)
                seeds.append(s)
                take -= 1
            if len(labels) >= BATCH:
                break
        return labels, seeds


def describe_short(short: dict[str, int]) -> str:
    """``3 (4 short), 7 (1 short)``: the classes an export could not fill, for a message."""
    return ", ".join(f"{name} ({n} short)" for name, n in short.items())


def load_judge(model: TrainedModel, min_confidence: float) -> SmallCNN | None:
    """The judge saved by the run's evaluation, when a confidence filter is asked for."""
    if not 0.0 <= min_confidence < 1.0:
        raise UserError(f"--min-confidence must be in [0, 1), not {min_confidence:g}")
    if min_confidence == 0.0:
        return None
    path = model.run.judge_path
    if not path.is_file():
        raise UserError(f"Filtering by confidence needs the judge classifier of an evaluation, and "
                        f"{path} does not exist: evaluate the run first")
    try:
        return load_classifier(path)
    except Exception as exc:  # a damaged file: say which, not a traceback
        raise UserError(f"Cannot read the judge classifier {path}: {exc}") from exc


def _select(batch: Generated, keep: torch.Tensor) -> Generated:
    """The samples of ``batch`` where the boolean mask ``keep`` (b,) is True, seeds included."""
    idx = torch.nonzero(keep).flatten()
    return Generated(batch.images[idx], batch.labels[idx], [batch.seeds[i] for i in idx])
