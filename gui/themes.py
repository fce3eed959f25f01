"""Light, dark or the system's theme: Qt's Fusion style with a palette, and plots to match.

:func:`apply_theme` sets the application's style and palette and recolours every pyqtgraph plot
(background, axes, text) that exists, and the defaults of plots made later. "system" follows the
platform's colour scheme (Qt 6.5+ reports it; light where it cannot tell).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")  # what Preferences offers; "system" resolves to one of the others


@dataclass(frozen=True)
class PlotColors:
    """Colours of a pyqtgraph plot in one theme."""

    background: str  # the plot area
    foreground: str  # axes, ticks, labels


PLOT_COLORS = {
    "light": PlotColors(background="#FFFFFF", foreground="#404040"),
    "dark": PlotColors(background="#1E1F22", foreground="#C8C8C8"),
}


def resolve(theme: str) -> str:
    """``"light"`` or ``"dark"``: ``theme`` itself, or the system's scheme for ``"system"``."""
    if theme in ("light", "dark"):
        return theme
    if theme != "system":
        raise ValueError(f"Unknown theme {theme!r}: choose one of {', '.join(THEMES)}")
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)  # Qt >= 6.5
    if scheme is not None and scheme() == Qt.ColorScheme.Dark:
        return "dark"
    return "light"


def dark_palette() -> QPalette:
    """A dark Fusion palette with readable disabled text and a blue highlight."""
    p = QPalette()
    window, base, text = QColor("#2B2D30"), QColor("#1E1F22"), QColor("#DFE1E5")
    disabled = QColor("#7F8287")
    for role, color in [
        (QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base), (QPalette.ColorRole.AlternateBase, QColor("#26282B")),
        (QPalette.ColorRole.ToolTipBase, QColor("#3C3F41")), (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, disabled), (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, QColor("#3C3F41")), (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor("#FF6B6B")), (QPalette.ColorRole.Link, QColor("#6CA6F8")),
        (QPalette.ColorRole.Highlight, QColor("#2F65CA")),
        (QPalette.ColorRole.HighlightedText, QColor("#FFFFFF")),
        (QPalette.ColorRole.Light, QColor("#4A4D50")), (QPalette.ColorRole.Midlight, QColor("#3F4245")),
        (QPalette.ColorRole.Mid, QColor("#323437")), (QPalette.ColorRole.Dark, QColor("#191A1C")),
        (QPalette.ColorRole.Shadow, QColor("#000000")),
    ]:
        p.setColor(role, color)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, window)
    return p


def light_palette() -> QPalette:
    """Fusion's own light palette."""
    from PySide6.QtWidgets import QStyleFactory

    style = QStyleFactory.create("Fusion")
    return style.standardPalette() if style is not None else QPalette()


def apply_theme(app: QApplication, theme: str) -> str:
    """Use ``theme`` ("system", "light" or "dark") for the whole application; return "light"/"dark".

    The Fusion style draws the same on every platform, so the dark palette looks right everywhere.
    pyqtgraph plots that exist get the theme's background and axis colours now; new ones get them
    from pyqtgraph's defaults.
    """
    import pyqtgraph as pg

    resolved = resolve(theme)
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if resolved == "dark" else light_palette())
    app.setProperty("genaug_theme", resolved)  # widgets that draw their own colours can ask
    colors = PLOT_COLORS[resolved]
    pg.setConfigOption("background", colors.background)
    pg.setConfigOption("foreground", colors.foreground)
    for widget in app.allWidgets():
        if isinstance(widget, pg.PlotWidget):
            recolor_plot(widget, colors)
        elif widget.styleSheet():  # a style sheet keeps the palette it was polished with: re-polish
            widget.setStyleSheet(widget.styleSheet())
    return resolved


def current_theme(app: QApplication | None = None) -> str:
    """The theme applied last (``"light"`` before any)."""
    app = app or QApplication.instance()
    value = app.property("genaug_theme") if app is not None else None
    return value if value in ("light", "dark") else "light"


def recolor_plot(plot, colors: PlotColors) -> None:
    """Give one ``pg.PlotWidget`` the background, axis and label colours of a theme."""
    import pyqtgraph as pg

    plot.setBackground(colors.background)
    item = plot.getPlotItem()
    for name in ("left", "bottom", "right", "top"):
        axis = item.getAxis(name)
        if axis is not None:
            axis.setPen(pg.mkPen(colors.foreground))
            axis.setTextPen(pg.mkPen(colors.foreground))
    legend = item.legend
    if legend is not None:
        legend.setLabelTextColor(colors.foreground)
        for _sample, label in legend.items:  # pyqtgraph stores the colour but draws the old text
            label.setText(label.text, color=colors.foreground)
    title = item.titleLabel
    if title is not None and title.text:
        title.setText(title.text, color=colors.foreground)
