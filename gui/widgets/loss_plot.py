"""Live training curves: one pyqtgraph curve per metric name, created once, updated with setData."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

# Distinct, colour-blind-friendly pens (Okabe-Ito), cycled by order of first appearance.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"]


class LossPlot(pg.PlotWidget):
    """A plot of named metrics against the training step.

    Metrics arrive as ``(step, {name: value})`` rows; the first row that names a metric creates
    its curve and legend entry, later rows only extend the data.

    Parameters
    ----------
    parent : QWidget, optional
        Qt parent.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, background="w")
        self.setLabel("bottom", "step")
        self.setLabel("left", "loss")
        self.showGrid(x=True, y=True, alpha=0.3)
        self._legend = self.addLegend(offset=(-10, 10))
        self._curves: dict[str, pg.PlotDataItem] = {}
        self._steps: dict[str, list[float]] = {}
        self._values: dict[str, list[float]] = {}

    @property
    def names(self) -> list[str]:
        """The metric names plotted so far, in order of first appearance."""
        return list(self._curves)

    def points(self, name: str) -> int:
        """How many points the curve ``name`` holds."""
        return len(self._steps.get(name, []))

    def append(self, step: int, metrics: dict[str, float]) -> None:
        """Add one row of metrics at ``step``."""
        self.extend([(step, metrics)])

    def extend(self, rows: Iterable[tuple[int, dict[str, float]]]) -> None:
        """Add several rows, then redraw each touched curve once."""
        touched: set[str] = set()
        for step, metrics in rows:
            for name, value in metrics.items():
                if name not in self._curves:
                    self._add_curve(name)
                self._steps[name].append(float(step))
                self._values[name].append(float(value))
                touched.add(name)
        for name in touched:
            self._curves[name].setData(
                np.asarray(self._steps[name]), np.asarray(self._values[name])
            )

    def reset(self) -> None:
        """Remove every curve (a new run begins)."""
        for curve in self._curves.values():
            self.removeItem(curve)
        self._legend.clear()
        self._curves.clear()
        self._steps.clear()
        self._values.clear()

    def _add_curve(self, name: str) -> None:
        color = PALETTE[len(self._curves) % len(PALETTE)]
        self._curves[name] = self.plot([], [], pen=pg.mkPen(color, width=2), name=name)
        self._steps[name] = []
        self._values[name] = []
