"""The Data step's summary of the loaded dataset: counts, sizes, channels, split, problems, scan.

:class:`DataSummary` is a form of read-only rows (:data:`SUMMARY_ROWS`) followed by the two data
settings the panel gives it (the held-out share and how images fit the training size).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from engine.data import ImageSet
from engine.data.report import imbalance_ratio
from engine.data.sample import SAMPLE_NAME
from gui.i18n import RetranslatedOnLanguageChange, translate

SUMMARY_ROWS = (("images", QT_TRANSLATE_NOOP("DataSummary", "Images")),
                ("classes", QT_TRANSLATE_NOOP("DataSummary", "Classes")),
                ("size", QT_TRANSLATE_NOOP("DataSummary", "Training size")),
                ("channels", QT_TRANSLATE_NOOP("DataSummary", "Channels")),
                ("split", QT_TRANSLATE_NOOP("DataSummary", "Training / held out")),
                ("problems", QT_TRANSLATE_NOOP("DataSummary", "Skipped / converted")),
                ("imbalance", QT_TRANSLATE_NOOP("DataSummary", "Imbalance")),
                ("original", QT_TRANSLATE_NOOP("DataSummary", "Original sizes")),
                ("modes", QT_TRANSLATE_NOOP("DataSummary", "Modes")),
                ("scan", QT_TRANSLATE_NOOP("DataSummary", "Scan")))


class DataSummary(RetranslatedOnLanguageChange, QGroupBox):
    """What the loaded dataset holds, one row per :data:`SUMMARY_ROWS` entry, then the settings.

    Parameters
    ----------
    holdout_spin, resize_widget : QWidget
        The fields of the held-out share and of the resize policy, shown as the last two rows.

    Attributes
    ----------
    labels : dict of str to QLabel
        The value of each summary row, by its key in :data:`SUMMARY_ROWS`.
    """

    def __init__(self, holdout_spin: QWidget, resize_widget: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.labels = {k: QLabel("–") for k, _ in SUMMARY_ROWS}
        self._titles = {key: QLabel() for key, _ in SUMMARY_ROWS + (("holdout", ""), ("resize", ""))}
        form = QFormLayout(self)
        for key, _title in SUMMARY_ROWS:
            self.labels[key].setWordWrap(True)
            form.addRow(self._titles[key], self.labels[key])
        form.addRow(self._titles["holdout"], holdout_spin)
        form.addRow(self._titles["resize"], resize_widget)
        self._retranslate()

    def _retranslate(self) -> None:
        for key, title in SUMMARY_ROWS:
            self._titles[key].setText(translate("DataSummary", title))
        self._titles["holdout"].setText(self.tr("Held-out share"))
        self._titles["resize"].setText(self.tr("Fit to size"))
        self.setTitle(self.tr("Summary"))

    def show_dataset(self, data: ImageSet, counts: list[int], held: list[int]) -> None:
        """Fill the rows for ``data``: ``counts`` images per class, ``held`` of them held out."""
        s, st = self.labels, data.stats
        skipped = sum(p.action != "converted" for p in data.problems)
        s["images"].setText(f"{len(data):,}")
        s["classes"].setText(str(data.num_classes))
        s["size"].setText(self.tr("{size} × {size} px").format(size=data.image_size) + self._size_note(data))
        s["channels"].setText(self.tr("1 (gray)") if data.channels == 1 else self.tr("3 (RGB)"))
        s["split"].setText(f"{len(data) - sum(held):,} / {sum(held):,}")
        s["problems"].setText(f"{skipped:,} / {len(data.problems) - skipped:,}")
        s["imbalance"].setText(self.tr("{ratio} : 1 (largest / smallest class)").format(
            ratio=f"{imbalance_ratio(counts):.1f}"))
        if st.get("common_sizes"):
            common = ", ".join(f"{w}×{h} ({n:,})" for w, h, n in st["common_sizes"][:3])
            lo, hi = st["min_size"], st["max_size"]
            spread = self.tr("; {low} to {high}").format(
                low=f"{lo[0]}×{lo[1]}", high=f"{hi[0]}×{hi[1]}") if lo != hi else ""
            s["original"].setText(common + spread)
            s["modes"].setText(", ".join(f"{m} {n:,}" for m, n in st["modes"].items()))
        else:
            s["original"].setText(self.tr("28 × 28 (the sample)") if data.source == SAMPLE_NAME
                                  else "–")
            s["modes"].setText("L" if data.source == SAMPLE_NAME else "–")
        s["scan"].setText(self.tr("{files} files in {seconds} s, {cached} from the cache").format(
            files=f"{st['files']:,}", seconds=f"{st['seconds']:.1f}", cached=f"{st['from_cache']:,}")
            if "seconds" in st else "–")

    def _size_note(self, data: ImageSet) -> str:
        """Why the training size is what it is, when "automatic" chose it."""
        native = data.stats.get("native_side", 0)
        if data.stats.get("size_rule") != "automatic" or not native:
            return ""
        if native == data.image_size:
            return self.tr(" (automatic: the images' own size)")
        return self.tr(" (automatic: the nearest size the networks support to {size} px)").format(
            size=native)
