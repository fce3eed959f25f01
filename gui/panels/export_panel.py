"""Step 6, Export: write an augmented dataset folder (real + synthetic) with a manifest."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.data.sample import SAMPLE_NAME
from engine.export import ExportRequest, export_dataset
from gui.panels.base import Panel, preview
from gui.state import AppState
from gui.widgets.tables import make_table, set_row


class ExportPanel(Panel):
    """Choose where and how much to export, run ``export_dataset`` and show what was written.

    Parameters
    ----------
    state : AppState
        The shared state; exports ``state.trained_run`` with ``state.config.data.path``.
    parent : QWidget, optional
        Qt parent.
    """

    error_title = "Export failed"

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.last_summary: dict | None = None
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)

        self.out_edit = QLineEdit()
        self.out_edit.setToolTip("A new (or empty) folder; it appears only when the export is "
                                 "complete. Your dataset folder is never written into.")
        self.browse_button = QPushButton("Browse…")
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.browse_button)

        self.per_class_radio = QRadioButton("Add N synthetic images to every class")
        self.balance_radio = QRadioButton("Balance: bring every class up to M images")
        self.per_class_radio.setChecked(True)
        mode = QButtonGroup(self)
        mode.addButton(self.per_class_radio)
        mode.addButton(self.balance_radio)
        self.per_class_spin = _spin(0, 1_000_000, 100, "Synthetic images added to each class")
        self.balance_spin = _spin(1, 1_000_000, 500, "Every class is filled up with synthetic "
                                  "images until it holds this many (real ones count)")
        self.balance_spin.setEnabled(False)
        self.include_real_check = QCheckBox("Include the real images")
        self.include_real_check.setChecked(True)
        self.include_real_check.setToolTip("Copy the real files next to the synthetic ones")
        self.filter_check = QCheckBox("Leave out samples that copy a training image")
        self.filter_check.setToolTip("Drop generated images that are near-copies of a real one "
                                     "(and make replacements from further seeds)")
        self.seed_spin = _spin(0, 2**31 - 1, 0, "First seed of the synthetic images")
        self.seed_spin.setMaximumWidth(160)

        form_box = QGroupBox("Augmented dataset")
        form = QFormLayout(form_box)
        form.addRow("Output folder", out_row)
        per_row = QHBoxLayout()
        per_row.addWidget(self.per_class_radio)
        per_row.addWidget(self.per_class_spin)
        per_row.addStretch(1)
        bal_row = QHBoxLayout()
        bal_row.addWidget(self.balance_radio)
        bal_row.addWidget(self.balance_spin)
        bal_row.addStretch(1)
        form.addRow("Amount", per_row)
        form.addRow("", bal_row)
        form.addRow("", self.include_real_check)
        form.addRow("", self.filter_check)
        form.addRow("Seed", self.seed_spin)

        self.export_button = QPushButton("Export")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress_bar = QProgressBar()
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress_bar, 1)

        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_table = make_table(["Class", "Real", "Synthetic"])
        self.result_table.setMaximumWidth(560)
        result_box = QGroupBox("Result")
        result_layout = QVBoxLayout(result_box)
        result_layout.addWidget(self.result_label)
        result_layout.addWidget(self.result_table, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.hint_label)
        layout.addWidget(form_box)
        layout.addLayout(buttons)
        layout.addWidget(result_box, 1)

        self.browse_button.clicked.connect(self._on_browse)
        self.per_class_radio.toggled.connect(self._on_mode_changed)
        self.export_button.clicked.connect(self.export)
        self.cancel_button.clicked.connect(self.cancel)
        state.run_changed.connect(self._on_run_changed)
        state.dataset_changed.connect(self._on_dataset_changed)
        self._on_dataset_changed()
        self._on_run_changed()

    def request(self) -> ExportRequest:
        """The :class:`ExportRequest` the form describes."""
        by_class = self.per_class_radio.isChecked()
        return ExportRequest(
            run_dir=str(self.state.trained_run), data=self.state.config.data.path,
            out=self.out_edit.text().strip(),
            per_class=self.per_class_spin.value() if by_class else None,
            balance_to=None if by_class else self.balance_spin.value(),
            include_real=self.include_real_check.isChecked(),
            filter_memorized=self.filter_check.isChecked(), seed=self.seed_spin.value(),
        )

    @Slot()
    def export(self) -> None:
        """Run the export on a worker thread."""
        if self.busy or self.state.trained_run is None:
            return
        req = self.request()
        if not req.out:
            self.show_error("Choose an output folder first.")
            return
        self.result_label.setText(f"Exporting to {req.out}…")
        self.result_table.setRowCount(0)
        self.run_task(
            lambda progress, should_stop: export_dataset(req, progress, should_stop),
            on_progress=self._on_export_progress, on_succeeded=self._on_succeeded,
            on_cancelled=self._on_cancelled,
        )

    def set_busy(self, busy: bool) -> None:
        """Export while idle, Cancel while exporting."""
        self.export_button.setEnabled(not busy and self.state.trained_run is not None)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress_bar.setRange(0, 0)  # generating: no count yet
            self.progress_bar.setValue(0)
        elif self.progress_bar.maximum() == 0:  # ended before any count: leave "busy" look
            self.progress_bar.setRange(0, 1)

    def _on_export_progress(self, report: tuple[int, int]) -> None:
        done, total = report
        self.progress_bar.setRange(0, max(1, total))
        self.progress_bar.setValue(done)

    def _on_succeeded(self, summary: dict) -> None:
        self.last_summary = summary
        rejected = summary.get("memorized_rejected", 0)
        self.result_label.setText(
            f"Wrote {summary['real']:,} real and {summary['synthetic']:,} synthetic images to "
            f"{summary['out']} (with manifest.csv)"
            + (f"; {rejected} near-copies of training images left out." if rejected else ".")
        )
        per_class = summary["per_class"]
        self.result_table.setRowCount(len(per_class))
        for r, (name, n) in enumerate(per_class.items()):
            set_row(self.result_table, r, [name, n["real"], n["synthetic"]])
        self.status_message.emit(f"Export done: {summary['out']}")

    def _on_cancelled(self) -> None:
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.result_label.setText("Export cancelled: nothing was written.")
        self.status_message.emit("Export cancelled")

    @Slot()
    def _on_browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export into folder (new or empty)",
                                                  str(Path(self.out_edit.text()).parent))
        if folder:
            self.out_edit.setText(folder)

    @Slot()
    def _on_mode_changed(self) -> None:
        by_class = self.per_class_radio.isChecked()
        self.per_class_spin.setEnabled(by_class)
        self.balance_spin.setEnabled(not by_class)

    @Slot()
    def _on_dataset_changed(self) -> None:
        """Suggest ``<Documents>/<dataset>-augmented-<time>`` for the new dataset."""
        path = self.state.config.data.path
        name = "digits" if path == SAMPLE_NAME else Path(path).name or "dataset"
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        base = Path(docs or Path.home())
        self.out_edit.setText(str(base / f"{name}-augmented-{time.strftime('%Y%m%d-%H%M')}"))

    @Slot()
    def _on_run_changed(self) -> None:
        run = self.state.trained_run
        self.export_button.setEnabled(run is not None and not self.busy)
        self.hint_label.setText(
            f"Exports synthetic images from the run in {run}." if run is not None else
            "Train a model first (step 3, Train): export adds its samples to your dataset."
        )


def _spin(low: int, high: int, value: int, tip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setToolTip(tip)
    spin.setGroupSeparatorShown(True)
    return spin


if __name__ == "__main__":
    raise SystemExit(preview(ExportPanel))
