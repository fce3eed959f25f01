"""The offline user guide (Help → User guide, F1) and the "What's this?" texts of the metrics.

The guide is Markdown under ``resources/guide/<language>/`` (English in ``en/``, its translation in
``zh_CN/``); a page missing in a language falls back to English. Links between pages stay inside
the dialog; nothing is fetched from the network.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QUrl, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine.paths import resource_path
from gui.i18n import current_language, is_language_change

GUIDE_PAGES = ("index.md", "data.md", "presets.md", "evaluation.md", "shortcuts.md")  # sidebar order
FALLBACK_LANGUAGE = "en"


# "What's this?" (Shift+F1, then click) on the evaluation's figures; the Evaluate panel sets them
# with metric_help(name) on the widgets that show each figure.
METRIC_HELP = {
    "gain": QT_TRANSLATE_NOOP(
        "MetricHelp", "<b>Gain</b>: accuracy of a classifier trained on real + synthetic images minus "
        "that of one trained on real images only, on held-out real images, in percentage points. "
        "Shown as mean ± spread over seeds; a gain within its spread is not called a gain."),
    "interval": QT_TRANSLATE_NOOP(
        "MetricHelp", "<b>± spread</b>: the standard deviation of the figure over the classifier seeds: "
        "how much it moves when only chance changes. More seeds make it smaller."),
    "real_only": QT_TRANSLATE_NOOP(
        "MetricHelp", "<b>Real only</b>: the baseline, a classifier trained on the training split alone."),
    "cas": QT_TRANSLATE_NOOP(
        "MetricHelp", "<b>Synthetic only (CAS)</b>: the classification accuracy score, a classifier "
        "trained on generated images only and tested on real ones. It shows how much of each class "
        "the model has learned."),
    "fid": QT_TRANSLATE_NOOP(
        "MetricHelp", "<b>Fréchet distance</b> between generated and real images on the features of "
        "a classifier trained here (lower is better). Not comparable with FID from other tools."),
    "judge": QT_TRANSLATE_NOOP(
        "MetricHelp", "<b>Judge accuracy</b>: how often a classifier trained on real images sees the "
        "intended class in the generated ones."),
    "memorized": QT_TRANSLATE_NOOP(
        "MetricHelp", "<b>Memorisation</b>: generated images that are near-copies of a training image. "
        "Export can leave them out."),
    "confidence": QT_TRANSLATE_NOOP(
        "MetricHelp", "<b>Judge confidence filter</b>: keeps only the generated images that the judge "
        "classifier gives their class with at least this probability."),
}


def metric_help(name: str) -> str:
    """The "What's this?" text of metric ``name`` (a key of :data:`METRIC_HELP`), translated."""
    return QCoreApplication.translate("MetricHelp", METRIC_HELP[name])


def guide_page(name: str, language: str | None = None) -> Path:
    """The file of guide page ``name`` in ``language`` (the current one), else the English one."""
    language = language or current_language()
    for code in (language, FALLBACK_LANGUAGE):
        path = resource_path("guide", code, name)
        if path.is_file():
            return path
    raise FileNotFoundError(f"The user guide page {name} is missing from {resource_path('guide')}")


def page_title(path: Path) -> str:
    """The first Markdown heading of a page (its file name if it has none)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem


class HelpDialog(QDialog):
    """The user guide: a list of topics beside the page, readable with the keyboard alone.

    Parameters
    ----------
    parent : QWidget, optional
        Qt parent (the main window); the dialog is not modal, so the guide can stay open.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.topics = QListWidget()
        self.topics.setMaximumWidth(260)  # the longest English title without a scroll bar
        self.topics.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # else elided
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # links to other pages open here, web links nowhere
        self.browser.anchorClicked.connect(self._on_link)
        self.topics.currentRowChanged.connect(self._on_topic_changed)
        row = QHBoxLayout()
        row.addWidget(self.topics)
        row.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.resize(900, 640)
        self._retranslate()
        self.topics.setCurrentRow(0)

    @property
    def page(self) -> str:
        """The file name of the page shown (``"index.md"`` ...)."""
        item = self.topics.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else GUIDE_PAGES[0]

    def show_page(self, name: str) -> None:
        """Show guide page ``name`` (one of :data:`GUIDE_PAGES`)."""
        self.topics.setCurrentRow(GUIDE_PAGES.index(name))

    def _retranslate(self) -> None:
        """The title, the topics and the page, in the current language."""
        self.setWindowTitle(self.tr("GenAug Studio user guide"))
        self.topics.setToolTip(self.tr("Topics of the guide"))
        self.browser.setToolTip("")
        row = max(0, self.topics.currentRow())
        self.topics.blockSignals(True)
        self.topics.clear()
        for name in GUIDE_PAGES:
            item = QListWidgetItem(page_title(guide_page(name)))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.topics.addItem(item)
        self.topics.setCurrentRow(row)
        self.topics.blockSignals(False)
        self._on_topic_changed(row)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Show the guide in the new language at once; in a new theme, read the page again (Qt
        gives its links the palette's link colour when the text is parsed)."""
        if is_language_change(event):
            self._retranslate()
        elif event.type() == QEvent.Type.PaletteChange and hasattr(self, "topics"):
            self._on_topic_changed(self.topics.currentRow())
        super().changeEvent(event)

    @Slot(int)
    def _on_topic_changed(self, row: int) -> None:
        if 0 <= row < len(GUIDE_PAGES):
            path = guide_page(GUIDE_PAGES[row])
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))

    @Slot(QUrl)
    def _on_link(self, url: QUrl) -> None:
        name = Path(url.path()).name
        if not url.scheme() and name in GUIDE_PAGES:
            self.show_page(name)


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    dialog = HelpDialog()
    dialog.show()
    sys.exit(app.exec())
