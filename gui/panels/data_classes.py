"""The Data step's classes: images per class as a table and as bars, with the held-out part."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QWidget

from gui.i18n import RetranslatedOnLanguageChange
from gui.widgets.class_bar import ClassBar
from gui.widgets.tables import make_table, set_row


class ClassCounts(RetranslatedOnLanguageChange, QGroupBox):
    """A table (class, images, training, held out) beside a bar chart of the same counts."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.class_table = make_table(["", "", "", ""])
        self.class_bar = ClassBar()
        self.class_bar.setMinimumHeight(200)
        row = QHBoxLayout(self)
        row.addWidget(self.class_table, 2)
        row.addWidget(self.class_bar, 3)
        self._retranslate()

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Classes"))
        self.class_table.setHorizontalHeaderLabels(
            [self.tr("Class"), self.tr("Images"), self.tr("Training"), self.tr("Held out")])
        self.class_table.setToolTip(self.tr("Images per class, and how many of them are held out "
                                            "for Evaluate"))
        self.class_bar.setToolTip(self.tr("Images per class: training part and held-out part"))

    def show_counts(self, names: list[str], counts: list[int], held: list[int]) -> None:
        """``counts`` images per class of ``names``, ``held`` of them held out."""
        self.class_table.setRowCount(len(counts))
        for r, (name, n, h) in enumerate(zip(names, counts, held, strict=True)):
            set_row(self.class_table, r, [name, n, n - h, h])
        self.class_bar.set_counts(names, counts, held)
