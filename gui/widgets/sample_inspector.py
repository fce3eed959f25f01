"""The gallery's side pane: the selected sample large, its nearest training image, an interpolation."""

from __future__ import annotations

import numpy as np
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

from gui.widgets.image_grid import ImageGrid


class SampleInspector(QWidget):
    """Show one sample beside its nearest real neighbour, and an interpolation strip.

    Signals
    -------
    interpolate_requested(int, int, int)
        Seed A, seed B and the number of steps the user asked to interpolate.
    """

    interpolate_requested = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.sample_view = ImageGrid("Select an image", min_scale=4)
        self.nearest_view = ImageGrid("—", min_scale=4)
        self.sample_label = QLabel()
        self.nearest_label = QLabel()
        self.nearest_label.setWordWrap(True)
        pair = QHBoxLayout()
        for title, view, label in (("Sample", self.sample_view, self.sample_label),
                                   ("Nearest training image", self.nearest_view, self.nearest_label)):
            box = QVBoxLayout()
            heading = QLabel(title)
            heading.setStyleSheet("font-weight: bold")
            box.addWidget(heading)
            box.addWidget(view, 1)
            box.addWidget(label)
            pair.addLayout(box)
        selected = QGroupBox("Selected image")
        selected.setLayout(pair)

        self.seed_a_spin = _seed_spin()
        self.seed_b_spin = _seed_spin()
        self.seed_b_spin.setValue(1)
        self.steps_spin = QSpinBox()
        self.steps_spin.setRange(3, 32)
        self.steps_spin.setValue(9)
        self.steps_spin.setMaximumWidth(80)
        self.interpolate_button = QPushButton("Interpolate")
        self.interpolate_button.setToolTip("Morph seed A's image into seed B's within the shown "
                                           "class (select two images to fill both seeds)")
        self.strip_view = ImageGrid("Pick two seeds and press Interpolate", min_scale=2)
        self.strip_view.setMinimumHeight(48)
        form = QFormLayout()
        seeds = QHBoxLayout()
        seeds.addWidget(QLabel("A"))
        seeds.addWidget(self.seed_a_spin)
        seeds.addWidget(QLabel("B"))
        seeds.addWidget(self.seed_b_spin)
        seeds.addStretch(1)
        form.addRow("Seeds", seeds)
        form.addRow("Steps", self.steps_spin)
        strip_box = QGroupBox("Interpolation")
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

    def show_sample(self, image: np.ndarray | None, seed: int | None = None, rejected: bool = False) -> None:
        """Show the selected (H, W, C) sample, or nothing."""
        self.sample_view.set_array(image)
        self.sample_label.setText("" if seed is None else
                                  f"seed {seed}" + (" · rejected" if rejected else ""))

    def show_nearest(self, image: np.ndarray | None, text: str) -> None:
        """Show the nearest training image (H, W, C) and a line about the distance."""
        self.nearest_view.set_array(image)
        self.nearest_label.setText(text)

    def show_strip(self, strip: np.ndarray | None) -> None:
        """Show an interpolation strip, an (H, W, C) array with the steps side by side."""
        self.strip_view.set_array(strip)


def _seed_spin() -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, 2**31 - 1)
    spin.setMaximumWidth(120)
    return spin
