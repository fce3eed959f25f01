"""A bar chart of images per class, class names on the axis (pyqtgraph BarGraphItem)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from gui.i18n import RetranslatedOnLanguageChange

MAX_TICK_LABELS = 30  # beyond this, names would overlap: label every k-th bar


class ClassBar(RetranslatedOnLanguageChange, pg.PlotWidget):
    """Images per class as bars, optionally split into training and held-out parts.

    Parameters
    ----------
    parent : QWidget, optional
        Qt parent.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, background="w")
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setMenuEnabled(False)
        self.showGrid(y=True, alpha=0.3)
        self._train = pg.BarGraphItem(x=[], height=[], width=0.7, brush="#0072B2", name="train")
        self._held = pg.BarGraphItem(x=[], height=[], width=0.7, brush="#E69F00", name="held out")
        self.addItem(self._train)
        self.addItem(self._held)
        self._legend = self.addLegend(offset=(-10, 10))
        self.counts: list[int] = []
        self._retranslate()

    def _retranslate(self) -> None:
        self.setLabel("left", self.tr("images"))
        self._legend.clear()
        self._legend.addItem(self._train, self.tr("training"))
        self._legend.addItem(self._held, self.tr("held out"))

    def set_counts(
        self, names: list[str], counts: list[int], held_out: list[int] | None = None
    ) -> None:
        """Draw ``counts`` per class; ``held_out`` (part of each count) is stacked on top."""
        held = held_out or [0] * len(counts)
        train = [c - h for c, h in zip(counts, held, strict=True)]
        x = list(range(len(names)))
        self.counts = list(counts)
        self._train.setOpts(x=x, height=train, y0=[0] * len(x))
        self._held.setOpts(x=x, height=held, y0=train)
        every = max(1, -(-len(names) // MAX_TICK_LABELS))
        ticks = [(i, name) for i, name in enumerate(names) if i % every == 0]
        self.getAxis("bottom").setTicks([ticks])
        self.setXRange(-0.6, max(0, len(names) - 1) + 0.6, padding=0)
        self.setYRange(0, max(counts, default=1) * 1.3, padding=0)  # headroom: the legend sits above the bars
