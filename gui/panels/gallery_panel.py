"""Step 4, Gallery: look at what the trained run makes, class by class, and reject the bad ones.

The images of the shown class live in a :class:`~gui.widgets.thumbnail_view.ThumbnailView` (one
model, lazily drawn thumbnails: smooth with tens of thousands). Rejections are saved at once in the
run folder (engine.export.curation), so they survive a restart and the export skips them.
Beside the grid: the selected sample with its nearest training image, and an interpolation.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.data.dataset import ImageSet
from engine.evaluate.memorization import COPY_RMS
from engine.export.curation import Curation, training_images
from engine.runs import RunFolder, TrainedModel, load_trained, run_model_name
from gui.panels.base import Panel, preview
from gui.panels.gallery_controls import GalleryControls
from gui.panels.gallery_samples import (
    ClassSamples,
    generate_class,
    interpolation_strip,
    memorized_mask,
)
from gui.state import AppState
from gui.widgets.fields import offer_truncation
from gui.widgets.sample_inspector import SampleInspector
from gui.widgets.thumbnail_view import ThumbnailView


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
        self.shown: dict[int, ClassSamples] = {}
        self.is_gan = False  # the run is a GAN: only then is truncation offered
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint_label)
        self.controls = GalleryControls()  # what to generate, and the zoom
        layout.addWidget(self.controls)
        layout.addLayout(self._build_curation_row())
        layout.addWidget(self._build_view(), 1)
        self._connect(state)
        self._on_run_changed()  # calls _retranslate

    def _build_curation_row(self) -> QHBoxLayout:
        """Reject, restore, reject the memorised ones; the counts."""
        self.reject_button = QPushButton()
        self.restore_button = QPushButton()
        self.memorized_button = QPushButton()
        self.count_label = QLabel()
        curate = QHBoxLayout()
        for w in (self.reject_button, self.restore_button, self.memorized_button):
            curate.addWidget(w)
        curate.addSpacing(12)
        curate.addWidget(self.count_label, 1)
        return curate

    def _build_view(self) -> QSplitter:
        """The thumbnails beside the inspector of the selected one."""
        self.view = ThumbnailView()
        self.inspector = SampleInspector()
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(self.inspector)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([720, 440])
        return splitter

    def _connect(self, state: AppState) -> None:
        self.controls.generate_button.clicked.connect(self.generate)
        self.controls.more_button.clicked.connect(self.generate_more)
        self.reject_button.clicked.connect(
            lambda: self.view.thumbs.set_rejected(self.view.selected_rows(), True))
        self.restore_button.clicked.connect(
            lambda: self.view.thumbs.set_rejected(self.view.selected_rows(), False))
        self.memorized_button.clicked.connect(self.reject_memorized)
        self.controls.zoom_slider.valueChanged.connect(self.view.set_zoom)
        self.view.zoom_changed.connect(self._on_zoom_changed)
        self.view.thumbs.rejected_changed.connect(self._on_rejected_changed)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.controls.class_combo.currentIndexChanged.connect(self._on_class_changed)
        self.inspector.interpolate_requested.connect(self.interpolate)
        state.run_changed.connect(self._on_run_changed)

    def _retranslate(self) -> None:
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
        offer_truncation(self.controls.truncation_spin, run_model_name(run) if run else None)
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
        return max(0, self.controls.class_combo.currentIndex())

    @Slot()
    def generate(self) -> None:
        """Replace the shown class's images with ``count`` new ones from ``seed``."""
        self._generate(self.controls.seed_spin.value(), append=False)

    @Slot()
    def generate_more(self) -> None:
        """Add ``count`` images after the last shown seed (same temperature and truncation)."""
        shown = self.shown.get(self.current_class)
        if shown is None or not shown.seeds:
            self.generate()
            return
        self.controls.temperature_spin.setValue(shown.temperature)
        if self.is_gan:
            self.controls.truncation_spin.setValue(shown.truncation)
        self._generate(max(shown.seeds) + 1, append=True)

    def _generate(self, first_seed: int, append: bool) -> None:
        run_dir = self.state.trained_run
        if self.busy or run_dir is None:
            return
        c = self.controls
        label, n, temperature = self.current_class, c.count_spin.value(), c.temperature_spin.value()
        truncation = self.truncation
        seeds = list(range(first_seed, first_seed + n))

        def job(progress, should_stop):
            self._ensure_loaded(run_dir)
            return generate_class(self.model, label, seeds, temperature, truncation, progress,
                                  should_stop)

        self.run_task(job, on_progress=self._on_progress, on_succeeded=lambda images: self._show(
            label, ClassSamples(images, seeds, temperature, truncation), append))

    @property
    def truncation(self) -> float:
        """The truncation to sample with: the field's value for a GAN run, else 0 (off)."""
        return self.controls.truncation_spin.value() if self.is_gan else 0.0

    def _ensure_loaded(self, run_dir: Path) -> None:
        """Load the model and the training images of ``run_dir`` once (on the worker thread)."""
        if self.model is None or self.model.run_dir != Path(run_dir):
            self.model = load_trained(run_dir)
            self.train = None
        if self.train is None:
            self.train = training_images(run_dir)

    def _show(self, label: int, made: ClassSamples, append: bool) -> None:
        """Put the new images ``made`` of class ``label`` into the view (with their saved rejections)."""
        if self.curation is None or self.model is None:
            return
        if self.controls.class_combo.count() == 0:
            self._fill_classes(self.model.class_names)
        rejected = self._rejected_mask(label, made)
        old = self.shown.get(label)
        if append and old is not None:
            self.shown[label] = old.followed_by(made)
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

    def _rejected_mask(self, label: int, shown: ClassSamples) -> np.ndarray:
        """Which of ``shown``'s seeds of class ``label`` the curation holds as rejected, (N,) bool."""
        return shown.rejected_in(self.curation, self.model.class_names[label])

    @Slot()
    def reject_memorized(self) -> None:
        """Reject every shown image of the class that is a near-copy of a training image."""
        shown, train = self.shown.get(self.current_class), self.train
        if shown is None or train is None or self.busy:
            return
        def job(progress, should_stop):
            return memorized_mask(shown.images, train.images)

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
        temperature = shown.temperature if shown else self.controls.temperature_spin.value()
        truncation = shown.truncation if shown else self.truncation

        def job(progress, should_stop):
            self._ensure_loaded(run_dir)
            return interpolation_strip(self.model, label, seed_a, seed_b, steps, temperature, truncation)

        self.run_task(job, on_succeeded=self.inspector.show_strip)

    def set_busy(self, busy: bool) -> None:
        """Disable the buttons that start a task while one runs."""
        ready = not busy and self.state.trained_run is not None
        for w in (self.controls.generate_button, self.controls.more_button, self.memorized_button,
                  self.inspector.interpolate_button):
            w.setEnabled(ready)
        self.controls.progress_bar.setVisible(busy)

    # ---------------------------------------------------------------- slots
    def _on_progress(self, report: tuple[int, int]) -> None:
        done, total = report
        self.controls.progress_bar.setRange(0, total)
        self.controls.progress_bar.setValue(done)

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
        self.inspector.show_nearest_of(thumbs.images[r], self.train)

    @Slot(int)
    def _on_zoom_changed(self, size: int) -> None:
        self.controls.zoom_slider.blockSignals(True)
        self.controls.zoom_slider.setValue(size)
        self.controls.zoom_slider.blockSignals(False)

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
        self.controls.class_combo.blockSignals(True)
        self.controls.class_combo.clear()
        self.controls.class_combo.blockSignals(False)
        if run is not None:
            self._fill_classes(RunFolder(run).class_names() or [])  # no model load needed
        self.view.thumbs.set_images(np.zeros((0, 1, 1, 1), np.uint8), [])
        c = self.controls
        for w in (c.count_spin, c.seed_spin, c.temperature_spin, c.class_combo):
            w.setEnabled(run is not None)
        self.is_gan = offer_truncation(self.controls.truncation_spin, run_model_name(run) if run else None)
        self.set_busy(self.busy)
        self._retranslate()  # the hint and the counts name the run

    def _fill_classes(self, names: list[str]) -> None:
        self.controls.class_combo.blockSignals(True)
        self.controls.class_combo.clear()
        self.controls.class_combo.addItems(names)
        self.controls.class_combo.blockSignals(False)

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
