"""Step 4, Gallery: look at what the trained run makes, class by class, and reject the bad ones.

The images of the shown class live in a :class:`~gui.widgets.thumbnail_view.ThumbnailView` (one
model, lazily drawn thumbnails: smooth with tens of thousands). Rejections are saved at once in the
run folder (engine.export.curation), so they survive a restart and the export skips them.
Beside the grid: the selected sample with its nearest training image, and an interpolation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.data.dataset import ImageSet
from engine.evaluate.memorization import COPY_RMS, nearest_real
from engine.export.curation import Curation, flag_memorized, training_images
from engine.generate import generate_seeds, interpolate
from engine.runs import RunFolder, TrainedModel, load_trained, run_model_name
from engine.train.grid import to_grid_array
from gui.i18n import translate
from gui.panels.base import Panel, preview
from gui.state import AppState
from gui.widgets.fields import int_spin, offer_truncation, truncation_spin
from gui.widgets.sample_inspector import SampleInspector
from gui.widgets.thumbnail_view import ThumbnailView


@dataclass
class _Shown:
    """The samples of one class currently in the gallery."""

    images: np.ndarray  # (N, H, W, C) uint8
    seeds: list[int]
    temperature: float
    truncation: float  # 0 = off; with the temperature, names the images (and their rejections)


class GalleryPanel(Panel):
    """Generate samples of one class at a time, inspect them, reject or restore them.

    Parameters
    ----------
    state : AppState
        The shared state; the panel samples from ``state.trained_run``.
    parent : QWidget, optional
        Qt parent.
    """

    error_title = QT_TRANSLATE_NOOP("Panel", "Gallery")

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.model: TrainedModel | None = None  # loaded on a worker thread, used there only
        self.train: ImageSet | None = None  # the run's training images (nearest neighbours)
        self.curation: Curation | None = None
        self.shown: dict[int, _Shown] = {}

        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.class_combo = QComboBox()
        self.class_combo.setMinimumWidth(90)
        self.count_spin = int_spin(1, 100_000, 200, "")
        self.seed_spin = int_spin(0, 2**31 - 1, 0, "")
        self.temperature_spin = QDoubleSpinBox()
        self.temperature_spin.setRange(0.05, 3.0)
        self.temperature_spin.setSingleStep(0.1)
        self.temperature_spin.setValue(1.0)
        self.truncation_spin = truncation_spin()
        self.is_gan = False  # the run is a GAN: only then is truncation offered
        self.generate_button = QPushButton()
        self.more_button = QPushButton()
        self.zoom_slider = QSlider(Qt.Orientation.Horizontal)
        self.zoom_slider.setRange(ThumbnailView.MIN_ZOOM, ThumbnailView.MAX_ZOOM)
        self.zoom_slider.setValue(64)
        self.zoom_slider.setMaximumWidth(140)
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(160)
        self.progress_bar.hide()
        controls = QHBoxLayout()
        self._titles: list[tuple[QLabel, str]] = []  # control labels with their source text
        for title, w in ((QT_TRANSLATE_NOOP("GalleryPanel", "Class"), self.class_combo),
                         (QT_TRANSLATE_NOOP("GalleryPanel", "Count"), self.count_spin),
                         (QT_TRANSLATE_NOOP("GalleryPanel", "Seed"), self.seed_spin),
                         (QT_TRANSLATE_NOOP("GalleryPanel", "Temperature"), self.temperature_spin),
                         (QT_TRANSLATE_NOOP("GalleryPanel", "Truncation"), self.truncation_spin),
                         (QT_TRANSLATE_NOOP("GalleryPanel", "Zoom"), self.zoom_slider)):
            label = QLabel()
            label.setBuddy(w)
            self._titles.append((label, title))
            if w is self.zoom_slider:
                controls.addWidget(self.generate_button)
                controls.addWidget(self.more_button)
                controls.addWidget(self.progress_bar)
                controls.addStretch(1)
            controls.addWidget(label)
            controls.addWidget(w)
            if w is self.zoom_slider:
                break
            controls.addSpacing(8)

        self.reject_button = QPushButton()
        self.restore_button = QPushButton()
        self.memorized_button = QPushButton()
        self.count_label = QLabel()
        curate = QHBoxLayout()
        for w in (self.reject_button, self.restore_button, self.memorized_button):
            curate.addWidget(w)
        curate.addSpacing(12)
        curate.addWidget(self.count_label, 1)

        self.view = ThumbnailView()
        self.inspector = SampleInspector()
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(self.inspector)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([720, 440])

        layout = QVBoxLayout(self)
        layout.addWidget(self.hint_label)
        layout.addLayout(controls)
        layout.addLayout(curate)
        layout.addWidget(splitter, 1)

        self.generate_button.clicked.connect(self.generate)
        self.more_button.clicked.connect(self.generate_more)
        self.reject_button.clicked.connect(
            lambda: self.view.thumbs.set_rejected(self.view.selected_rows(), True))
        self.restore_button.clicked.connect(
            lambda: self.view.thumbs.set_rejected(self.view.selected_rows(), False))
        self.memorized_button.clicked.connect(self.reject_memorized)
        self.zoom_slider.valueChanged.connect(self.view.set_zoom)
        self.view.zoom_changed.connect(self._on_zoom_changed)
        self.view.thumbs.rejected_changed.connect(self._on_rejected_changed)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.class_combo.currentIndexChanged.connect(self._on_class_changed)
        self.inspector.interpolate_requested.connect(self.interpolate)
        state.run_changed.connect(self._on_run_changed)
        self._on_run_changed()  # calls _retranslate

    def _retranslate(self) -> None:
        for label, title in self._titles:
            label.setText(translate("GalleryPanel", title))
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
        self.reject_button.setText(self.tr("Reject selected"))
        self.reject_button.setToolTip(self.tr("Also: Delete. Space toggles, Backspace restores, "
                                              "double-click or the corner badge toggles one image"))
        self.restore_button.setText(self.tr("Restore selected"))
        self.restore_button.setToolTip(self.tr("Take the selected images back (also: Backspace)"))
        self.memorized_button.setText(self.tr("Reject all flagged as memorised"))
        self.memorized_button.setToolTip(self.tr("Flag samples closer than RMS {threshold} to a "
                                                 "training image, and reject them").format(
                                                     threshold=COPY_RMS))
        self.view.setToolTip(self.tr("Generated images of the class: select to inspect, "
                                     "double-click to reject or restore"))
        run = self.state.trained_run
        offer_truncation(self.truncation_spin, run_model_name(run) if run else None)
        self.hint_label.setText(
            self.tr("Samples from the run in {run}. Rejected images are saved with the run and left "
                    "out of exports.").format(run=run) if run is not None else
            self.tr("Train a model first (step 3, Train): the gallery samples from the last trained "
                    "run."))
        self._update_counts()
        self._on_selection_changed()

    # ---------------------------------------------------------------- actions
    @property
    def current_class(self) -> int:
        return max(0, self.class_combo.currentIndex())

    @Slot()
    def generate(self) -> None:
        """Replace the shown class's images with ``count`` new ones from ``seed``."""
        self._generate(self.seed_spin.value(), append=False)

    @Slot()
    def generate_more(self) -> None:
        """Add ``count`` images after the last shown seed (same temperature and truncation)."""
        shown = self.shown.get(self.current_class)
        if shown is None or not shown.seeds:
            self.generate()
            return
        self.temperature_spin.setValue(shown.temperature)
        if self.is_gan:
            self.truncation_spin.setValue(shown.truncation)
        self._generate(max(shown.seeds) + 1, append=True)

    def _generate(self, first_seed: int, append: bool) -> None:
        run_dir = self.state.trained_run
        if self.busy or run_dir is None:
            return
        label, n, temperature = self.current_class, self.count_spin.value(), self.temperature_spin.value()
        truncation = self.truncation
        seeds = list(range(first_seed, first_seed + n))

        def job(progress, should_stop):
            self._ensure_loaded(run_dir)
            made = generate_seeds(self.model, [label] * n, seeds, temperature, progress, should_stop,
                                  truncation=truncation)
            return made.images.permute(0, 2, 3, 1).contiguous().numpy()  # (N, H, W, C)

        self.run_task(job, on_progress=self._on_progress, on_succeeded=lambda images: self._show(
            label, _Shown(images, seeds, temperature, truncation), append))

    @property
    def truncation(self) -> float:
        """The truncation to sample with: the field's value for a GAN run, else 0 (off)."""
        return self.truncation_spin.value() if self.is_gan else 0.0

    def _ensure_loaded(self, run_dir: Path) -> None:
        """Load the model and the training images of ``run_dir`` once (on the worker thread)."""
        if self.model is None or self.model.run_dir != Path(run_dir):
            self.model = load_trained(run_dir)
            self.train = None
        if self.train is None:
            self.train = training_images(run_dir)

    def _show(self, label: int, made: _Shown, append: bool) -> None:
        """Put the new images ``made`` of class ``label`` into the view (with their saved rejections)."""
        if self.curation is None or self.model is None:
            return
        if self.class_combo.count() == 0:
            self._fill_classes(self.model.class_names)
        rejected = self._rejected_mask(label, made)
        old = self.shown.get(label)
        if append and old is not None:
            self.shown[label] = _Shown(np.concatenate([old.images, made.images]), old.seeds + made.seeds,
                                       made.temperature, made.truncation)
        else:
            self.shown[label] = made
        if label == self.current_class:
            if append and old is not None:
                self.view.thumbs.append(made.images, made.seeds, rejected)
            else:
                self.view.thumbs.set_images(made.images, made.seeds, rejected)
        self._update_counts()
        name = self.model.class_names[label]
        count = f"{len(self.shown[label].seeds):,}"
        self.status_message.emit(
            self.tr("Class {name}: {count} images (temperature {temperature}, truncation "
                    "{truncation})").format(name=name, count=count, temperature=f"{made.temperature:g}",
                                            truncation=f"{made.truncation:g}")
            if made.truncation else
            self.tr("Class {name}: {count} images (temperature {temperature})").format(
                name=name, count=count, temperature=f"{made.temperature:g}"))

    def _rejected_mask(self, label: int, shown: _Shown) -> np.ndarray:
        """Which of ``shown``'s seeds of class ``label`` the curation holds as rejected, (N,) bool."""
        name = self.model.class_names[label]
        return np.array([self.curation.is_rejected(name, s, shown.temperature, truncation=shown.truncation)
                         for s in shown.seeds], bool)

    @Slot()
    def reject_memorized(self) -> None:
        """Reject every shown image of the class that is a near-copy of a training image."""
        shown, train = self.shown.get(self.current_class), self.train
        if shown is None or train is None or self.busy:
            return
        images = torch.from_numpy(shown.images).permute(0, 3, 1, 2)  # (N, C, H, W)

        def job(progress, should_stop):
            mask, _, _ = flag_memorized(images, train.images)
            return mask.numpy()

        def done(mask: np.ndarray) -> None:
            self.view.thumbs.set_flagged(mask)
            rows = [int(r) for r in np.nonzero(mask)[0]]
            self.view.thumbs.set_rejected(rows, True)
            self.status_message.emit(self.tr("{flagged} of {count} images flagged as memorised and "
                                             "rejected").format(flagged=len(rows), count=len(mask)))

        self.run_task(job, on_succeeded=done)

    @Slot(int, int, int)
    def interpolate(self, seed_a: int, seed_b: int, steps: int) -> None:
        """Show the morph from seed A to seed B within the shown class."""
        run_dir = self.state.trained_run
        if self.busy or run_dir is None:
            return
        label = self.current_class
        shown = self.shown.get(label)
        # The endpoints are the shown images: morph at the settings they were made with.
        temperature = shown.temperature if shown else self.temperature_spin.value()
        truncation = shown.truncation if shown else self.truncation

        def job(progress, should_stop):
            self._ensure_loaded(run_dir)
            strip = interpolate(self.model, label, seed_a, seed_b, steps, temperature,
                                truncation=truncation)  # (steps, C, H, W)
            return to_grid_array(strip, per_row=steps)

        self.run_task(job, on_succeeded=self.inspector.show_strip)

    def set_busy(self, busy: bool) -> None:
        """Disable the buttons that start a task while one runs."""
        ready = not busy and self.state.trained_run is not None
        for w in (self.generate_button, self.more_button, self.memorized_button,
                  self.inspector.interpolate_button):
            w.setEnabled(ready)
        self.progress_bar.setVisible(busy)

    # ---------------------------------------------------------------- slots
    def _on_progress(self, report: tuple[int, int]) -> None:
        done, total = report
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)

    @Slot(list, bool)
    def _on_rejected_changed(self, rows: list[int], rejected: bool) -> None:
        """Save the change in the run folder at once (atomic write)."""
        shown = self.shown.get(self.current_class)
        if self.curation is None or self.model is None or shown is None:
            return
        name = self.model.class_names[self.current_class]
        seeds = [self.view.thumbs.seeds[r] for r in rows]
        self.curation.set_rejected(name, seeds, shown.temperature, rejected, truncation=shown.truncation)
        try:
            self.curation.save()
        except OSError as exc:
            self.show_error(self.tr("Cannot save the curation in {path}: {reason}").format(
                path=self.curation.path, reason=exc.strerror))
        self._update_counts()
        self._on_selection_changed()

    @Slot()
    def _on_selection_changed(self, *args) -> None:
        rows = self.view.selected_rows()
        thumbs = self.view.thumbs
        if not rows:
            self.inspector.show_sample(None)
            self.inspector.show_nearest(None, "")
            return
        r = rows[-1]
        self.inspector.show_sample(thumbs.images[r], thumbs.seeds[r], bool(thumbs.rejected[r]))
        if len(rows) >= 2:
            self.inspector.seed_a_spin.setValue(thumbs.seeds[rows[0]])
            self.inspector.seed_b_spin.setValue(thumbs.seeds[rows[-1]])
        if self.train is None:
            self.inspector.show_nearest(None, self.tr("Training images not loaded"))
            return
        sample = torch.from_numpy(thumbs.images[r:r + 1]).permute(0, 3, 1, 2)  # (1, C, H, W)
        dist, idx = nearest_real(sample, self.train.images)
        i = int(idx[0])
        real = self.train.images[i].permute(1, 2, 0).numpy()  # (H, W, C)
        where = (Path(self.train.files[i]).name if self.train.files[i] else
                 self.tr("sample #{index}").format(index=i))
        cls = self.train.class_names[int(self.train.labels[i])]
        text = (self.tr("{file}, class {name}\nRMS distance {distance}: a copy")
                if float(dist[0]) < COPY_RMS else
                self.tr("{file}, class {name}\nRMS distance {distance}: not a copy"))
        self.inspector.show_nearest(real, text.format(file=where, name=cls,
                                                      distance=f"{float(dist[0]):.3f}"))

    @Slot(int)
    def _on_zoom_changed(self, size: int) -> None:
        self.zoom_slider.blockSignals(True)
        self.zoom_slider.setValue(size)
        self.zoom_slider.blockSignals(False)

    @Slot()
    def _on_class_changed(self) -> None:
        shown = self.shown.get(self.current_class)
        if shown is None:
            self.view.thumbs.set_images(np.zeros((0, 1, 1, 1), np.uint8), [])
            if self.state.trained_run is not None and self.model is not None:
                self.generate()
        else:
            self.view.thumbs.set_images(shown.images, shown.seeds,
                                        self._rejected_mask(self.current_class, shown))
        self._update_counts()

    @Slot()
    def _on_run_changed(self) -> None:
        run = self.state.trained_run
        self.model, self.train, self.shown = None, None, {}
        self.curation = Curation.load(run) if run is not None else None
        self.class_combo.blockSignals(True)
        self.class_combo.clear()
        self.class_combo.blockSignals(False)
        if run is not None:
            self._fill_classes(RunFolder(run).class_names() or [])  # no model load needed
        self.view.thumbs.set_images(np.zeros((0, 1, 1, 1), np.uint8), [])
        for w in (self.count_spin, self.seed_spin, self.temperature_spin, self.class_combo):
            w.setEnabled(run is not None)
        self.is_gan = offer_truncation(self.truncation_spin, run_model_name(run) if run else None)
        self.set_busy(self.busy)
        self._retranslate()  # the hint and the counts name the run

    def _fill_classes(self, names: list[str]) -> None:
        self.class_combo.blockSignals(True)
        self.class_combo.clear()
        self.class_combo.addItems(names)
        self.class_combo.blockSignals(False)

    def _update_counts(self) -> None:
        thumbs = self.view.thumbs
        total = self.curation.count() if self.curation else 0
        self.count_label.setText(self.tr("{shown} shown, {rejected} rejected here, {total} rejected "
                                         "in this run").format(
            shown=f"{len(thumbs.seeds):,}", rejected=f"{int(thumbs.rejected.sum()):,}",
            total=f"{total:,}"))


if __name__ == "__main__":
    def _demo(state: AppState) -> GalleryPanel:
        panel = GalleryPanel(state)
        rng = np.random.default_rng(0)
        panel.view.thumbs.set_images(rng.integers(0, 256, (10_000, 16, 16, 1), dtype=np.uint8),
                                     list(range(10_000)))
        return panel

    raise SystemExit(preview(_demo))
