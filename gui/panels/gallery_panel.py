"""Step 4, Gallery: generate N images of every class from the trained run and look at them."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.generate import generate
from engine.run import load_trained
from engine.train.grid import to_grid_array
from gui.panels.base import Panel, preview
from gui.state import AppState
from gui.widgets.image_grid import ImageGrid

MAX_PER_ROW = 16  # images per line of a class row; more classes' worth wraps
CELL_PIXELS = 64  # about how many screen pixels one generated image gets


class GalleryPanel(Panel):
    """Generate ``N`` samples per class (seed, temperature) and show one row per class.

    Parameters
    ----------
    state : AppState
        The shared state; the panel samples from ``state.trained_run``.
    parent : QWidget, optional
        Qt parent.
    """

    error_title = "Cannot generate"

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.rows: list[tuple[str, ImageGrid]] = []

        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.per_class_spin = QSpinBox()
        self.per_class_spin.setRange(1, 256)
        self.per_class_spin.setValue(8)
        self.per_class_spin.setToolTip("Images to generate for every class")
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setToolTip("Image i of each class uses seed + i: the same seed gives the "
                                  "same images, and asking for more keeps the first ones")
        self.temperature_spin = QDoubleSpinBox()
        self.temperature_spin.setRange(0.05, 3.0)
        self.temperature_spin.setSingleStep(0.1)
        self.temperature_spin.setValue(1.0)
        self.temperature_spin.setToolTip("Scale of the noise: below 1 gives more typical, less "
                                         "varied images; above 1 more varied, more odd ones")
        self.generate_button = QPushButton("Generate")
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(200)
        self.progress_bar.hide()
        controls = QHBoxLayout()
        for title, w in (("Images per class", self.per_class_spin), ("Seed", self.seed_spin),
                         ("Temperature", self.temperature_spin)):
            controls.addWidget(QLabel(title))
            controls.addWidget(w)
            controls.addSpacing(12)
        controls.addWidget(self.generate_button)
        controls.addWidget(self.progress_bar)
        controls.addStretch(1)

        self._rows_widget = QWidget()
        self._rows_layout = QGridLayout(self._rows_widget)
        self._rows_layout.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._rows_layout.setHorizontalSpacing(12)
        self._rows_layout.setColumnStretch(2, 1)  # spare width goes right of the images
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self._rows_widget)

        layout = QVBoxLayout(self)
        layout.addWidget(self.hint_label)
        layout.addLayout(controls)
        layout.addWidget(self.scroll, 1)

        self.generate_button.clicked.connect(self.generate)
        state.run_changed.connect(self._on_run_changed)
        self._on_run_changed()

    @Slot()
    def generate(self) -> None:
        """Sample the trained run on a worker thread, then show the rows."""
        run_dir = self.state.trained_run
        if self.busy or run_dir is None:
            return
        n, seed = self.per_class_spin.value(), self.seed_spin.value()
        temperature = self.temperature_spin.value()

        def job(progress, should_stop) -> tuple[list[tuple[str, np.ndarray]], int]:
            model = load_trained(run_dir)
            made = generate(model, n, seed, temperature, progress, should_stop)
            per_row = min(n, MAX_PER_ROW)
            rows = [(name, to_grid_array(made.images[made.labels == c], per_row))
                    for c, name in enumerate(model.class_names)]
            return rows, model.args.image_size

        self.run_task(job, on_progress=self._on_generate_progress,
                      on_succeeded=lambda result: self.show_rows(*result))

    def show_rows(self, rows: list[tuple[str, np.ndarray]], image_size: int | None = None) -> None:
        """Show one row per class: its name and its grid of images."""
        while self._rows_layout.count():
            item = self._rows_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows = []
        cell = image_size or (rows[0][1].shape[0] if rows else 1)
        scale = max(1, CELL_PIXELS // max(1, cell))
        for r, (name, grid) in enumerate(rows):
            label = QLabel(name)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label.setStyleSheet("font-weight: bold")
            view = ImageGrid()
            view.set_array(grid)
            view.setFixedSize(grid.shape[1] * scale, grid.shape[0] * scale)
            self._rows_layout.addWidget(label, r, 0)
            self._rows_layout.addWidget(view, r, 1)
            self.rows.append((name, view))
        self.status_message.emit(f"Generated images for {len(rows)} classes")

    def set_busy(self, busy: bool) -> None:
        """Disable Generate and show progress while sampling."""
        self.generate_button.setEnabled(not busy and self.state.trained_run is not None)
        self.progress_bar.setVisible(busy)

    def _on_generate_progress(self, report: tuple[int, int]) -> None:
        done, total = report
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)

    @Slot()
    def _on_run_changed(self) -> None:
        run = self.state.trained_run
        enabled = run is not None
        for w in (self.per_class_spin, self.seed_spin, self.temperature_spin):
            w.setEnabled(enabled)
        self.generate_button.setEnabled(enabled and not self.busy)
        self.hint_label.setText(
            f"Samples from the run in {run}." if enabled else
            "Train a model first (step 3, Train): the gallery samples from the last trained run."
        )


if __name__ == "__main__":
    def _demo(state: AppState) -> GalleryPanel:
        panel = GalleryPanel(state)
        rng = np.random.default_rng(0)
        panel.show_rows([(str(c), rng.integers(0, 256, (35, 137, 1), dtype=np.uint8))
                         for c in range(10)], image_size=16)
        return panel

    raise SystemExit(preview(_demo))
