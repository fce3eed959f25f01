"""The dataset card an export writes beside the images: where the data came from, how it was made."""

from __future__ import annotations

import time
from pathlib import Path

from engine import __version__
from engine.runs import RunFolder, TrainedModel


def evaluation_verdict(run_dir: Path) -> dict | None:
    """The verdict of the run's saved evaluation report, or None when it was not evaluated.

    Quoted in the dataset card with its confidence interval, how the interval was made, and how
    choices and test images were kept apart (an older report without them quotes None there).
    """
    found = RunFolder(run_dir).read_evaluation(include_old=True)
    if found is None:
        return None
    path, report = found
    verdict = report.get("verdict")
    quoted = verdict if isinstance(verdict, dict) else {}
    discipline = report.get("discipline") if isinstance(report.get("discipline"), dict) else {}
    return {"report": str(path), "verdict": verdict, "text": quoted.get("text"),
            "interval": quoted.get("interval"), "level": quoted.get("level"),
            "method": quoted.get("method"), "recommendation": report.get("recommendation"),
            "validation": (discipline.get("validation") or {}).get("reason"),
            "test": discipline.get("test")}


def count_per_class(class_names: list[str], rows: list[list], moved: bool) -> dict[str, dict[str, int]]:
    """``{class: {"real": n, "synthetic": m}}`` counted from the manifest rows (``[file, class,
    kind, ...]``), with ``"moved"`` too when the export wrote moved copies."""
    kinds = ("real", "synthetic", "moved") if moved else ("real", "synthetic")
    per_class = {name: dict.fromkeys(kinds, 0) for name in class_names}
    for row in rows:
        per_class[row[1]][row[2]] += 1
    return per_class


def dataset_card(
    model: TrainedModel, source: str, request: dict, per_class: dict[str, dict[str, int]],
    stats: dict, moves: dict | None = None,
) -> dict:
    """The ``dataset_card.json`` contents: where the data came from and how it was made.

    Parameters
    ----------
    model : TrainedModel
        The run the synthetic images came from.
    source : str
        The real dataset folder (or ``"sample"``).
    request : dict
        The export settings (mode, counts, seed, temperature, ...).
    per_class : dict
        ``{class: {"real": n, "synthetic": m}}``, and ``"moved"`` when moved copies were written.
    stats : dict
        Curation and filter figures: rejected seeds skipped, memorised and unconfident samples
        dropped, and ``short``: the classes the filters could not fill, with how many they lack.
    moves : dict, optional
        The classical augmentation of the moved copies (:meth:`ClassicalAugment.to_dict`), if any.
    """
    counts = {c: {**n, "total": sum(n.values())} for c, n in per_class.items()}
    kinds = [*next(iter(per_class.values()), {"real": 0, "synthetic": 0}), "total"]
    return {
        "format": "genaug-dataset-card/1",
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "app": "GenAug Studio", "app_version": __version__,
        "source": source,
        "export": request,
        "counts_per_class": counts,
        "totals": {k: sum(n[k] for n in counts.values()) for k in kinds},
        "moved_copies": moves,
        "model": {"name": model.name, "run": str(model.run_dir), "checkpoint_step": model.step,
                  "args": model.args.to_dict()},
        "config": model.config.to_dict(),
        "curation": stats,
        "evaluation": evaluation_verdict(model.run_dir),
    }
