"""The gallery's side pane: the selected sample large, its nearest training image, an interpolation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.data.dataset import ImageSet
from engine.evaluate.memorization import COPY_RMS, nearest_real
from gui.i18n import RetranslatedOnLanguageChange
from gui.widgets.image_grid import ImageGrid


class SampleInspector(RetranslatedOnLanguageChange, QWidget):
    """Show one sample beside its nearest real neighbour, and an interpolation strip.

    Signals
    -------
    interpolate_requested(int, int, int)
        Seed A, seed B and the number of steps the user asked to interpolate.
    """

    interpolate_requested = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._sample: tuple[int, bool] | None = None  # (seed, rejected) of the sample shown
        self.sample_view = ImageGrid("", min_scale=4)
        self.nearest_view = ImageGrid("—", min_scale=4)
        self.sample_label = QLabel()
        self.nearest_label = QLabel()
        self.nearest_label.setWordWrap(True)
        self.sample_heading, self.nearest_heading = QLabel(), QLabel()
        pair = QHBoxLayout()
        for heading, view, label in ((self.sample_heading, self.sample_view, self.sample_label),
                                     (self.nearest_heading, self.nearest_view, self.nearest_label)):
            box = QVBoxLayout()
            heading.setStyleSheet("font-weight: bold")
            box.addWidget(heading)
            box.addWidget(view, 1)
            box.addWidget(label)
            pair.addLayout(box)
        self.selected_box = selected = QGroupBox()
        selected.setLayout(pair)

        self.seed_a_spin = _seed_spin()
        self.seed_b_spin = _seed_spin()
        self.seed_b_spin.setValue(1)
        self.steps_spin = QSpinBox()
        self.steps_spin.setRange(3, 32)
        self.steps_spin.setValue(9)
        self.steps_spin.setMaximumWidth(80)
        self.interpolate_button = QPushButton()
        self.strip_view = ImageGrid("", min_scale=2)
        self.strip_view.setMinimumHeight(48)
        form = QFormLayout()
        seeds = QHBoxLayout()
        seeds.addWidget(QLabel("A"))
        seeds.addWidget(self.seed_a_spin)
        seeds.addWidget(QLabel("B"))
        seeds.addWidget(self.seed_b_spin)
        seeds.addStretch(1)
        self.seeds_title, self.steps_title = QLabel(), QLabel()
        form.addRow(self.seeds_title, seeds)
        form.addRow(self.steps_title, self.steps_spin)
        self.strip_box = strip_box = QGroupBox()
        strip_layout = QVBoxLayout(strip_box)
        strip_layout.addLayout(form)
        strip_layout.addWidget(self.interpolate_button, 0, Qt.AlignmentFlag.AlignLeft)
        strip_layout.addWidget(self.strip_view, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(selected, 3)
        layout.addWidget(strip_box, 2)
        self.interpolate_button.clicked.connect(
            lambda: self.interpolate_requested.emit(self.seed_a_spin.value(), self.seed_b_spin.value(),
                                                    self.steps_spin.value()))
        self._retranslate()

    def _retranslate(self) -> None:
        self.sample_view.set_placeholder(self.tr("Select an image"))
        self.sample_view.setToolTip(self.tr("The selected generated image, enlarged"))
        self.nearest_view.setToolTip(self.tr("The training image closest to it in pixels: a copy "
                                             "would look the same"))
        self.sample_heading.setText(self.tr("Sample"))
        self.nearest_heading.setText(self.tr("Nearest training image"))
        self.selected_box.setTitle(self.tr("Selected image"))
        self.seed_a_spin.setToolTip(self.tr("Seed of the first image of the morph"))
        self.seed_b_spin.setToolTip(self.tr("Seed of the last image of the morph"))
        self.steps_spin.setToolTip(self.tr("Images in the morph, both ends included"))
        self.interpolate_button.setText(self.tr("Interpolate"))
        self.interpolate_button.setToolTip(self.tr("Morph seed A's image into seed B's within the "
                                                   "shown class (select two images to fill both "
                                                   "seeds)"))
        self.strip_view.set_placeholder(self.tr("Pick two seeds and press Interpolate"))
        self.strip_view.setToolTip(self.tr("The morph from seed A (left) to seed B (right)"))
        self.seeds_title.setText(self.tr("Seeds"))
        self.steps_title.setText(self.tr("Steps"))
        self.strip_box.setTitle(self.tr("Interpolation"))
        self._show_sample_label()

    def show_sample(self, image: np.ndarray | None, seed: int | None = None, rejected: bool = False) -> None:
        """Show the selected (H, W, C) sample, or nothing."""
        self.sample_view.set_array(image)
        self._sample = None if seed is None else (seed, rejected)
        self._show_sample_label()

    def _show_sample_label(self) -> None:
        if self._sample is None:
            self.sample_label.setText("")
            return
        seed, rejected = self._sample
        self.sample_label.setText(self.tr("seed {seed} · rejected").format(seed=seed) if rejected
                                  else self.tr("seed {seed}").format(seed=seed))

    def show_nearest(self, image: np.ndarray | None, text: str) -> None:
        """Show the nearest training image (H, W, C) and a line about the distance."""
        self.nearest_view.set_array(image)
        self.nearest_label.setText(text)

    def show_nearest_of(self, sample: np.ndarray, train: ImageSet | None) -> None:
        """Find the training image of ``train`` nearest to ``sample`` (H, W, C) and show it, with
        its distance and whether that makes the sample a copy (:data:`COPY_RMS`)."""
        if train is None:
            self.show_nearest(None, self.tr("Training images not loaded"))
            return
        batch = torch.from_numpy(sample[None]).permute(0, 3, 1, 2)  # (1, C, H, W)
        dist, idx = nearest_real(batch, train.images)
        i = int(idx[0])
        real = train.images[i].permute(1, 2, 0).numpy()  # (H, W, C)
        where = (Path(train.files[i]).name if train.files[i] else
                 self.tr("sample #{index}").format(index=i))
        cls = train.class_names[int(train.labels[i])]
        text = (self.tr("{file}, class {name}\nRMS distance {distance}: a copy")
                if float(dist[0]) < COPY_RMS else
                self.tr("{file}, class {name}\nRMS distance {distance}: not a copy"))
        self.show_nearest(real, text.format(file=where, name=cls, distance=f"{float(dist[0]):.3f}"))

    def show_strip(self, strip: np.ndarray | None) -> None:
        """Show an interpolation strip, an (H, W, C) array with the steps side by side."""
        self.strip_view.set_array(strip)


def _seed_spin() -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, 2**31 - 1)
    spin.setMaximumWidth(120)
    return spin
