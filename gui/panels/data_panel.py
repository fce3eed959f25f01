"""Step 1, Data: choose a class-folder dataset (or the built-in sample) and see what is in it.

A folder is chosen with a dialog, by dropping it on the panel, or from the recent folders; it is
scanned on a worker thread (:func:`engine.data.load_dataset`). The panel shows the summary (sizes,
modes, imbalance), the classes as a table and a bar chart with the held-out split, thumbnails per
class, the class-level warnings and every problem file in a sortable table that can be saved as CSV.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.config import DataConfig
from engine.data import ImageSet, load_dataset
from engine.data.report import write_problems_csv
from engine.data.sample import SAMPLE_NAME, is_full_sample
from engine.runs import files
from gui.engine_text import engine_text
from gui.i18n import translate
from gui.panels.base import Panel, preview
from gui.panels.data_classes import ClassCounts
from gui.panels.data_summary import DataSummary
from gui.recent import RECENT_DATASETS, RecentList
from gui.state import AppState
from gui.widgets.class_thumbnails import ClassThumbnails
from gui.widgets.tables import make_table, set_row

RESIZE_CHOICES = (("crop", QT_TRANSLATE_NOOP("DataPanel", "Resize + centre crop")),
                  ("pad", QT_TRANSLATE_NOOP("DataPanel", "Resize + pad (nothing cut)")))
SAMPLE_NOTE = QT_TRANSLATE_NOOP(
    "DataPanel", "The sample is a small-data case, like your own data: 20 digits per class to train "
    "on and 200 per class held out for testing (a fixed split that ships with the sample, so the "
    "held-out share does not apply). With so few real images a classifier has room to improve, "
    "and Evaluate measures whether the synthetic images help.")


class DataPanel(Panel):
    """Load a dataset and show its classes, counts, split, thumbnails, warnings and problem files.

    Parameters
    ----------
    state : AppState
        The shared state; a successful load calls :meth:`AppState.set_dataset`.
    parent : QWidget, optional
        Qt parent.
    """

    error_title = QT_TRANSLATE_NOOP("Panel", "Cannot load dataset")

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.setAcceptDrops(True)
        top = self._build_source_row()
        self.holdout_spin = QDoubleSpinBox()
        self.holdout_spin.setRange(0.0, 0.5)
        self.holdout_spin.setSingleStep(0.05)
        self.holdout_spin.setValue(state.config.data.holdout_fraction)
        self.resize_combo = QComboBox()
        for key, _text in RESIZE_CHOICES:
            self.resize_combo.addItem("", key)
        self.resize_combo.setCurrentIndex(self.resize_combo.findData(state.config.data.resize))
        self.summary_box = DataSummary(self.holdout_spin, self.resize_combo)
        self.summary_labels = self.summary_box.labels  # the value of each summary row, by key
        self.classes_box = ClassCounts()
        self.tabs = self._build_tabs()
        upper = QWidget()
        upper_row = QHBoxLayout(upper)
        upper_row.setContentsMargins(0, 0, 0, 0)
        upper_row.addWidget(self.summary_box, 2)
        upper_row.addWidget(self.classes_box, 3)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.sample_note = QLabel()
        self.sample_note.setWordWrap(True)
        self.sample_note.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.sample_note)
        layout.addWidget(split, 1)
        self._connect(state)
        self._fill_recent_menu()
        self._retranslate()  # shows the loaded dataset, if any

    def _build_source_row(self) -> QHBoxLayout:
        """Open, Recent, Sample; where the dataset comes from; the scan's progress and Cancel."""
        self.open_button = QPushButton()
        self.recent_button = QToolButton()
        self.recent_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.recent_menu = QMenu(self)
        self.recent_button.setMenu(self.recent_menu)
        self.sample_button = QPushButton()
        self.source_label = QLabel()
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress_bar = QProgressBar()
        self.cancel_button = QPushButton()
        self.progress_bar.hide()
        self.cancel_button.hide()
        top = QHBoxLayout()
        for w in (self.open_button, self.recent_button, self.sample_button):
            top.addWidget(w)
        top.addWidget(self.source_label, 1)
        top.addWidget(self.progress_bar)
        top.addWidget(self.cancel_button)
        return top

    def _build_tabs(self) -> QTabWidget:
        """Problem files (with Save as CSV), warnings, thumbnails."""
        self.problem_table = make_table(["", "", ""])
        self.save_csv_button = QPushButton()
        self.save_csv_button.setEnabled(False)
        self.problems_box = QWidget()
        problems_layout = QVBoxLayout(self.problems_box)
        problems_layout.addWidget(self.problem_table)
        problems_layout.addWidget(self.save_csv_button, 0, Qt.AlignmentFlag.AlignRight)
        self.warning_list = QListWidget()
        self.warning_list.setWordWrap(True)
        self.thumbnails = ClassThumbnails()
        tabs = QTabWidget()
        tabs.addTab(self.problems_box, "")
        tabs.addTab(self.warning_list, "")
        tabs.addTab(self.thumbnails, "")
        return tabs

    def _connect(self, state: AppState) -> None:
        self.open_button.clicked.connect(self.choose_folder)
        self.sample_button.clicked.connect(self.use_sample)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_csv_button.clicked.connect(self._on_save_csv_clicked)
        self.holdout_spin.valueChanged.connect(self._on_holdout_changed)
        self.resize_combo.currentIndexChanged.connect(self._on_resize_changed)
        state.dataset_changed.connect(self._on_dataset_changed)
        state.config_changed.connect(self._on_config_changed)
        state.data_settings_changed.connect(self._on_data_settings_changed)
        state.load_requested.connect(self.load)

    def _retranslate(self) -> None:
        self.open_button.setText(self.tr("Open dataset folder…"))
        self.open_button.setToolTip(self.tr("A folder with one sub-folder of images per class "
                                            "(or drop a folder on this page)"))
        self.recent_button.setText(self.tr("Recent"))
        self.recent_button.setToolTip(self.tr("Folders loaded before"))
        self.sample_button.setText(self.tr("Use built-in sample"))
        self.sample_button.setToolTip(self.tr("2,200 MNIST handwritten digits (28×28, 10 classes), "
                                              "shipped offline: 20 per class to train on, 200 per "
                                              "class held out"))
        self.sample_note.setText(translate("DataPanel", SAMPLE_NOTE))
        self.progress_bar.setFormat(self.tr("%v / %m files"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop scanning; the dataset loaded before stays"))
        self.holdout_spin.setToolTip(self.tr(
            "Share of every class kept away from training (at least one image per class where "
            "possible), to test on in Evaluate; saved with each run as {file}").format(
                file=files.SPLIT))
        for i, (_key, text) in enumerate(RESIZE_CHOICES):
            self.resize_combo.setItemText(i, translate("DataPanel", text))
        self.resize_combo.setToolTip(self.tr("How images that are not square reach the training "
                                             "size: cropped in the centre, or padded"))
        self.problem_table.setHorizontalHeaderLabels(
            [self.tr("File"), self.tr("Reason"), self.tr("Action")])
        self.problem_table.setToolTip(self.tr("Every file that was skipped or converted, and why; "
                                              "click a header to sort"))
        self.save_csv_button.setText(self.tr("Save as CSV…"))
        self.save_csv_button.setToolTip(self.tr("Write the problem files to a CSV file"))
        self.warning_list.setToolTip(self.tr("What may hurt training: empty or tiny classes, "
                                             "imbalance, duplicates, very small images"))
        self.thumbnails.setToolTip(self.tr("The first images of every class, at the training size"))
        self.tabs.setTabText(0, self.tr("Problem files"))
        self.tabs.setTabText(1, self.tr("Warnings"))
        self.tabs.setTabText(2, self.tr("Thumbnails"))
        if self.state.dataset is not None:
            self._on_dataset_changed()
        else:
            self.source_label.setText(self.tr("No dataset loaded — choose a folder or drop one "
                                              "here"))

    # ---------------------------------------------------------------- actions
    @Slot()
    def choose_folder(self) -> None:
        """Ask for a dataset folder and load it."""
        start = self.state.config.data.path
        start = start if start != SAMPLE_NAME else (self.recent_folders()[:1] or [str(Path.home())])[0]
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open dataset folder"), start)
        if folder:
            self.load(folder)

    @Slot()
    def use_sample(self) -> None:
        """Load the built-in sample (MNIST digits)."""
        self.load(SAMPLE_NAME)

    def load(self, path: str) -> None:
        """Load ``path`` (a folder or ``"sample"``) at the configured size, channels and resize.

        The sample is small and loads at once; a folder is scanned on a worker thread with a
        progress bar and a Cancel button. Errors are shown in a dialog; the old dataset stays.
        """
        if self.busy:
            return
        cfg = self.state.config.data
        request = DataConfig(path=str(path), image_size=cfg.image_size, channels=cfg.channels,
                             holdout_fraction=cfg.holdout_fraction, split_seed=cfg.split_seed,
                             resize=cfg.resize)
        if request.path == SAMPLE_NAME:
            self._install(load_dataset(request), request.path)
            return
        self.status_message.emit(self.tr("Scanning {path}…").format(path=path))
        self.run_task(
            lambda progress, should_stop: load_dataset(request, progress, should_stop),
            on_progress=self._on_scan_progress,
            on_succeeded=lambda data: self._install(data, request.path),
            on_cancelled=lambda: self.status_message.emit(self.tr("Loading cancelled")),
        )

    def save_problems_csv(self, path: str | Path) -> Path:
        """Write the problem files of the loaded dataset to ``path`` as CSV."""
        data = self.state.dataset
        return write_problems_csv(data.problems if data is not None else [], path)

    def set_busy(self, busy: bool) -> None:
        """Show the progress bar and Cancel while a folder is scanned."""
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        for w in (self.open_button, self.recent_button, self.sample_button, self.resize_combo):
            w.setEnabled(not busy)
        if busy:
            self.progress_bar.setRange(0, 0)  # "busy" until the first count arrives

    # ---------------------------------------------------------------- recent folders
    def recent_folders(self) -> list[str]:
        """Folders loaded before, most recent first (:data:`gui.recent.RECENT_DATASETS`)."""
        return RecentList(RECENT_DATASETS).paths()

    def _remember(self, folder: str) -> None:
        RecentList(RECENT_DATASETS).add(folder)
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        folders = self.recent_folders()
        for folder in folders:
            action = self.recent_menu.addAction(folder)
            action.triggered.connect(lambda _=False, f=folder: self.load(f))
        self.recent_button.setEnabled(bool(folders) and not self.busy)

    # ---------------------------------------------------------------- drag and drop
    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Accept a drag that carries one local folder."""
        if self._dropped_folder(event.mimeData()) is not None and not self.busy:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Load the dropped folder."""
        folder = self._dropped_folder(event.mimeData())
        if folder is not None:
            event.acceptProposedAction()
            self.load(folder)

    @staticmethod
    def _dropped_folder(mime) -> str | None:
        urls = [u for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
        if len(urls) == 1 and Path(urls[0].toLocalFile()).is_dir():
            return urls[0].toLocalFile()
        return None

    # ---------------------------------------------------------------- slots
    def _on_scan_progress(self, report: tuple[int, int]) -> None:
        done, total = report
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)

    def _install(self, data: ImageSet, path: str) -> None:
        self.state.set_dataset(data, path)
        if path != SAMPLE_NAME:
            self._remember(data.source)
        where = self.tr("the built-in sample") if path == SAMPLE_NAME else path
        self.status_message.emit(
            self.tr("Loaded {images} images in {classes} classes from {where}; {problems} problem "
                    "files, {warnings} warnings").format(
                images=f"{len(data):,}", classes=data.num_classes, where=where,
                problems=f"{len(data.problems):,}", warnings=len(data.warnings)))

    @Slot()
    def _on_save_csv_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save problem files as CSV"),
                                              str(Path.home() / "problem_files.csv"),
                                              self.tr("CSV files (*.csv)"))
        if path:
            try:
                self.save_problems_csv(path)
            except OSError as exc:
                self.show_error(self.tr("Cannot write {path}: {reason}").format(
                    path=path, reason=exc.strerror or exc))
                return
            self.status_message.emit(self.tr("Saved the problem files to {path}").format(path=path))

    @Slot(float)
    def _on_holdout_changed(self, value: float) -> None:
        self.state.set_holdout_fraction(value)

    @Slot(int)
    def _on_resize_changed(self, index: int) -> None:
        self.state.set_option("data", "resize", self.resize_combo.itemData(index))

    @Slot()
    def _on_config_changed(self) -> None:
        cfg = self.state.config.data
        if self.resize_combo.currentData() != cfg.resize:
            self.resize_combo.blockSignals(True)
            self.resize_combo.setCurrentIndex(self.resize_combo.findData(cfg.resize))
            self.resize_combo.blockSignals(False)

    @Slot()
    def _on_data_settings_changed(self) -> None:
        """The image size, channels or resize policy changed: reload the loaded dataset."""
        if self.state.dataset is not None:
            self.load(self.state.config.data.path)

    @Slot()
    def _on_dataset_changed(self) -> None:
        data = self.state.dataset
        if data is None:
            return
        held = _counts(self.state.held_idx, data)
        counts = data.class_counts()
        self.source_label.setText(self.tr("Built-in sample (MNIST handwritten digits)")
                                  if data.source == SAMPLE_NAME else data.source)
        fixed = is_full_sample(data)  # the sample's split is fixed: the held-out share does not apply
        self.sample_note.setVisible(fixed)
        self.holdout_spin.setEnabled(not fixed)
        self.summary_box.show_dataset(data, counts, held)
        self.classes_box.show_counts(data.class_names, counts, held)
        self._fill_problems(data)
        self.warning_list.clear()
        for w in data.warnings:
            item = QListWidgetItem(engine_text(w.message))
            if w.files:
                more = ("\n" + self.tr("… and {count} more").format(count=f"{len(w.files) - 20:,}")
                        if len(w.files) > 20 else "")
                item.setToolTip("\n".join(w.files[:20]) + more)
            self.warning_list.addItem(item)
        self.tabs.setTabText(1, self.tr("Warnings ({count})").format(count=len(data.warnings)))
        self.thumbnails.set_data(data.images.numpy(), data.labels.numpy(), data.class_names)

    def _fill_problems(self, data: ImageSet) -> None:
        table = self.problem_table
        table.setSortingEnabled(False)  # filling a sorted table moves rows under our feet
        table.setUpdatesEnabled(False)
        table.setRowCount(len(data.problems))
        for r, p in enumerate(data.problems):
            set_row(table, r, [p.path, engine_text(p.reason), engine_text(p.action)])
        table.setUpdatesEnabled(True)
        table.setSortingEnabled(True)
        self.save_csv_button.setEnabled(bool(data.problems))
        self.tabs.setTabText(0, self.tr("Problem files ({count})").format(
            count=f"{len(data.problems):,}"))


def _counts(idx, data: ImageSet) -> list[int]:
    """Images per class among ``idx`` (zeros when there is no split)."""
    if idx is None or len(idx) == 0:
        return [0] * data.num_classes
    return data.labels[idx].bincount(minlength=data.num_classes).tolist()


if __name__ == "__main__":
    raise SystemExit(preview(DataPanel))
