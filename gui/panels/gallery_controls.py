"""The gallery's row of controls: which class, how many images, from which seed, at what noise.

:class:`GalleryControls` holds the fields and buttons that say what to generate (class, count, seed,
temperature, truncation; Generate, Generate more) and the thumbnail zoom; the Gallery panel
(:mod:`gui.panels.gallery_panel`) reads them and runs the generation.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QWidget,
)

from gui.i18n import RetranslatedOnLanguageChange, translate
from gui.widgets.fields import int_spin, truncation_spin
from gui.widgets.thumbnail_view import ThumbnailView

TITLES = (QT_TRANSLATE_NOOP("GalleryControls", "Class"), QT_TRANSLATE_NOOP("GalleryControls", "Count"),
          QT_TRANSLATE_NOOP("GalleryControls", "Seed"), QT_TRANSLATE_NOOP("GalleryControls", "Temperature"),
          QT_TRANSLATE_NOOP("GalleryControls", "Truncation"), QT_TRANSLATE_NOOP("GalleryControls", "Zoom"))


class GalleryControls(RetranslatedOnLanguageChange, QWidget):
    """Class, count, seed, temperature, truncation; Generate, Generate more, progress; zoom."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.class_combo = QComboBox()
        self.class_combo.setMinimumWidth(90)
        self.count_spin = int_spin(1, 100_000, 200, "")
        self.seed_spin = int_spin(0, 2**31 - 1, 0, "")
        self.temperature_spin = QDoubleSpinBox()
        self.temperature_spin.setRange(0.05, 3.0)
        self.temperature_spin.setSingleStep(0.1)
        self.temperature_spin.setValue(1.0)
        self.truncation_spin = truncation_spin()
        self.generate_button = QPushButton()
        self.more_button = QPushButton()
        self.zoom_slider = QSlider(Qt.Orientation.Horizontal)
        self.zoom_slider.setRange(ThumbnailView.MIN_ZOOM, ThumbnailView.MAX_ZOOM)
        self.zoom_slider.setValue(64)
        self.zoom_slider.setMaximumWidth(140)
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(160)
        self.progress_bar.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self._titles: list[tuple[QLabel, str]] = []  # control labels with their source text
        fields = (self.class_combo, self.count_spin, self.seed_spin, self.temperature_spin,
                  self.truncation_spin, self.zoom_slider)
        for title, field in zip(TITLES, fields, strict=True):
            label = QLabel()
            label.setBuddy(field)
            self._titles.append((label, title))
            if field is self.zoom_slider:  # the buttons, then the zoom at the far right
                for w in (self.generate_button, self.more_button, self.progress_bar):
                    row.addWidget(w)
                row.addStretch(1)
            row.addWidget(label)
            row.addWidget(field)
            if field is not self.zoom_slider:
                row.addSpacing(8)
        self._retranslate()

    def _retranslate(self) -> None:
        for label, title in self._titles:
            label.setText(translate("GalleryControls", title))
        self.class_combo.setToolTip(self.tr("The class whose images are shown"))
        self.count_spin.setToolTip(self.tr("Images to generate (Generate replaces the shown ones, "
                                           "Generate more adds this many after them)"))
        self.seed_spin.setToolTip(self.tr("Image i uses seed + i: the same seed gives the same "
                                          "image, in the gallery and in the export"))
        self.temperature_spin.setToolTip(self.tr("Scale of the noise: below 1 gives more typical, "
                                                 "less varied images; above 1 more varied ones"))
        self.generate_button.setText(self.tr("Generate"))
        self.generate_button.setToolTip(self.tr("Replace the shown images with new ones of the "
                                                "class, from the seed"))
        self.more_button.setText(self.tr("Generate more"))
        self.more_button.setToolTip(self.tr("Add as many images again, after the last seed shown"))
        self.zoom_slider.setToolTip(self.tr("Thumbnail size (also Ctrl + mouse wheel)"))
        self.progress_bar.setToolTip(self.tr("Images generated so far"))
