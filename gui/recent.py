"""Recently used datasets and projects, newest first, kept in QSettings."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from gui.preferences import SETTINGS_APP, SETTINGS_ORG

MAX_RECENT = 8  # entries per list: what fits in a menu without scrolling
RECENT_DATASETS = "data/recent_folders"  # the key of the dataset folders loaded (Data panel, File menu)


class RecentList:
    """One list of recent paths.

    Parameters
    ----------
    key : str
        The QSettings key (:data:`RECENT_DATASETS` for datasets, ``recent/projects`` for projects).
    limit : int
        How many are kept.
    """

    def __init__(self, key: str, limit: int = MAX_RECENT):
        self.key = key
        self.limit = limit

    def paths(self) -> list[str]:
        """The paths, newest first."""
        value = QSettings(SETTINGS_ORG, SETTINGS_APP).value(self.key, [])
        if isinstance(value, str):  # QSettings returns a lone entry as a string
            value = [value]
        return [str(v) for v in (value or []) if v]

    def add(self, path: str) -> None:
        """Put ``path`` first (moved there if it was already listed)."""
        items = [path] + [p for p in self.paths() if p != path]
        self._write(items[: self.limit])

    def remove(self, path: str) -> None:
        """Forget ``path`` (a folder or file that is gone)."""
        self._write([p for p in self.paths() if p != path])

    def clear(self) -> None:
        """Forget every entry."""
        self._write([])

    def _write(self, items: list[str]) -> None:
        settings = QSettings(SETTINGS_ORG, SETTINGS_APP)
        settings.setValue(self.key, items)
        settings.sync()
