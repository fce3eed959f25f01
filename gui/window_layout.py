"""The main window's layout between starts: geometry, dock state, every panel splitter, the page.

Kept in QSettings under ``window/``: read when the window is built, written when it closes.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter

from gui.preferences import SETTINGS_APP, SETTINGS_ORG


def splitters(window) -> dict[str, QSplitter]:
    """Every splitter of ``window``'s panels, by a key that stays the same between starts."""
    found = {}
    for panel in window.panels:
        for i, splitter in enumerate(panel.findChildren(QSplitter)):
            found[f"window/splitters/{type(panel).__name__}_{i}"] = splitter
    return found


def restore_layout(window) -> None:
    """Give ``window`` (a MainWindow) the geometry, splitters and page it had when it closed."""
    settings = QSettings(SETTINGS_ORG, SETTINGS_APP)
    geometry = settings.value("window/geometry", QByteArray())
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    state = settings.value("window/state", QByteArray())
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state)
    for key, splitter in splitters(window).items():
        value = settings.value(key, QByteArray())
        if isinstance(value, QByteArray) and not value.isEmpty():
            splitter.restoreState(value)
    page = settings.value("window/page", "", type=str)
    if page in window.PAGES:
        window.show_step(page)


def save_layout(window) -> None:
    """Remember ``window``'s geometry, splitters and page for the next start."""
    settings = QSettings(SETTINGS_ORG, SETTINGS_APP)
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    for key, splitter in splitters(window).items():
        settings.setValue(key, splitter.saveState())
    settings.setValue("window/page", window.current_page())
    settings.sync()
