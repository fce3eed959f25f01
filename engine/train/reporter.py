"""Metrics by name ("loss/D", "loss/G", "kl"): one collector averages them and writes the run's CSV."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import torch


class Reporter:
    """Collect scalar metrics between flushes; each flush averages them and appends a CSV row."""

    def __init__(self, csv_path: Path | None = None, extra_columns: tuple[str, ...] = ()):
        self._sums: dict[str, float] = defaultdict(float)
        self._counts: dict[str, int] = defaultdict(int)
        self._csv_path = csv_path
        self._columns: list[str] | None = None
        self._extra = list(extra_columns)  # metrics reported now and then, e.g. every 200 steps
        self.history: list[dict[str, float]] = []
        # Also told of each row: (step, {name: mean}), e.g. TensorBoard's writer.
        self.on_row: Callable[[int, dict[str, float]], None] | None = None

    def report(self, name: str, value: float | torch.Tensor) -> None:
        """Record one value of the metric ``name``.

        Tensors are summed on their device and read back only at :meth:`flush`, so reporting
        does not make the GPU wait every step.
        """
        self._sums[name] += value
        self._counts[name] += 1

    def flush(self, step: int) -> dict[str, float]:
        """Average what was reported since the last flush, log it, and return {name: mean}."""
        means = {k: float(self._sums[k]) / self._counts[k] for k in self._sums if self._counts[k]}
        self._sums.clear()
        self._counts.clear()
        if not means:
            return {}
        row = {"step": step, **means}
        self.history.append(row)
        if self._csv_path is not None:
            self._append_csv(row)
        if self.on_row is not None:
            self.on_row(step, means)
        return means

    def state_dict(self) -> dict:
        """Sums not yet flushed, for checkpoints (a resumed run must log the same means)."""
        return {
            "sums": {k: torch.as_tensor(v) for k, v in self._sums.items()},
            "counts": dict(self._counts),
        }

    def load_state_dict(self, state: dict) -> None:
        self._sums = defaultdict(float, state.get("sums", {}))
        self._counts = defaultdict(int, state.get("counts", {}))

    def truncate_after(self, step: int) -> None:
        """Drop CSV rows logged after ``step`` (written after the checkpoint a run resumes from)."""
        if self._csv_path is None or not self._csv_path.exists():
            return
        with self._csv_path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        if not rows:
            return
        kept = [rows[0]] + [r for r in rows[1:] if r and int(float(r[0])) <= step]
        with self._csv_path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(kept)
        self.history = [h for h in self.history if h["step"] <= step]

    def _append_csv(self, row: dict[str, float]) -> None:
        if self._columns is None:
            self._columns = list(row) + [c for c in self._extra if c not in row]
            new = not self._csv_path.exists() or self._csv_path.stat().st_size == 0
            if not new:
                with self._csv_path.open(newline="", encoding="utf-8") as f:
                    self._columns = next(csv.reader(f), self._columns)
            if new:
                with self._csv_path.open("w", newline="", encoding="utf-8") as f:
                    csv.writer(f).writerow(self._columns)
        with self._csv_path.open("a", newline="", encoding="utf-8") as f:
            csv.writer(f).writerow([row.get(c, "") for c in self._columns])
