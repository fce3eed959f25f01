"""The Export step's form: where to write, how many images, which to leave out, seed and noise.

:class:`ExportOptions` holds every option of the command line's ``export`` and turns them into an
:class:`~engine.export.dataset.ExportRequest`; the Export panel (:mod:`gui.panels.export_panel`)
runs it and shows the result.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal, Slot
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
    QPushButton,
    QRadioButton,
    QWidget,
)

from engine.data.sample import SAMPLE_NAME
from engine.export.dataset import ExportRequest
from engine.export.moved import MAX_MOVED_COPIES
from gui.widgets.fields import int_spin, offer_truncation, truncation_spin


class ExportOptions(QGroupBox):
    """The export options in one form (the amount as N per class, balance to M or a factor; moved
    copies of the real images; real files copied, linked or left out; memorised samples, gallery
    rejections and samples the judge is unsure of left out; add to a folder; zip; sample sheet;
    seed, temperature, truncation).

    Signals
    -------
    changed()
        The user changed an option.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.is_gan = False  # the run is a GAN: only then is truncation offered
        self.has_judge = False  # the run's evaluation saved its judge: only then can it filter
        self._build_options()
        self._build_form()
        self._connect()
        self._on_confidence_toggled()
        self.retranslate()

    def _build_options(self) -> None:
        """One widget per option (laid out by :meth:`_build_form`)."""
        self.out_edit = QLineEdit()
        self.browse_button = QPushButton()
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
        self.filter_check = QCheckBox()
        self.confidence_check = QCheckBox()  # the CLI's --min-confidence: off, or a probability
        self.confidence_spin = QDoubleSpinBox()
        self.confidence_spin.setRange(0.01, 0.99)
        self.confidence_spin.setSingleStep(0.05)
        self.confidence_spin.setDecimals(2)
        self.confidence_spin.setValue(0.9)  # the evaluation's default confidence (EvalConfig)
        self.size_combo = QComboBox()  # one image size in the folder, chosen, never mixed
        self.size_combo.addItem("", "real")
        self.size_combo.addItem("", "trained")
        self.size_label = QLabel()
        self.size_label.setBuddy(self.size_combo)
        self.moved_spin = int_spin(0, MAX_MOVED_COPIES, 0, "")  # the CLI's --moved-copies
        self.moved_spin.setMinimumWidth(90)  # room for "none" in every language
        self.moved_label = QLabel()
        self.moved_label.setBuddy(self.moved_spin)
        self.seed_spin = int_spin(0, 2**31 - 1, 0, "")
        self.seed_spin.setMaximumWidth(160)
        self.temperature_label, self.truncation_label = QLabel(), QLabel()

    def _build_form(self) -> None:
        """The options in one form: output, amount, image size, filters, seed and noise."""
        self.form = QFormLayout(self)
        self.out_label, self.amount_label, self.seed_label = QLabel(), QLabel(), QLabel()
        self.out_label.setBuddy(self.out_edit)
        self.amount_label.setBuddy(self.per_class_radio)
        self.seed_label.setBuddy(self.seed_spin)
        self.form.addRow(self.out_label, _row(self.out_edit, self.browse_button, stretch=False))
        self.form.addRow(self.amount_label, _row(self.per_class_radio, self.per_class_spin))
        self.form.addRow("", _row(self.balance_radio, self.balance_spin))
        self.form.addRow("", _row(self.factor_radio, self.factor_spin))
        self.form.addRow(self.size_label, self.size_combo)
        self.form.addRow(self.moved_label, _row(self.moved_spin))
        for check in (self.include_real_check, self.link_check, self.curation_check, self.filter_check):
            self.form.addRow("", check)
        self.form.addRow("", _row(self.confidence_check, self.confidence_spin))
        for check in (self.add_check, self.zip_check, self.sheet_check):
            self.form.addRow("", check)
        self.temperature_label.setBuddy(self.temperature_spin)
        self.truncation_label.setBuddy(self.truncation_spin)
        self.form.addRow(self.seed_label, _row(self.seed_spin, self.temperature_label,
                                               self.temperature_spin, self.truncation_label,
                                               self.truncation_spin))

    def _connect(self) -> None:
        self.browse_button.clicked.connect(self._on_browse)
        self.per_class_radio.toggled.connect(self._on_mode_changed)
        self.balance_radio.toggled.connect(self._on_mode_changed)
        self.include_real_check.toggled.connect(self.link_check.setEnabled)
        self.confidence_check.toggled.connect(self._on_confidence_toggled)
        for box in (self.per_class_radio, self.balance_radio, self.factor_radio, self.include_real_check,
                    self.link_check, self.curation_check, self.filter_check, self.confidence_check,
                    self.add_check, self.zip_check, self.sheet_check):
            box.toggled.connect(self.changed)
        for spin in (self.per_class_spin, self.balance_spin, self.factor_spin, self.temperature_spin,
                     self.truncation_spin, self.confidence_spin, self.seed_spin, self.moved_spin):
            spin.valueChanged.connect(self.changed)
        self.out_edit.textEdited.connect(self.changed)
        self.size_combo.currentIndexChanged.connect(self.changed)

    def retranslate(self) -> None:
        """Every text and tooltip of the form in the current language."""
        self.size_combo.setItemText(0, self.tr("Synthetic images at the real images' size"))
        self.size_combo.setItemText(1, self.tr("Every image, real ones too, at the trained size"))
        self.size_combo.setToolTip(self.tr("The exported folder holds one image size: the synthetic "
                                           "images are resized to the real files' most common size, "
                                           "or the real images are written at the size the model was "
                                           "trained at"))
        self.size_label.setText(self.tr("Image size"))
        self.moved_label.setText(self.tr("&Moved copies of each real image"))
        self.moved_spin.setSpecialValueText(self.tr("none"))
        self.moved_spin.setToolTip(self.tr(
            "Also write this many moved copies of every real image (small rotation, shift and zoom; "
            "flips only where the run's evaluation measured them safe): classical augmentation written "
            "out, for a classifier that trains on the folder without augmenting it. They come on top of "
            "the amount, and the evaluation's \u201creal + classical\u201d bar shows what such moves are "
            "worth on your data"))
        self.setTitle(self.tr("Augmented dataset"))
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
        self._set_confidence_tooltip()
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

    def _set_confidence_tooltip(self) -> None:
        self.confidence_check.setToolTip(
            self.tr("The judge is the classifier the run's evaluation trained on real images; a sample is "
               "kept only if the judge gives it its class with at least this probability (replacements "
               "come from further seeds)") if self.has_judge else
            self.tr("Needs the run's evaluation (step 5, Evaluate): it trains the judge this filter uses"))

    # ---------------------------------------------------------------- the run and the dataset
    def set_run(self, model_name: str | None, has_judge: bool) -> None:
        """Offer truncation for a GAN run, the judge's filter when the run's evaluation saved one."""
        self.is_gan = offer_truncation(self.truncation_spin, model_name)
        self.has_judge = has_judge
        self._on_confidence_toggled()
        self._set_confidence_tooltip()

    def suggest_folder(self, data_path: str) -> None:
        """Suggest ``<Documents>/<dataset>-augmented-<time>`` as the output for ``data_path``."""
        name = "digits" if data_path == SAMPLE_NAME else Path(data_path).name or "dataset"
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        base = Path(docs or Path.home())
        self.out_edit.setText(str(base / f"{name}-augmented-{time.strftime('%Y%m%d-%H%M')}"))

    def use_factor(self, factor: float, confidence: float | None) -> None:
        """Set "Multiply by ``factor``" with the real images, and the judge's filter at
        ``confidence`` when given (and the run has a judge)."""
        self.factor_radio.setChecked(True)
        self.include_real_check.setChecked(True)
        self.factor_spin.setValue(factor)
        if confidence is not None and self.has_judge:
            self.confidence_spin.setValue(confidence)
            self.confidence_check.setChecked(True)

    # ---------------------------------------------------------------- values
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
                "size": self.size_combo.currentData(), "moved_copies": self.moved_spin.value()}

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
                          ("seed", self.seed_spin), ("moved_copies", self.moved_spin)):
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

    def request(self, run_dir: str, data: str) -> ExportRequest:
        """The :class:`ExportRequest` the form describes, for the run ``run_dir`` on ``data``."""
        return ExportRequest(
            run_dir=run_dir, data=data,
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
            size=self.size_combo.currentData(), moved_copies=self.moved_spin.value(),
        )

    # ---------------------------------------------------------------- slots
    @Slot()
    def _on_browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export into folder (new or empty)"),
                                                  str(Path(self.out_edit.text()).parent))
        if folder:
            self.out_edit.setText(folder)
            self.changed.emit()

    @Slot()
    def _on_mode_changed(self) -> None:
        self.per_class_spin.setEnabled(self.per_class_radio.isChecked())
        self.balance_spin.setEnabled(self.balance_radio.isChecked())
        self.factor_spin.setEnabled(self.factor_radio.isChecked())

    @Slot()
    def _on_confidence_toggled(self) -> None:
        self.confidence_check.setEnabled(self.has_judge)
        self.confidence_spin.setEnabled(self.has_judge and self.confidence_check.isChecked())


def _row(*widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
    """``widgets`` side by side (the first one stretching when ``stretch`` is False)."""
    row = QHBoxLayout()
    for i, widget in enumerate(widgets):
        row.addWidget(widget, 1 if (i == 0 and not stretch) else 0)
    if stretch:
        row.addStretch(1)
    return row
