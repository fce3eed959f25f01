"""The window's sidebar: the six numbered steps of the workflow, a separator, then Runs.

Each row holds the index of its page in the window's stack (``PAGES``); the separator row holds
none and cannot be selected. :func:`page_title` is the translated name of a page, for the sidebar
and the Go menu.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QFrame, QListWidget, QListWidgetItem, QWidget

STEPS = ["Data", "Model", "Train", "Gallery", "Evaluate", "Export"]  # the numbered workflow
PAGES = STEPS + ["Runs"]  # Runs is not a step: it sits below the steps, after a separator
PAGE_TITLES = {  # the sidebar's words for each page (PAGES are the keys code uses)
    "Data": QT_TRANSLATE_NOOP("StepSidebar", "Data"),
    "Model": QT_TRANSLATE_NOOP("StepSidebar", "Model"),
    "Train": QT_TRANSLATE_NOOP("StepSidebar", "Train"),
    "Gallery": QT_TRANSLATE_NOOP("StepSidebar", "Gallery"),
    "Evaluate": QT_TRANSLATE_NOOP("StepSidebar", "Evaluate"),
    "Export": QT_TRANSLATE_NOOP("StepSidebar", "Export"),
    "Runs": QT_TRANSLATE_NOOP("StepSidebar", "Runs"),
}


def page_title(page: str, numbered: bool = False) -> str:
    """The translated name of ``page``; with its number for a step (``"&3  Train"``)."""
    title = QApplication.translate("StepSidebar", PAGE_TITLES[page])
    if numbered and page in STEPS:
        return f"&{STEPS.index(page) + 1}  {title}"
    return title


class StepSidebar(QListWidget):
    """One row per step, a separator, then Runs; choosing a row emits :attr:`page_selected`."""

    page_selected = Signal(int)  # the index in PAGES of the row chosen

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("StepSidebar")
        for index, page in enumerate(PAGES):
            if page == "Runs":
                self._add_separator()
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, index)  # the page in the stack
            item.setSizeHint(QSize(0, 40))
            self.addItem(item)
        self.setMinimumWidth(150)
        self.setMaximumWidth(220)
        self.setStyleSheet("QListWidget { font-size: 11pt; }")
        self.currentItemChanged.connect(self._on_current_changed)

    def select_page(self, page: str) -> None:
        """Select the row of ``page`` (a name in PAGES)."""
        index = PAGES.index(page)
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == index:
                self.setCurrentRow(row)

    def retranslate(self) -> None:
        """Every row's text and tooltip in the current language."""
        for row in range(self.count()):
            item = self.item(row)
            index = item.data(Qt.ItemDataRole.UserRole)
            if index is None:
                continue
            page = PAGES[int(index)]
            title = page_title(page)
            item.setText(f"{index + 1}   {title}" if page in STEPS else f"     {title}")
            item.setToolTip(self.tr("Step {0}: {1} (Ctrl+{0})").format(index + 1, title) if page in STEPS
                            else self.tr("The runs of the workspace (Ctrl+7)"))
        self.setToolTip(self.tr("The steps, in order; Ctrl+Page Down goes to the next one"))

    def _add_separator(self) -> None:
        item = QListWidgetItem()
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setSizeHint(QSize(0, 17))
        self.addItem(item)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self.setItemWidget(item, line)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_current_changed(self, item: QListWidgetItem | None, _previous=None) -> None:
        index = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if index is not None:
            self.page_selected.emit(int(index))
