"""Step 1, Data: choose a class-folder dataset (or the built-in sample) and see what is in it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.config import DataConfig
from engine.data import ImageSet, load_dataset
from engine.data.sample import SAMPLE_NAME
from gui.panels.base import Panel, preview
from gui.state import AppState
from gui.widgets.class_bar import ClassBar
from gui.widgets.tables import make_table, set_row


class DataPanel(Panel):
    """Load a dataset and show its classes, counts, split and problem files.

    Parameters
    ----------
    state : AppState
        The shared state; a successful load calls :meth:`AppState.set_dataset`.
    parent : QWidget, optional
        Qt parent.
    """

    error_title = "Cannot load dataset"

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(state, parent)
        self._loaded_setting: tuple[int, int] | None = None  # (image_size, channels) last asked

        self.open_button = QPushButton("Open dataset folder…")
        self.open_button.setToolTip("A folder with one sub-folder of images per class")
        self.sample_button = QPushButton("Use built-in sample")
        self.sample_button.setToolTip("1,797 handwritten digits (8×8, 10 classes), shipped offline")
        self.source_label = QLabel("No dataset loaded")
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress_bar = QProgressBar()
        self.progress_bar.setFormat("%v / %m files")
        self.cancel_button = QPushButton("Cancel")
        self.progress_bar.hide()
        self.cancel_button.hide()
        top = QHBoxLayout()
        for w in (self.open_button, self.sample_button):
            top.addWidget(w)
        top.addWidget(self.source_label, 1)
        top.addWidget(self.progress_bar)
        top.addWidget(self.cancel_button)

        self.holdout_spin = QDoubleSpinBox()
        self.holdout_spin.setRange(0.0, 0.5)
        self.holdout_spin.setSingleStep(0.05)
        self.holdout_spin.setValue(state.config.data.holdout_fraction)
        self.holdout_spin.setToolTip(
            "Share of every class kept away from training, to test on later (Evaluate)"
        )
        self.summary_labels = {k: QLabel("–") for k in
                               ("images", "classes", "size", "channels", "split", "problems")}
        form = QFormLayout()
        for key, title in (("images", "Images"), ("classes", "Classes"), ("size", "Image size"),
                           ("channels", "Channels"), ("split", "Training / held out"),
                           ("problems", "Problem files")):
            form.addRow(title, self.summary_labels[key])
        form.addRow("Held-out share", self.holdout_spin)
        summary_box = QGroupBox("Summary")
        summary_box.setLayout(form)

        self.class_table = make_table(["Class", "Images", "Training", "Held out"])
        self.class_bar = ClassBar()
        self.class_bar.setMinimumHeight(220)
        classes_box = QGroupBox("Classes")
        row = QHBoxLayout(classes_box)
        row.addWidget(self.class_table, 2)
        row.addWidget(self.class_bar, 3)

        self.problem_table = make_table(["File", "Reason", "Action"])
        self.problems_box = QGroupBox("Problem files")
        QVBoxLayout(self.problems_box).addWidget(self.problem_table)

        upper = QWidget()
        upper_row = QHBoxLayout(upper)
        upper_row.setContentsMargins(0, 0, 0, 0)
        upper_row.addWidget(summary_box)
        upper_row.addWidget(classes_box, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(self.problems_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.open_button.clicked.connect(self.choose_folder)
        self.sample_button.clicked.connect(self.use_sample)
        self.cancel_button.clicked.connect(self.cancel)
        self.holdout_spin.valueChanged.connect(self._on_holdout_changed)
        state.dataset_changed.connect(self._on_dataset_changed)
        state.config_changed.connect(self._on_config_changed)
        if state.dataset is not None:
            self._on_dataset_changed()

    # ---------------------------------------------------------------- actions
    @Slot()
    def choose_folder(self) -> None:
        """Ask for a dataset folder and load it."""
        start = self.state.config.data.path
        start = start if start != SAMPLE_NAME else str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open dataset folder", start)
        if folder:
            self.load(folder)

    @Slot()
    def use_sample(self) -> None:
        """Load the built-in digits."""
        self.load(SAMPLE_NAME)

    def load(self, path: str) -> None:
        """Load ``path`` (a folder or ``"sample"``) at the configured size and channels.

        The sample is small and loads at once; a folder is scanned on a worker thread with a
        progress bar and a Cancel button. Errors are shown in a dialog; the old dataset stays.
        """
        if self.busy:
            return
        cfg = self.state.config.data
        request = DataConfig(path=str(path), image_size=cfg.image_size, channels=cfg.channels,
                             holdout_fraction=cfg.holdout_fraction, split_seed=cfg.split_seed)
        setting = (cfg.image_size, cfg.channels)
        if request.path == SAMPLE_NAME:
            self._install(load_dataset(request), request.path, setting)
            return
        self.status_message.emit(f"Scanning {path}…")
        self.run_task(
            lambda progress, should_stop: load_dataset(request, progress, should_stop),
            on_progress=self._on_scan_progress,
            on_succeeded=lambda data: self._install(data, request.path, setting),
            on_cancelled=lambda: self.status_message.emit("Loading cancelled"),
        )

    def set_busy(self, busy: bool) -> None:
        """Show the progress bar and Cancel while a folder is scanned."""
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.open_button.setEnabled(not busy)
        self.sample_button.setEnabled(not busy)
        if busy:
            self.progress_bar.setRange(0, 0)  # "busy" until the first count arrives

    # ---------------------------------------------------------------- slots
    def _on_scan_progress(self, report: tuple[int, int]) -> None:
        done, total = report
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)

    def _install(self, data: ImageSet, path: str, setting: tuple[int, int]) -> None:
        self._loaded_setting = setting
        self.state.set_dataset(data, path)
        where = "the built-in sample" if path == SAMPLE_NAME else path
        self.status_message.emit(
            f"Loaded {len(data)} images in {data.num_classes} classes from {where}"
        )

    @Slot(float)
    def _on_holdout_changed(self, value: float) -> None:
        self.state.set_holdout_fraction(value)

    @Slot()
    def _on_config_changed(self) -> None:
        """Reload at the new size when the Model panel changes the image size or channels."""
        cfg = self.state.config.data
        setting = (cfg.image_size, cfg.channels)
        if self.state.dataset is not None and self._loaded_setting not in (None, setting):
            self._loaded_setting = setting  # ask once, even if this load fails
            self.load(cfg.path)

    @Slot()
    def _on_dataset_changed(self) -> None:
        data = self.state.dataset
        if data is None:
            return
        if self._loaded_setting is None:  # loaded by someone else (the preview, a test)
            cfg = self.state.config.data
            self._loaded_setting = (cfg.image_size, cfg.channels)
        held = _counts(self.state.held_idx, data)
        counts = data.class_counts()
        source = "Built-in sample (UCI handwritten digits)" if data.source == SAMPLE_NAME \
            else data.source
        self.source_label.setText(source)
        s = self.summary_labels
        s["images"].setText(f"{len(data):,}")
        s["classes"].setText(str(data.num_classes))
        s["size"].setText(f"{data.image_size} × {data.image_size} px")
        s["channels"].setText("1 (gray)" if data.channels == 1 else "3 (RGB)")
        s["split"].setText(f"{len(data) - sum(held):,} / {sum(held):,}")
        s["problems"].setText(str(len(data.problems)))

        self.class_table.setRowCount(len(counts))
        for r, (name, n, h) in enumerate(zip(data.class_names, counts, held, strict=True)):
            set_row(self.class_table, r, [name, n, n - h, h])
        self.class_bar.set_counts(data.class_names, counts, held)

        self.problem_table.setRowCount(len(data.problems))
        for r, p in enumerate(data.problems):
            set_row(self.problem_table, r, [p.path, p.reason, p.action])
        self.problems_box.setTitle(f"Problem files ({len(data.problems)})")


def _counts(idx, data: ImageSet) -> list[int]:
    """Images per class among ``idx`` (zeros when there is no split)."""
    if idx is None or len(idx) == 0:
        return [0] * data.num_classes
    return data.labels[idx].bincount(minlength=data.num_classes).tolist()


if __name__ == "__main__":
    raise SystemExit(preview(DataPanel))
