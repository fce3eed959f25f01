"""Live training curves: one pyqtgraph curve per metric name, created once, updated with setData."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from gui.i18n import RetranslatedOnLanguageChange, translate

# Distinct, colour-blind-friendly pens (Okabe-Ito), cycled by order of first appearance.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"]
# The legend's words for the metric names the models report (engine/models/*.py); a name not
# listed is shown as reported.
CURVE_NAMES = {
    "loss/D": QT_TRANSLATE_NOOP("LossPlot", "loss/D"),
    "loss/G": QT_TRANSLATE_NOOP("LossPlot", "loss/G"),
    "loss/VAE": QT_TRANSLATE_NOOP("LossPlot", "loss/VAE"),
    "mode_seeking": QT_TRANSLATE_NOOP("LossPlot", "mode seeking"),
    "lecam": QT_TRANSLATE_NOOP("LossPlot", "LeCam"),
    "ada_p": QT_TRANSLATE_NOOP("LossPlot", "ADA p"),
    "kl": QT_TRANSLATE_NOOP("LossPlot", "KL"),
    "recon": QT_TRANSLATE_NOOP("LossPlot", "reconstruction"),
}


def curve_name(name: str) -> str:
    """The legend's word for metric ``name``, in the interface language."""
    return translate("LossPlot", CURVE_NAMES[name]) if name in CURVE_NAMES else name


class LossPlot(RetranslatedOnLanguageChange, pg.PlotWidget):
    """A plot of named metrics against the training step.

    Metrics arrive as ``(step, {name: value})`` rows; the first row that names a metric creates
    its curve and legend entry, later rows only extend the data.

    Parameters
    ----------
    parent : QWidget, optional
        Qt parent.
    exclude : tuple of str
        Metric name prefixes left out (the quality metrics have their own plot, :class:`QualityPlot`).
    """

    def __init__(self, parent: QWidget | None = None, exclude: tuple[str, ...] = ("quality/",)):
        super().__init__(parent, background="w")
        self._exclude = exclude
        self.showGrid(x=True, y=True, alpha=0.3)
        self._legend = self.addLegend(offset=(-10, 10))
        self._legend.setBrush(pg.mkBrush(128, 128, 128, 150))  # the names stay legible over the curves
        self._curves: dict[str, pg.PlotDataItem] = {}
        self._steps: dict[str, list[float]] = {}
        self._values: dict[str, list[float]] = {}
        self._retranslate()

    def _retranslate(self) -> None:
        self.setLabel("bottom", self.tr("step"))
        self.setLabel("left", self.tr("loss"))
        self._legend.clear()  # the curves' names again, in the new language
        for name, curve in self._curves.items():
            self._legend.addItem(curve, curve_name(name))

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
                if name.startswith(self._exclude):
                    continue
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
        self._curves[name] = self.plot([], [], pen=pg.mkPen(color, width=2), name=curve_name(name))
        self._steps[name] = []
        self._values[name] = []


class QualityPlot(RetranslatedOnLanguageChange, pg.PlotWidget):
    """The quality curve of a run: Fréchet distance (left axis) and label agreement (right, %).

    Fed the same ``(step, {name: value})`` rows as :class:`LossPlot`; it keeps ``quality/fd`` and
    ``quality/agreement`` and ignores the rest. Both curves are created once and updated with
    ``setData``; values that could not be computed (NaN) leave a gap.

    Parameters
    ----------
    parent : QWidget, optional
        Qt parent.
    """

    FD, AGREEMENT = "quality/fd", "quality/agreement"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, background="w")
        self.setMouseEnabled(x=False, y=False)
        self.setMenuEnabled(False)
        self.hideButtons()
        self.showGrid(x=True, y=True, alpha=0.3)
        self._right = pg.ViewBox()  # agreement has its own scale: a second view box on the right axis
        self._right.setMouseEnabled(x=False, y=False)
        self.scene().addItem(self._right)
        self.getAxis("right").linkToView(self._right)
        self._right.setXLink(self.getPlotItem())
        self._right.setYRange(0, 100, padding=0.05)
        self.getPlotItem().vb.sigResized.connect(self._on_resized)
        self._fd = self.plot([], [], pen=pg.mkPen(PALETTE[0], width=2), symbol="o", symbolSize=5,
                             symbolBrush=PALETTE[0], connect="finite")
        self._agreement = pg.PlotDataItem([], [], pen=pg.mkPen(PALETTE[1], width=2), symbol="s",
                                          symbolSize=5, symbolBrush=PALETTE[1], connect="finite")
        self._right.addItem(self._agreement)
        self._rows: dict[str, tuple[list[float], list[float]]] = {self.FD: ([], []),
                                                                  self.AGREEMENT: ([], [])}
        self._retranslate()

    def _retranslate(self) -> None:
        self.setLabel("bottom", self.tr("step"))
        self.setLabel("left", self.tr("Fréchet distance ↓"), color=PALETTE[0])
        self.setLabel("right", self.tr("label agreement % ↑"), color=PALETTE[1])

    def points(self, name: str) -> int:
        """How many points the curve ``name`` (``"quality/fd"`` or ``"quality/agreement"``) holds."""
        return len(self._rows.get(name, ([], []))[0])

    def extend(self, rows: Iterable[tuple[int, dict[str, float]]]) -> None:
        """Add the quality metrics of several rows, then redraw each touched curve once."""
        touched = set()
        for step, metrics in rows:
            for name in (self.FD, self.AGREEMENT):
                if name in metrics:
                    scale = 100.0 if name == self.AGREEMENT else 1.0  # agreement shown in percent
                    self._rows[name][0].append(float(step))
                    self._rows[name][1].append(scale * float(metrics[name]))
                    touched.add(name)
        for name in touched:
            curve = self._fd if name == self.FD else self._agreement
            curve.setData(np.asarray(self._rows[name][0]), np.asarray(self._rows[name][1]))

    def reset(self) -> None:
        """Empty both curves (a new run begins)."""
        for name, curve in ((self.FD, self._fd), (self.AGREEMENT, self._agreement)):
            self._rows[name] = ([], [])
            curve.setData([], [])

    def _on_resized(self) -> None:
        self._right.setGeometry(self.getPlotItem().vb.sceneBoundingRect())
