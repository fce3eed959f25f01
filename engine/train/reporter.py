"""Metrics by name ("loss/D", "loss/G", "kl"): one collector averages them and writes the run's CSV.

Reporting never makes the host wait for the device: values stay tensors, summed where they were
computed; :meth:`Reporter.flush` closes a row of sums (still on the device) every ``log_every``
steps, and :meth:`Reporter.drain` reads every closed row back at once, a few times a second. The
rows, and so ``metrics.csv``, are the same whenever they are read.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import torch


class Reporter:
    """Collect scalar metrics between flushes; each drained row is averaged and appended to the CSV."""

    def __init__(self, csv_path: Path | None = None, extra_columns: tuple[str, ...] = ()):
        self._sums: dict[str, float | torch.Tensor] = defaultdict(float)
        self._counts: dict[str, int] = defaultdict(int)
        self._closed: list[tuple[int, dict, dict]] = []  # rows flushed, not yet read back
        self._csv_path = csv_path
        self._columns: list[str] | None = None
        self._extra = list(extra_columns)  # metrics reported now and then, e.g. every 200 steps
        self.history: list[dict[str, float]] = []
        # Also told of each row: (step, {name: mean}), e.g. TensorBoard's writer.
        self.on_row: Callable[[int, dict[str, float]], None] | None = None

    def report(self, name: str, value: float | torch.Tensor) -> None:
        """Record one value of the metric ``name``.

        Tensors are summed on their device (in fp32, whatever the autocast dtype) and read back
        only at :meth:`drain`, so reporting does not make the GPU wait every step.
        """
        if isinstance(value, torch.Tensor):
            value = value.detach().float()
        self._sums[name] += value
        self._counts[name] += 1

    def flush(self, step: int) -> None:
        """Close the row of ``step``: what was reported since the last flush (no device sync)."""
        if self._counts:
            self._closed.append((step, dict(self._sums), dict(self._counts)))
        self._sums.clear()
        self._counts.clear()

    @property
    def pending(self) -> int:
        """Rows flushed but not yet drained."""
        return len(self._closed)

    def drain(self) -> list[dict[str, float]]:
        """Read every closed row back (one device sync), log them; return them as {name: mean}.

        Each returned dict also holds ``"step"``.
        """
        if not self._closed:
            return []
        tensors = [v for _, sums, _ in self._closed for v in sums.values()
                   if isinstance(v, torch.Tensor)]
        host = iter(torch.stack([t.double() for t in tensors]).tolist() if tensors else [])
        rows = []
        for step, sums, counts in self._closed:
            means = {k: (next(host) if isinstance(v, torch.Tensor) else float(v)) / counts[k]
                     for k, v in sums.items()}
            rows.append({"step": step, **means})
        self._closed.clear()
        for row in rows:
            self.history.append(row)
            if self._csv_path is not None:
                self._append_csv(row)
            if self.on_row is not None:
                self.on_row(row["step"], {k: v for k, v in row.items() if k != "step"})
        return rows

    def state_dict(self) -> dict:
        """Sums not yet flushed, for checkpoints (a resumed run must log the same means).

        Closed rows must be drained first: they belong to the CSV, which the checkpoint follows.
        """
        if self._closed:
            raise RuntimeError("Reporter.state_dict with rows not yet drained")
        return {
            "sums": {k: torch.as_tensor(v).cpu() for k, v in self._sums.items()},
            "counts": dict(self._counts),
        }

    def load_state_dict(self, state: dict) -> None:
        """Back to a checkpoint's sums; rows closed since (not yet drained) are dropped."""
        self._closed.clear()
        self._sums = defaultdict(float, state.get("sums", {}))
        self._counts = defaultdict(int, state.get("counts", {}))

    def truncate_after(self, step: int) -> None:
        """Drop CSV rows logged after ``step`` (written after the checkpoint a run resumes from)."""
        self._closed = [r for r in self._closed if r[0] <= step]
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
