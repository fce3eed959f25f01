"""Metrics by name ("loss/D", "loss/G", "kl"): one collector averages them and writes metrics.csv."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path


class Reporter:
    """Collect scalar metrics between flushes; each flush averages them and appends a CSV row."""

    def __init__(self, csv_path: Path | None = None):
        self._sums: dict[str, float] = defaultdict(float)
        self._counts: dict[str, int] = defaultdict(int)
        self._csv_path = csv_path
        self._columns: list[str] | None = None
        self.history: list[dict[str, float]] = []

    def report(self, name: str, value: float) -> None:
        """Record one value of the metric ``name``."""
        self._sums[name] += float(value)
        self._counts[name] += 1

    def flush(self, step: int) -> dict[str, float]:
        """Average what was reported since the last flush, log it, and return {name: mean}."""
        means = {k: self._sums[k] / self._counts[k] for k in self._sums if self._counts[k]}
        self._sums.clear()
        self._counts.clear()
        if not means:
            return {}
        row = {"step": step, **means}
        self.history.append(row)
        if self._csv_path is not None:
            self._append_csv(row)
        return means

    def _append_csv(self, row: dict[str, float]) -> None:
        if self._columns is None:
            self._columns = list(row)
            new = not self._csv_path.exists() or self._csv_path.stat().st_size == 0
            if not new:
                with self._csv_path.open(newline="", encoding="utf-8") as f:
                    self._columns = next(csv.reader(f), self._columns)
            if new:
                with self._csv_path.open("w", newline="", encoding="utf-8") as f:
                    csv.writer(f).writerow(self._columns)
        with self._csv_path.open("a", newline="", encoding="utf-8") as f:
            csv.writer(f).writerow([row.get(c, "") for c in self._columns])
