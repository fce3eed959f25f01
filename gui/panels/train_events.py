"""The Train step's event log: one time-stamped line per event of the run.

Started or resumed, the faults the trainer recovered from (roll-back, batch halved, checkpoint not
saved), pause, the end, an error. A line given as a function is written again in the new
language when the language changes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QListWidget, QVBoxLayout, QWidget

from engine.runs import files
from gui.i18n import RetranslatedOnLanguageChange

MAX_EVENTS = 500  # lines kept in the event log of one run


class EventLog(RetranslatedOnLanguageChange, QGroupBox):
    """The events of one run, newest at the bottom (the oldest go past :data:`MAX_EVENTS`)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._events: list[tuple[str, str | Callable[[], str]]] = []  # the log's lines, as made
        self.events_list = QListWidget()
        self.events_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.events_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.events_list.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.events_list)
        self.setMaximumHeight(150)
        self._retranslate()

    def _retranslate(self) -> None:
        self.events_list.setToolTip(self.tr("What happened during the run; also written to {file} "
                                            "in the run folder").format(file=files.LOG))
        self.setTitle(self.tr("Events"))
        for row, (stamp, text) in enumerate(self._events):  # the log, in the new language
            item = self.events_list.item(row)
            if item is not None and callable(text):
                item.setText(f"{stamp}   {text()}")

    def add(self, text: str | Callable[[], str]) -> None:
        """Append a time-stamped line; ``text`` may be a function giving it in the current language."""
        stamp = time.strftime("%H:%M:%S")
        self._events.append((stamp, text))
        self.events_list.addItem(f"{stamp}   {text() if callable(text) else text}")
        while self.events_list.count() > MAX_EVENTS:
            self.events_list.takeItem(0)
            self._events.pop(0)
        self.events_list.scrollToBottom()

    def clear(self) -> None:
        """Empty the log (a new run starts)."""
        self.events_list.clear()
        self._events.clear()
