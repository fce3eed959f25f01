"""Step 6, Export: write an augmented dataset folder (real + accepted synthetic) with a manifest.

Three modes (N per class, balance to M, multiply by a factor), real files copied or hard-linked,
the gallery's rejections skipped, optional zip and sample sheet; progress with the time left.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from engine.data.sample import SAMPLE_NAME
from engine.errors import UserError
from engine.evaluate.report import load_report
from engine.export.curation import Curation
from engine.export.dataset import ExportRequest, export_dataset
from engine.format import format_seconds
from engine.runs import run_model_name
from gui.evaluation_text import interval, signed_points
from gui.panels.base import Panel, preview
from gui.state import AppState
from gui.widgets.fields import int_spin, offer_truncation, truncation_spin
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
        self.factor_radio = QRadioButton("Multiply: make every class F times larger")
        self.per_class_radio.setChecked(True)
        mode = QButtonGroup(self)
        mode.addButton(self.per_class_radio)
        mode.addButton(self.balance_radio)
        mode.addButton(self.factor_radio)
        self.factor_spin = QDoubleSpinBox()
        self.factor_spin.setRange(0.01, 1000.0)
        self.factor_spin.setValue(2.0)
        self.factor_spin.setSingleStep(0.5)
        self.factor_spin.setToolTip("2 doubles every class (with the real images counted once)")
        self.factor_spin.setEnabled(False)
        self.per_class_spin = int_spin(0, 1_000_000, 100, "Synthetic images added to each class")
        self.balance_spin = int_spin(1, 1_000_000, 500, "Every class is filled up with synthetic "
                                  "images until it holds this many (real ones count)")
        self.balance_spin.setEnabled(False)
        self.include_real_check = QCheckBox("Include the real images")
        self.include_real_check.setChecked(True)
        self.include_real_check.setToolTip("Copy the real files next to the synthetic ones")
        self.link_check = QCheckBox("Hard-link real files instead of copying (saves space)")
        self.link_check.setToolTip("A hard link shares the file with your dataset: editing one "
                                   "edits both. Falls back to a copy on another disk.")
        self.curation_check = QCheckBox("Skip images rejected in the gallery")
        self.curation_check.setChecked(True)
        self.curation_check.setToolTip("Rejected seeds are replaced by the next seeds; rejections "
                                       "apply at the temperature and truncation they were made at")
        self.add_check = QCheckBox("Add to the folder if it is not empty (never replaces a file)")
        self.zip_check = QCheckBox("Also write a .zip of the folder")
        self.sheet_check = QCheckBox("Also write sample_sheet.png (a grid per class, for reports)")
        self.sheet_check.setChecked(True)
        self.temperature_spin = QDoubleSpinBox()
        self.temperature_spin.setRange(0.05, 3.0)
        self.temperature_spin.setSingleStep(0.1)
        self.temperature_spin.setValue(1.0)
        self.temperature_spin.setToolTip("Noise scale, as in the gallery (use the same value so "
                                         "its rejections apply)")
        self.truncation_spin = truncation_spin()  # as in the gallery and the CLI's --truncation
        self.is_gan = False  # the run is a GAN: only then is truncation offered
        self.filter_check = QCheckBox("Leave out samples that copy a training image")
        self.filter_check.setToolTip("Drop generated images that are near-copies of a real one "
                                     "(and make replacements from further seeds)")
        self.recommend_label = QLabel()  # what the run's evaluation recommends, when it has one
        self.recommend_label.setWordWrap(True)
        self.recommend_label.hide()
        self._recommended_for: tuple[str, str] | None = None  # (run, report time) applied last
        self.size_combo = QComboBox()  # one image size in the folder, chosen, never mixed
        self.size_combo.addItem("Synthetic images at the real images' size", "real")
        self.size_combo.addItem("Every image, real ones too, at the trained size", "trained")
        self.size_combo.setToolTip("The exported folder holds one image size: the synthetic images "
                                   "are resized to the real files' most common size, or the real "
                                   "images are written at the size the model was trained at")
        self.seed_spin = int_spin(0, 2**31 - 1, 0, "First seed of the synthetic images")
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
        fac_row = QHBoxLayout()
        fac_row.addWidget(self.factor_radio)
        fac_row.addWidget(self.factor_spin)
        fac_row.addStretch(1)
        form.addRow("Amount", per_row)
        form.addRow("", bal_row)
        form.addRow("", fac_row)
        form.addRow("", self.recommend_label)
        form.addRow("Image size", self.size_combo)
        for check in (self.include_real_check, self.link_check, self.curation_check, self.filter_check,
                      self.add_check, self.zip_check, self.sheet_check):
            form.addRow("", check)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed_spin)
        seed_row.addWidget(QLabel("Temperature"))
        seed_row.addWidget(self.temperature_spin)
        seed_row.addWidget(QLabel("Truncation"))
        seed_row.addWidget(self.truncation_spin)
        seed_row.addStretch(1)
        form.addRow("Seed", seed_row)

        self.export_button = QPushButton("Export")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress_bar = QProgressBar()
        self.eta_label = QLabel()
        self.eta_label.setMinimumWidth(200)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress_bar, 1)
        buttons.addWidget(self.eta_label)
        self._started = 0.0

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
        self.balance_radio.toggled.connect(self._on_mode_changed)
        self.include_real_check.toggled.connect(self.link_check.setEnabled)
        self.export_button.clicked.connect(self.export)
        self.cancel_button.clicked.connect(self.cancel)
        state.run_changed.connect(self._on_run_changed)
        state.dataset_changed.connect(self._on_dataset_changed)
        self._on_dataset_changed()
        self._on_run_changed()

    def request(self) -> ExportRequest:
        """The :class:`ExportRequest` the form describes."""
        return ExportRequest(
            run_dir=str(self.state.trained_run), data=self.state.config.data.path,
            out=self.out_edit.text().strip(),
            per_class=self.per_class_spin.value() if self.per_class_radio.isChecked() else None,
            balance_to=self.balance_spin.value() if self.balance_radio.isChecked() else None,
            factor=self.factor_spin.value() if self.factor_radio.isChecked() else None,
            include_real=self.include_real_check.isChecked(), link_real=self.link_check.isChecked(),
            filter_memorized=self.filter_check.isChecked(),
            use_curation=self.curation_check.isChecked(), add_to_existing=self.add_check.isChecked(),
            make_zip=self.zip_check.isChecked(), make_sheet=self.sheet_check.isChecked(),
            seed=self.seed_spin.value(), temperature=self.temperature_spin.value(),
            truncation=self.truncation_spin.value() if self.is_gan else 0.0,
            size=self.size_combo.currentData(),
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
        self._started = time.monotonic()
        self.eta_label.setText("starting…")
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
        elapsed = time.monotonic() - self._started
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate > 0 else None
        self.eta_label.setText(f"{done:,}/{total:,} files · {rate:,.0f}/s · {format_seconds(eta)} left")

    def _on_succeeded(self, summary: dict) -> None:
        self.last_summary = summary
        rejected = summary.get("memorized_rejected", 0)
        skipped = summary.get("curation_skipped", 0)
        extras = [summary["manifest"], summary["card"]] + [x for x in (summary.get("sheet"),) if x]
        self.result_label.setText(
            f"{'Added' if summary.get('added_to_existing') else 'Wrote'} {summary['real']:,} real and "
            f"{summary['synthetic']:,} synthetic images to {summary['out']} (with {', '.join(extras)})"
            + (f"; {rejected} near-copies of training images left out" if rejected else "")
            + (f"; {skipped} images rejected in the gallery skipped" if skipped else "")
            + (f"; archive {summary['zip']}" if summary.get("zip") else "") + "."
        )
        self.eta_label.setText(f"done in {format_seconds(time.monotonic() - self._started)}")
        per_class = summary["per_class"]
        self.result_table.setRowCount(len(per_class))
        for r, (name, n) in enumerate(per_class.items()):
            set_row(self.result_table, r, [name, n["real"], n["synthetic"]])
        self.status_message.emit(f"Export done: {summary['out']}")

    def _on_cancelled(self) -> None:
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.result_label.setText("Export cancelled: nothing was written.")
        self.eta_label.setText("")
        self.status_message.emit("Export cancelled")

    @Slot()
    def _on_browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export into folder (new or empty)",
                                                  str(Path(self.out_edit.text()).parent))
        if folder:
            self.out_edit.setText(folder)

    @Slot()
    def _on_mode_changed(self) -> None:
        self.per_class_spin.setEnabled(self.per_class_radio.isChecked())
        self.balance_spin.setEnabled(self.balance_radio.isChecked())
        self.factor_spin.setEnabled(self.factor_radio.isChecked())

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
        rejected = 0
        if run is not None:
            try:
                rejected = Curation.load(run).count()
            except UserError:
                pass
        self.is_gan = offer_truncation(self.truncation_spin, run_model_name(run) if run else None)
        self._apply_recommendation(run)
        self.hint_label.setText(
            f"Exports synthetic images from the run in {run}"
            + (f" ({rejected:,} images rejected in the gallery)." if rejected else ".")
            if run is not None else
            "Train a model first (step 3, Train): export adds its samples to your dataset."
        )

    def _apply_recommendation(self, run: Path | None) -> None:
        """Make the amount the run's evaluation recommends the default, once per saved report.

        The evaluation's factor (1 + the synthetic amount) selects "Multiply"; later edits are the
        user's until a new report is saved. A report without a gain only says so.
        """
        report = load_report(run) if run is not None else None
        key = (str(run), str(report.get("created"))) if report is not None else None
        if key == self._recommended_for:
            return
        self._recommended_for = key
        rec = (report or {}).get("recommendation")
        if not rec:
            self.recommend_label.hide()
            return
        if rec.get("helps"):
            factor = float(rec.get("factor", 1.0 + rec["amount"]))
            self.factor_radio.setChecked(True)
            self.include_real_check.setChecked(True)
            self.factor_spin.setValue(factor)
            text = (f"×{factor:g} is recommended by the evaluation: adding {rec['amount']:g}× the real "
                    f"count (chosen on validation data) gained {signed_points(rec['gain_mean'])} points "
                    f"on the test images, 95% interval {interval(rec.get('interval'), signed=True)}.")
            if rec.get("filtered"):
                text += (" (It kept only images the judge classifier was sure of; export does not "
                         "filter that way, so the gain may differ.)")
            style = "color: #1B5E20;"
        else:
            text = f"Export is not recommended by the evaluation: {report['verdict']['text']}."
            style = "color: #B71C1C;"
        self.recommend_label.setStyleSheet(style)
        self.recommend_label.setText(text)
        self.recommend_label.show()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Refresh the rejection count: the gallery may have changed it meanwhile."""
        super().showEvent(event)
        self._on_run_changed()


if __name__ == "__main__":
    raise SystemExit(preview(ExportPanel))
