"""Step 6, Export: write an augmented dataset folder (real + accepted synthetic) with a manifest.

Three modes (N per class, balance to M, multiply by a factor), real files copied or hard-linked,
the gallery's rejections skipped, near-copies and samples the evaluation's judge does not recognise
left out, optional zip and sample sheet; progress with the time left.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QStandardPaths, Signal, Slot
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
from engine.runs import files, run_model_name
from gui.engine_text import engine_text
from gui.evaluation_text import interval, signed_points
from gui.panels.base import Panel, preview
from gui.state import AppState
from gui.themes import current_theme
from gui.widgets.fields import int_spin, offer_truncation, truncation_spin
from gui.widgets.tables import make_table, set_row


class ExportPanel(Panel):
    """Choose where and how much to export, run ``export_dataset`` and show what was written.

    Every option of the command line's ``export`` is here (the amount as N per class, balance to M
    or a factor; real files copied, linked or left out; memorised samples and gallery rejections
    left out; the judge-confidence filter; add to a folder; zip; sample sheet; seed, temperature,
    truncation).

    Parameters
    ----------
    state : AppState
        The shared state; exports ``state.trained_run`` with ``state.config.data.path``.
    parent : QWidget, optional
        Qt parent.

    Signals
    -------
    settings_changed()
        The user changed an export setting (a project then has unsaved changes).
    """

    error_title = QT_TRANSLATE_NOOP("Panel", "Export failed")
    settings_changed = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.last_summary: dict | None = None
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)

        self.out_edit = QLineEdit()
        self.browse_button = QPushButton()
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.browse_button)

        self.per_class_radio = QRadioButton()
        self.balance_radio = QRadioButton()
        self.factor_radio = QRadioButton()
        self.per_class_radio.setChecked(True)
        mode = QButtonGroup(self)
        mode.addButton(self.per_class_radio)
        mode.addButton(self.balance_radio)
        mode.addButton(self.factor_radio)
        self.factor_spin = QDoubleSpinBox()
        self.factor_spin.setRange(0.01, 1000.0)
        self.factor_spin.setValue(2.0)
        self.factor_spin.setSingleStep(0.5)
        self.factor_spin.setEnabled(False)
        self.per_class_spin = int_spin(0, 1_000_000, 100, "")
        self.balance_spin = int_spin(1, 1_000_000, 500, "")
        self.balance_spin.setEnabled(False)
        self.include_real_check = QCheckBox()
        self.include_real_check.setChecked(True)
        self.link_check = QCheckBox()
        self.curation_check = QCheckBox()
        self.curation_check.setChecked(True)
        self.add_check = QCheckBox()
        self.zip_check = QCheckBox()
        self.sheet_check = QCheckBox()
        self.sheet_check.setChecked(True)
        self.temperature_spin = QDoubleSpinBox()
        self.temperature_spin.setRange(0.05, 3.0)
        self.temperature_spin.setSingleStep(0.1)
        self.temperature_spin.setValue(1.0)
        self.truncation_spin = truncation_spin()  # as in the gallery and the CLI's --truncation
        self.is_gan = False  # the run is a GAN: only then is truncation offered
        self.filter_check = QCheckBox()
        self.confidence_check = QCheckBox()  # the CLI's --min-confidence: off, or a probability
        self.confidence_spin = QDoubleSpinBox()
        self.confidence_spin.setRange(0.01, 0.99)
        self.confidence_spin.setSingleStep(0.05)
        self.confidence_spin.setDecimals(2)
        self.confidence_spin.setValue(0.9)  # the evaluation's default confidence (EvalConfig)
        self.has_judge = False  # the run's evaluation saved its judge: only then can it filter
        self.recommend_label = QLabel()  # what the run's evaluation recommends, when it has one
        self.recommend_label.setWordWrap(True)
        self.recommend_label.hide()
        self._recommended_for: tuple[str, str] | None = None  # (run, report time) applied last
        self.size_combo = QComboBox()  # one image size in the folder, chosen, never mixed
        self.size_combo.addItem("", "real")
        self.size_combo.addItem("", "trained")
        self.size_label = QLabel()
        self.size_label.setBuddy(self.size_combo)
        self._recommendation: tuple[dict, dict] | None = None  # (recommendation, report) shown
        self.seed_spin = int_spin(0, 2**31 - 1, 0, "")
        self.seed_spin.setMaximumWidth(160)

        self.form_box = QGroupBox()
        self.form = QFormLayout(self.form_box)
        self.out_label, self.amount_label, self.seed_label = QLabel(), QLabel(), QLabel()
        self.out_label.setBuddy(self.out_edit)
        self.amount_label.setBuddy(self.per_class_radio)
        self.seed_label.setBuddy(self.seed_spin)
        self.form.addRow(self.out_label, out_row)
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
        self.form.addRow(self.amount_label, per_row)
        self.form.addRow("", bal_row)
        self.form.addRow("", fac_row)
        self.form.addRow(self.size_label, self.size_combo)
        for check in (self.include_real_check, self.link_check, self.curation_check, self.filter_check):
            self.form.addRow("", check)
        conf_row = QHBoxLayout()
        conf_row.addWidget(self.confidence_check)
        conf_row.addWidget(self.confidence_spin)
        conf_row.addStretch(1)
        self.form.addRow("", conf_row)
        for check in (self.add_check, self.zip_check, self.sheet_check):
            self.form.addRow("", check)
        self.temperature_label, self.truncation_label = QLabel(), QLabel()
        self.temperature_label.setBuddy(self.temperature_spin)
        self.truncation_label.setBuddy(self.truncation_spin)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed_spin)
        seed_row.addWidget(self.temperature_label)
        seed_row.addWidget(self.temperature_spin)
        seed_row.addWidget(self.truncation_label)
        seed_row.addWidget(self.truncation_spin)
        seed_row.addStretch(1)
        self.form.addRow(self.seed_label, seed_row)

        self.export_button = QPushButton()
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.progress_bar = QProgressBar()
        self.eta_label = QLabel()
        self.eta_label.setMinimumWidth(200)
        self._eta_text = lambda: ""  # the progress line (re-made on a language change)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress_bar, 1)
        buttons.addWidget(self.eta_label)
        self._started = 0.0

        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_table = make_table(["", "", ""])
        self.result_table.setMaximumWidth(560)
        self.result_box = QGroupBox()
        result_layout = QVBoxLayout(self.result_box)
        result_layout.addWidget(self.result_label)
        result_layout.addWidget(self.result_table, 1)
        self._result_state = ""  # "", "running", "done", "cancelled": what result_label says

        layout = QVBoxLayout(self)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.recommend_label)  # full width: a long verdict wraps, never clipped
        layout.addWidget(self.form_box)
        layout.addLayout(buttons)
        layout.addWidget(self.result_box, 1)

        self.browse_button.clicked.connect(self._on_browse)
        self.per_class_radio.toggled.connect(self._on_mode_changed)
        self.balance_radio.toggled.connect(self._on_mode_changed)
        self.include_real_check.toggled.connect(self.link_check.setEnabled)
        self.confidence_check.toggled.connect(self._on_confidence_toggled)
        self.export_button.clicked.connect(self.export)
        self.cancel_button.clicked.connect(self.cancel)
        for box in (self.per_class_radio, self.balance_radio, self.factor_radio, self.include_real_check,
                    self.link_check, self.curation_check, self.filter_check, self.confidence_check,
                    self.add_check, self.zip_check, self.sheet_check):
            box.toggled.connect(self.settings_changed)
        for spin in (self.per_class_spin, self.balance_spin, self.factor_spin, self.temperature_spin,
                     self.truncation_spin, self.confidence_spin, self.seed_spin):
            spin.valueChanged.connect(self.settings_changed)
        self.out_edit.textEdited.connect(self.settings_changed)
        self.size_combo.currentIndexChanged.connect(self.settings_changed)
        state.run_changed.connect(self._on_run_changed)
        state.dataset_changed.connect(self._on_dataset_changed)
        self._on_dataset_changed()
        self._on_run_changed()
        self._on_confidence_toggled()
        self._retranslate()

    def _retranslate(self) -> None:
        """Every text and tooltip of the panel in the current language."""
        self.eta_label.setText(self._eta_text())
        self.size_combo.setItemText(0, self.tr("Synthetic images at the real images' size"))
        self.size_combo.setItemText(1, self.tr("Every image, real ones too, at the trained size"))
        self.size_combo.setToolTip(self.tr("The exported folder holds one image size: the synthetic "
                                           "images are resized to the real files' most common size, "
                                           "or the real images are written at the size the model was "
                                           "trained at"))
        self.size_label.setText(self.tr("Image size"))
        self.form_box.setTitle(self.tr("Augmented dataset"))
        self.out_label.setText(self.tr("&Output folder"))
        self.amount_label.setText(self.tr("&Amount"))
        self.seed_label.setText(self.tr("S&eed"))
        self.out_edit.setToolTip(self.tr("A new (or empty) folder; it appears only when the export is "
                                    "complete. Your dataset folder is never written into."))
        self.browse_button.setText(self.tr("Browse…"))
        self.browse_button.setToolTip(self.tr("Choose the output folder"))
        self.per_class_radio.setText(self.tr("Add N synthetic images to every class"))
        self.per_class_radio.setToolTip(self.tr("The same number of synthetic images in every class"))
        self.balance_radio.setText(self.tr("Balance: bring every class up to M images"))
        self.balance_radio.setToolTip(self.tr("Small classes get more synthetic images than large ones"))
        self.factor_radio.setText(self.tr("Multiply: make every class F times larger"))
        self.factor_radio.setToolTip(self.tr("Every class grows in proportion to its real count"))
        self.factor_spin.setToolTip(self.tr("2 doubles every class (with the real images counted once)"))
        self.per_class_spin.setToolTip(self.tr("Synthetic images added to each class"))
        self.balance_spin.setToolTip(self.tr("Every class is filled up with synthetic images until it holds "
                                        "this many (real ones count)"))
        self.include_real_check.setText(self.tr("Include the real images"))
        self.include_real_check.setToolTip(self.tr("Copy the real files next to the synthetic ones"))
        self.link_check.setText(self.tr("Hard-link real files instead of copying (saves space)"))
        self.link_check.setToolTip(self.tr("A hard link shares the file with your dataset: editing one edits "
                                      "both. Falls back to a copy on another disk."))
        self.curation_check.setText(self.tr("Skip images rejected in the gallery"))
        self.curation_check.setToolTip(self.tr("Rejected seeds are replaced by the next seeds; rejections "
                                          "apply at the temperature and truncation they were made at"))
        self.filter_check.setText(self.tr("Leave out samples that copy a training image"))
        self.filter_check.setToolTip(self.tr("Drop generated images that are near-copies of a real one (and "
                                        "make replacements from further seeds)"))
        self.confidence_check.setText(self.tr("Keep only samples the judge recognises, with probability at "
                                         "least"))
        self.confidence_check.setToolTip(
            self.tr("The judge is the classifier the run's evaluation trained on real images; a sample is "
               "kept only if the judge gives it its class with at least this probability (replacements "
               "come from further seeds)") if self.has_judge else
            self.tr("Needs the run's evaluation (step 5, Evaluate): it trains the judge this filter uses"))
        self.confidence_spin.setToolTip(self.tr("The smallest probability the judge must give the intended "
                                           "class (0.9 is what the evaluation's filtered variants use)"))
        self.add_check.setText(self.tr("Add to the folder if it is not empty (never replaces a file)"))
        self.add_check.setToolTip(self.tr("Files whose names are taken get _1, _2…; nothing is overwritten"))
        self.zip_check.setText(self.tr("Also write a .zip of the folder"))
        self.zip_check.setToolTip(self.tr("A .zip beside the folder, holding the same files"))
        self.sheet_check.setText(self.tr("Also write sample_sheet.png (a grid per class, for reports)"))
        self.sheet_check.setToolTip(self.tr("One row of synthetic images per class, in one picture"))
        self.seed_spin.setToolTip(self.tr("First seed of the synthetic images"))
        self.temperature_label.setText(self.tr("Temperature"))
        self.temperature_spin.setToolTip(self.tr("Noise scale, as in the gallery (use the same value so its "
                                            "rejections apply)"))
        self.truncation_label.setText(self.tr("Truncation"))
        self.export_button.setText(self.tr("Export"))
        self.export_button.setToolTip(self.tr("Write the augmented dataset folder"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop; nothing is written"))
        self.progress_bar.setToolTip(self.tr("Files written"))
        self.result_box.setTitle(self.tr("Result"))
        self.result_table.setHorizontalHeaderLabels([self.tr("Class"), self.tr("Real"), self.tr("Synthetic")])
        self.result_table.setToolTip(self.tr("What was written, per class"))
        self._on_run_changed()
        self._show_recommendation()
        if self._result_state == "done" and self.last_summary is not None:
            self._show_summary(self.last_summary)
        elif self._result_state == "cancelled":
            self.result_label.setText(self.tr("Export cancelled: nothing was written."))

    def settings(self) -> dict:
        """The form as plain values (saved in a project; :meth:`apply_settings` puts them back)."""
        mode = ("per_class" if self.per_class_radio.isChecked() else
                "balance" if self.balance_radio.isChecked() else "factor")
        return {"out": self.out_edit.text().strip(), "mode": mode,
                "per_class": self.per_class_spin.value(), "balance_to": self.balance_spin.value(),
                "factor": self.factor_spin.value(), "include_real": self.include_real_check.isChecked(),
                "link_real": self.link_check.isChecked(), "use_curation": self.curation_check.isChecked(),
                "filter_memorized": self.filter_check.isChecked(),
                "min_confidence": self.confidence_spin.value() if self.confidence_check.isChecked() else 0.0,
                "add_to_existing": self.add_check.isChecked(), "zip": self.zip_check.isChecked(),
                "sheet": self.sheet_check.isChecked(), "seed": self.seed_spin.value(),
                "temperature": self.temperature_spin.value(), "truncation": self.truncation_spin.value(),
                "size": self.size_combo.currentData()}

    def apply_settings(self, values: dict) -> None:
        """Put back what :meth:`settings` returned (missing keys keep the form's value)."""
        v = dict(values)
        if v.get("out"):
            self.out_edit.setText(str(v["out"]))
        radio = {"per_class": self.per_class_radio, "balance": self.balance_radio,
                 "factor": self.factor_radio}.get(v.get("mode"))
        if radio is not None:
            radio.setChecked(True)
        for key, spin in (("per_class", self.per_class_spin), ("balance_to", self.balance_spin),
                          ("seed", self.seed_spin)):
            if key in v:
                spin.setValue(int(v[key]))
        for key, spin in (("factor", self.factor_spin), ("temperature", self.temperature_spin),
                          ("truncation", self.truncation_spin)):
            if key in v:
                spin.setValue(float(v[key]))
        for key, check in (("include_real", self.include_real_check), ("link_real", self.link_check),
                           ("use_curation", self.curation_check), ("filter_memorized", self.filter_check),
                           ("add_to_existing", self.add_check), ("zip", self.zip_check),
                           ("sheet", self.sheet_check)):
            if key in v:
                check.setChecked(bool(v[key]))
        if self.size_combo.findData(v.get("size")) >= 0:
            self.size_combo.setCurrentIndex(self.size_combo.findData(v["size"]))
        if "min_confidence" in v:
            confidence = float(v["min_confidence"])
            self.confidence_check.setChecked(confidence > 0)
            if confidence > 0:
                self.confidence_spin.setValue(confidence)

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
            min_confidence=(self.confidence_spin.value()
                            if self.confidence_check.isChecked() and self.has_judge else 0.0),
            size=self.size_combo.currentData(),
        )

    @Slot()
    def export(self) -> None:
        """Run the export on a worker thread."""
        if self.busy or self.state.trained_run is None:
            return
        req = self.request()
        if not req.out:
            self.show_error(self.tr("Choose an output folder first."))
            return
        self._result_state = "running"
        self.result_label.setText(self.tr("Exporting to {0}…").format(req.out))
        self.result_table.setRowCount(0)
        self._started = time.monotonic()
        self._set_eta(lambda: self.tr("starting…"))
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
        self._set_eta(lambda: self.tr("{0}/{1} files · {2}/s · {3} left").format(
            f"{done:,}", f"{total:,}", f"{rate:,.0f}", format_seconds(eta)))

    def _set_eta(self, text) -> None:
        """Show ``text()`` in the progress line, now and after a language change."""
        self._eta_text = text
        self.eta_label.setText(text())

    def _on_succeeded(self, summary: dict) -> None:
        self.last_summary = summary
        self._result_state = "done"
        self._show_summary(summary)
        took = format_seconds(time.monotonic() - self._started)
        self._set_eta(lambda: self.tr("done in {0}").format(took))
        per_class = summary["per_class"]
        self.result_table.setRowCount(len(per_class))
        for r, (name, n) in enumerate(per_class.items()):
            set_row(self.result_table, r, [name, n["real"], n["synthetic"]])
        self.status_message.emit(self.tr("Export done: {0}").format(summary["out"]))

    def _show_summary(self, summary: dict) -> None:
        """What the export wrote, in one paragraph."""
        extras = [summary["manifest"], summary["card"]] + [x for x in (summary.get("sheet"),) if x]
        head = (self.tr("Added {0} real and {1} synthetic images to {2} (with {3})")
                if summary.get("added_to_existing") else
                self.tr("Wrote {0} real and {1} synthetic images to {2} (with {3})"))
        parts = [head.format(f"{summary['real']:,}", f"{summary['synthetic']:,}", summary["out"],
                             ", ".join(str(x) for x in extras))]
        if summary.get("memorized_rejected"):
            parts.append(self.tr("{0} near-copies of training images left out").format(
                summary["memorized_rejected"]))
        if summary.get("unconfident_rejected"):
            parts.append(self.tr("{0} samples the judge was not sure of left out").format(
                summary["unconfident_rejected"]))
        if summary.get("curation_skipped"):
            parts.append(self.tr("{0} images rejected in the gallery skipped").format(
                summary["curation_skipped"]))
        if summary.get("zip"):
            parts.append(self.tr("archive {0}").format(summary["zip"]))
        self.result_label.setText("; ".join(parts) + ".")

    def _on_cancelled(self) -> None:
        self._result_state = "cancelled"
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.result_label.setText(self.tr("Export cancelled: nothing was written."))
        self._set_eta(lambda: "")
        self.status_message.emit(self.tr("Export cancelled"))

    @Slot()
    def _on_browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export into folder (new or empty)"),
                                                  str(Path(self.out_edit.text()).parent))
        if folder:
            self.out_edit.setText(folder)
            self.settings_changed.emit()

    @Slot()
    def _on_mode_changed(self) -> None:
        self.per_class_spin.setEnabled(self.per_class_radio.isChecked())
        self.balance_spin.setEnabled(self.balance_radio.isChecked())
        self.factor_spin.setEnabled(self.factor_radio.isChecked())

    @Slot()
    def _on_confidence_toggled(self) -> None:
        self.confidence_check.setEnabled(self.has_judge)
        self.confidence_spin.setEnabled(self.has_judge and self.confidence_check.isChecked())

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
        self.has_judge = run is not None and (Path(run) / files.JUDGE).is_file()
        self._on_confidence_toggled()
        self._apply_recommendation(run)
        if run is None:
            self.hint_label.setText(self.tr("Nothing to export yet: train a model first (step 3, Train) "
                                            "or open a finished run from Runs. Export adds its samples "
                                            "to your dataset."))
        elif rejected:
            self.hint_label.setText(self.tr("Exports synthetic images from the run in {0} ({1} images "
                                            "rejected in the gallery).").format(run, f"{rejected:,}"))
        else:
            self.hint_label.setText(self.tr("Exports synthetic images from the run in {0}.").format(run))

    def _apply_recommendation(self, run: Path | None) -> None:
        """Make the amount the run's evaluation recommends the default, once per saved report.

        The evaluation's factor (1 + the synthetic amount) selects "Multiply"; when the recommended
        variant kept only the images the judge was sure of, the same confidence filter is switched
        on. Later edits are the user's until a new report is saved. A report without a gain only
        says so.
        """
        report = load_report(run) if run is not None else None
        key = (str(run), str(report.get("created"))) if report is not None else None
        if key == self._recommended_for:
            return
        self._recommended_for = key
        rec = (report or {}).get("recommendation")
        self._recommendation = (rec, report) if rec else None
        if rec and rec.get("helps"):
            factor = float(rec.get("factor", 1.0 + rec["amount"]))
            self.factor_radio.setChecked(True)
            self.include_real_check.setChecked(True)
            self.factor_spin.setValue(factor)
            if rec.get("filtered") and self.has_judge:
                self.confidence_spin.setValue(float(rec.get("confidence", 0.9)))
                self.confidence_check.setChecked(True)
        self._show_recommendation()

    def _show_recommendation(self) -> None:
        """The recommendation of the run's evaluation, in the current language (hidden if none)."""
        if self._recommendation is None:
            self.recommend_label.hide()
            return
        rec, report = self._recommendation
        if rec.get("helps"):
            factor = float(rec.get("factor", 1.0 + rec["amount"]))
            text = self.tr("×{0} is recommended by the evaluation: adding {1}× the real count (chosen "
                           "on validation data) gained {2} points on the test images, 95% interval "
                           "{3}.").format(f"{factor:g}", f"{rec['amount']:g}",
                                          signed_points(rec["gain_mean"]),
                                          interval(rec.get("interval"), signed=True))
            if rec.get("filtered"):
                text += " " + (self.tr("It kept only the images the judge was at least {0} sure of; the "
                                       "same filter is set below.").format(f"{rec.get('confidence', 0.9):g}")
                               if self.has_judge else
                               self.tr("It kept only the images the judge was sure of, but the judge file "
                                       "is missing from the run, so the gain may differ."))
            style = "color: #1B5E20;" if current_theme() == "light" else "color: #8BD18B;"
        else:
            text = self.tr("Export is not recommended by the evaluation: {0}.").format(
                engine_text(report["verdict"]["text"]))
            style = "color: #B71C1C;" if current_theme() == "light" else "color: #FF8A80;"
        self.recommend_label.setStyleSheet(style)
        self.recommend_label.setText(text)
        self.recommend_label.show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Language changes re-set the texts (Panel); a theme change recolours the recommendation."""
        if event.type() == QEvent.Type.PaletteChange:
            self._show_recommendation()
        super().changeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Refresh the rejection count: the gallery may have changed it meanwhile."""
        super().showEvent(event)
        self._on_run_changed()


if __name__ == "__main__":
    raise SystemExit(preview(ExportPanel))
