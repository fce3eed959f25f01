"""Test accuracy of the five training recipes as horizontal bars with interval error bars (pyqtgraph)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QWidget

from gui.i18n import is_language_change

REAL_COLOR = "#7F7F7F"  # the baseline arms (no synthetic data) in grey
SYNTH_COLOR = "#0072B2"  # arms with synthetic data in blue (Okabe-Ito)
SYNTH_ONLY_COLOR = "#CC79A7"  # synthetic only (CAS): a different question, a different colour
BAR_HEIGHT = 0.6  # of the distance between bars
MAX_LABEL_SHARE = 0.6  # the value labels never take more of a narrow plot's width than this


class PercentAxis(pg.AxisItem):
    """An axis of percentages that leaves ticks past 100 blank (that room holds the value labels)."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        """pyqtgraph's labels, blank above 100 %."""
        strings = super().tickStrings(values, scale, spacing)
        return [s if v * scale <= 100.0 + 1e-9 else "" for v, s in zip(values, strings, strict=True)]


class AccuracyChart(pg.PlotWidget):
    """One horizontal bar per training recipe: mean accuracy in percent, its interval as an error bar.

    The first bar is the baseline; a dashed line marks its mean so every other bar reads as a
    gain or a loss against it. Bars run top to bottom in the order given.

    Parameters
    ----------
    parent : QWidget, optional
        Qt parent.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, background="w", axisItems={"bottom": PercentAxis("bottom")})
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setMenuEnabled(False)
        self.showGrid(x=True, alpha=0.3)
        self.getAxis("left").setStyle(tickLength=0)
        self._bars = pg.BarGraphItem(x0=[], y=[], width=[], height=BAR_HEIGHT, pen=pg.mkPen(None),
                                     brush=REAL_COLOR)
        self._errors = pg.ErrorBarItem(x=np.zeros(0), y=np.zeros(0), beam=0.25,
                                       pen=pg.mkPen(self._ink(), width=1.5))
        self._baseline = pg.InfiniteLine(angle=90, movable=False,
                                         pen=pg.mkPen(self._ink(), width=1, style=Qt.PenStyle.DashLine))
        self._baseline.hide()
        for item in (self._bars, self._errors, self._baseline):
            self.addItem(item)
        self._texts: list[pg.TextItem] = []
        self.means: list[float] = []  # percent, as drawn
        self.lows: list[float] = []  # percent: each bar's interval, the error bar's ends
        self.highs: list[float] = []
        self._span = (0.0, 100.0)  # the x range the bars need; _fit_x adds room for the labels
        self.getViewBox().sigResized.connect(self._fit_x)
        self._retranslate()
        self._recolor()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Re-set the axis title when the language changes (the owner re-sets the bar names), and
        the ink of the values, error bars and baseline when the theme (palette) changes."""
        if is_language_change(event):
            self._retranslate()
        elif event.type() == QEvent.Type.PaletteChange and hasattr(self, "_errors"):  # not mid-__init__
            self._recolor()
        super().changeEvent(event)

    def _ink(self) -> QColor:
        """The colour of text and lines on the plot: the theme's text colour, strong."""
        return self.palette().color(QPalette.ColorRole.WindowText)

    def _recolor(self) -> None:
        ink = self._ink()
        self._errors.setData(pen=pg.mkPen(ink, width=1.5))
        self._baseline.setPen(pg.mkPen(ink, width=1, style=Qt.PenStyle.DashLine))
        for text in self._texts:
            text.setColor(ink)
        for side in ("left", "bottom"):
            self.getAxis(side).setTextPen(ink)  # the recipe names must read at a glance

    def _retranslate(self) -> None:
        self.setLabel("bottom", self.tr("accuracy on held-out real images (%)"))

    @property
    def bar_count(self) -> int:
        """How many bars are drawn."""
        return len(self.means)

    def set_accuracies(self, labels: list[str], means: list[float], intervals: list[list[float]],
                       keys: list[str] | None = None) -> None:
        """Draw one bar per recipe.

        Parameters
        ----------
        labels : list of str
            Bar names, top to bottom (the first is the baseline).
        means : list of float
            Accuracy, as fractions in [0, 1].
        intervals : list of [low, high]
            Each accuracy's confidence interval, fractions; drawn as the error bar.
        keys : list of str, optional
            Recipe keys (``"real"``, ``"synth"``...): they choose each bar's colour.
        """
        keys = keys or [""] * len(labels)
        self.means = [100.0 * float(m) for m in means]
        self.lows, self.highs = [], []
        for m, ci in zip(self.means, intervals, strict=True):
            low, high = (list(ci or []) + [None, None])[:2]  # a missing end draws no bar on that side
            self.lows.append(min(_percent(low, m), m))
            self.highs.append(max(_percent(high, m), m))
        n = len(self.means)
        y = np.arange(n, dtype=float)[::-1]  # the first recipe at the top
        means_arr = np.asarray(self.means)
        colours = {"brushes": [pg.mkBrush(_color(k)) for k in keys]} if n else {}  # [] trips pyqtgraph
        self._bars.setOpts(x0=np.zeros(n), y=y, width=means_arr, height=BAR_HEIGHT, **colours)
        self._errors.setData(x=means_arr, y=y, left=means_arr - np.asarray(self.lows),
                             right=np.asarray(self.highs) - means_arr)
        axis = self.getAxis("left")
        axis.setTicks([[(float(y[i]), labels[i]) for i in range(n)]])
        metrics = QFontMetrics(axis.font())  # size the axis for its longest name: pyqtgraph only
        axis.setWidth(max((metrics.horizontalAdvance(t) for t in labels), default=20) + 14)  # grows late
        for text in self._texts:
            self.removeItem(text)
        self._texts = []
        low, high = _x_range(self.lows, self.highs)
        for i in range(n):
            text = pg.TextItem(f"{self.means[i]:.1f} [{self.lows[i]:.1f}, {self.highs[i]:.1f}]",
                               color=self._ink(),
                               anchor=(0, 0.5))
            text.setFont(_bold_font())
            text.setPos(min(self.highs[i], high), float(y[i]))
            self.addItem(text)
            self._texts.append(text)
        if n:
            self._baseline.setValue(self.means[0])
            self._baseline.show()
        else:
            self._baseline.hide()
        self._span = (low, high)
        self._fit_x()
        self.setYRange(-0.6, max(0, n - 1) + 0.6, padding=0)

    def _fit_x(self, *_args) -> None:
        """The bars' x range plus room on the right for the widest value label, measured in pixels
        (the plot is narrower when the recipe names are longer, as in English)."""
        low, high = self._span
        width = self.getViewBox().width()
        label = max((QFontMetrics(_bold_font()).horizontalAdvance(t.toPlainText()) for t in self._texts),
                    default=0) + 16  # the text item's margins
        share = min(label / width, MAX_LABEL_SHARE) if width > 0 else 0.31  # of the plot's width
        self.setXRange(low, high + (high - low) * share / (1.0 - share), padding=0)

    def clear_chart(self) -> None:
        """Remove every bar (no report)."""
        self.set_accuracies([], [], [])


def _percent(x, default: float) -> float:
    """A fraction as percent, or ``default`` when it is missing or not finite."""
    return 100.0 * float(x) if x is not None and math.isfinite(float(x)) else default


def _color(key: str) -> str:
    if key == "synth":
        return SYNTH_ONLY_COLOR
    return SYNTH_COLOR if "synth" in key else REAL_COLOR


def _x_range(lows: list[float], highs: list[float]) -> tuple[float, float]:
    """An axis from a round number below the lowest bar (not 0, so gains of a point show) to the top."""
    if not lows:
        return 0.0, 100.0
    lowest, highest = min(lows), max(highs)
    low = max(0.0, math.floor((lowest - 5.0) / 10.0) * 10.0)
    return low, max(highest, low + 1.0)


def _bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font
