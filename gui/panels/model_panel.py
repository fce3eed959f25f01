"""Step 2, Model: choose the generative model and every knob of its training, with tooltips."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSignalBlocker, Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from engine.config import RunConfig
from engine.format import format_seconds
from engine.models.registry import MODELS
from engine.train.presets import PRESETS, apply_preset, apply_preset_for, estimate_seconds_per_1000_steps
from gui.i18n import translate
from gui.panels.base import Panel, preview
from gui.panels.model_advanced import ModelOptions
from gui.panels.model_texts import DEVICES, GUI_PRESET_HELP, PRESET_TITLES
from gui.state import AppState
from gui.widgets.fields import select_data, step_spin

IMAGE_SIZES = [0, 16, 24, 28, 32, 48, 64, 96, 128]  # 0 = automatic; sizes the networks support


class ModelPanel(Panel):
    """A form over ``state.config.model`` and ``state.config.train`` (and the image size).

    Every edit is written into the shared :class:`RunConfig` at once; a config changed elsewhere
    is shown here through ``_on_config_changed``.

    Parameters
    ----------
    state : AppState
        The shared state.
    parent : QWidget, optional
        Qt parent.
    """

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(state, parent)
        self._estimate: float | None = None  # measured seconds per 1,000 steps, None: not yet
        self._preset_source: str | None = None  # the dataset the automatic preset was applied to
        self._build_fields()
        preset_row = self._build_preset_row()
        self.options = ModelOptions(state)
        self._build_layout(preset_row)
        self._retranslate()
        self._on_config_changed()  # before the fields are connected: showing them is no edit
        self._connect(state)
        self._on_dataset_changed()

    def _build_fields(self) -> None:
        """The model and training fields, one widget per setting of the config."""
        self.model_combo = QComboBox()
        for name in MODELS:  # the families of the registry (texts set in _retranslate)
            self.model_combo.addItem("", name)
        self.model_help = QLabel()
        self.model_help.setWordWrap(True)
        self.size_combo = QComboBox()
        for size in IMAGE_SIZES:
            self.size_combo.addItem("", size)
        self.latent_spin = step_spin(2, 1024)
        self.width_spin = step_spin(0, 1024, step=8)
        self.batch_spin = step_spin(2, 4096)
        self.steps_radio = QRadioButton()
        self.minutes_radio = QRadioButton()
        self.steps_spin = step_spin(1, 10_000_000, step=100)
        self.minutes_spin = QDoubleSpinBox()
        self.minutes_spin.setRange(0.1, 7 * 24 * 60)
        self.minutes_spin.setDecimals(1)
        self.minutes_spin.setValue(5.0)  # offered when the user switches the budget to time
        budget_group = QButtonGroup(self)
        budget_group.addButton(self.steps_radio)
        budget_group.addButton(self.minutes_radio)
        self.lr_spin = QDoubleSpinBox()
        self.lr_spin.setDecimals(5)
        self.lr_spin.setRange(0.0, 0.1)
        self.lr_spin.setSingleStep(0.0001)
        self.lr_spin.setMinimumWidth(140)
        self.seed_spin = step_spin(0, 2**31 - 1)
        self.device_combo = QComboBox()
        for key in DEVICES:
            self.device_combo.addItem("", key)

    def _build_preset_row(self) -> QHBoxLayout:
        """Preset, Apply, Measure speed, Save and Load settings, in one row."""
        self.preset_combo = QComboBox()
        self.preset_combo.addItem("", "auto")
        for name in PRESETS:
            self.preset_combo.addItem("", name)
        self.apply_button = QPushButton()
        self.measure_button = QPushButton()
        self.estimate_label = QLabel()
        self.save_button = QPushButton()
        self.load_button = QPushButton()
        preset_row = QHBoxLayout()
        for w in (self.preset_combo, self.apply_button, self.measure_button, self.save_button,
                  self.load_button):
            preset_row.addWidget(w)
        preset_row.addStretch(1)
        self.apply_button.clicked.connect(self._on_apply_preset)
        self.measure_button.clicked.connect(self._on_measure)
        self.save_button.clicked.connect(self._on_save)
        self.load_button.clicked.connect(self._on_load)
        return preset_row

    def _build_layout(self, preset_row: QHBoxLayout) -> None:
        """Presets on top; the model and training forms on the left, the advanced options right."""
        budget = QHBoxLayout()
        for w in (self.steps_radio, self.steps_spin, self.minutes_radio, self.minutes_spin):
            budget.addWidget(w)
        budget.addStretch(1)
        self.model_box = QGroupBox()
        mform = QFormLayout(self.model_box)
        self.train_box = QGroupBox()
        tform = QFormLayout(self.train_box)
        self._titles: list[tuple[QLabel, str]] = []  # form row labels with their source text
        for form, title, field in (
                (mform, QT_TRANSLATE_NOOP("ModelPanel", "Model"), self.model_combo),
                (mform, "", self.model_help),
                (mform, QT_TRANSLATE_NOOP("ModelPanel", "Image size"), self.size_combo),
                (mform, QT_TRANSLATE_NOOP("ModelPanel", "Latent size"), self.latent_spin),
                (mform, QT_TRANSLATE_NOOP("ModelPanel", "Width"), self.width_spin),
                (tform, QT_TRANSLATE_NOOP("ModelPanel", "Budget"), budget),
                (tform, QT_TRANSLATE_NOOP("ModelPanel", "Batch size"), self.batch_spin),
                (tform, QT_TRANSLATE_NOOP("ModelPanel", "Learning rate"), self.lr_spin),
                (tform, QT_TRANSLATE_NOOP("ModelPanel", "Seed"), self.seed_spin),
                (tform, QT_TRANSLATE_NOOP("ModelPanel", "Device"), self.device_combo)):
            label = QLabel()
            self._titles.append((label, title))
            form.addRow(label, field)
        for form in (mform, tform):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for combo in (self.model_combo, self.size_combo, self.device_combo):
            combo.setMinimumWidth(360)
        self.model_help.setFixedWidth(480)  # one width: its wrapped height is the one it gets
        layout = QVBoxLayout(self)
        layout.addLayout(preset_row)
        layout.addWidget(self.estimate_label)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.model_box)
        left.addWidget(self.train_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.options)
        right.addStretch(1)
        columns.addLayout(left)
        columns.addLayout(right)
        columns.addStretch(1)
        layout.addLayout(columns)
        layout.addStretch(1)

    def _connect(self, state: AppState) -> None:
        """Every edit goes into the shared config at once; the config and dataset come back."""
        self.model_combo.currentIndexChanged.connect(self._on_model_changed)
        self.size_combo.currentIndexChanged.connect(self._on_size_changed)
        self.latent_spin.valueChanged.connect(lambda v: self._set("model", "latent_dim", v))
        self.width_spin.valueChanged.connect(lambda v: self._set("model", "width", v))
        self.batch_spin.valueChanged.connect(lambda v: self._set("train", "batch_size", v))
        self.steps_spin.valueChanged.connect(lambda v: self._set("train", "steps", v))
        self.minutes_spin.valueChanged.connect(self._on_budget_changed)
        self.steps_radio.toggled.connect(self._on_budget_changed)
        self.lr_spin.valueChanged.connect(lambda v: self._set("train", "lr", v))
        self.seed_spin.valueChanged.connect(lambda v: self._set("train", "seed", v))
        self.device_combo.currentIndexChanged.connect(self._on_device_changed)
        state.config_changed.connect(self._on_config_changed)
        state.dataset_changed.connect(self._on_dataset_changed)

    def _retranslate(self) -> None:
        for i, (name, spec) in enumerate(MODELS.items()):
            self.model_combo.setItemText(i, self.tr("{title} ({name})").format(
                title=translate("ModelPanel", spec.title), name=name))
            self.model_combo.setItemData(i, translate("ModelPanel", spec.description),
                                         Qt.ItemDataRole.ToolTipRole)
        self.model_combo.setToolTip(self.tr("The family of generative model to train"))
        for i, size in enumerate(IMAGE_SIZES):
            self.size_combo.setItemText(i, self.tr("{size} × {size} px").format(size=size) if size
                                        else self.tr("Automatic (the images' own size, at most "
                                                     "64 px)"))
        self.size_combo.setToolTip(self.tr("Images are resized (and centre-cropped) to this square "
                                           "size; changing it reloads the dataset. Bigger is slower."))
        self.latent_spin.setToolTip(self.tr("Length of the random noise vector z each image starts "
                                            "from; more gives the model more room for variety"))
        self.width_spin.setToolTip(self.tr("Base number of feature maps: the model's capacity; time "
                                           "per step grows roughly with its square. Automatic: 32 "
                                           "up to 16 px, else 64"))
        self.width_spin.setSpecialValueText(self.tr("Automatic"))
        self.batch_spin.setToolTip(self.tr("Images per optimisation step; small data trains best "
                                           "with small batches"))
        self.steps_radio.setText(self.tr("Steps"))
        self.steps_radio.setToolTip(self.tr("Budget the run in optimisation steps"))
        self.minutes_radio.setText(self.tr("Minutes"))
        self.minutes_radio.setToolTip(self.tr("Budget the run in minutes of wall-clock time"))
        self.steps_spin.setToolTip(self.tr("Number of optimisation steps to train for"))
        self.minutes_spin.setToolTip(self.tr("Train for this much wall-clock time instead of a "
                                             "step count"))
        self.lr_spin.setSpecialValueText(self.tr("Model default"))
        self.lr_spin.setToolTip(self.tr("Adam learning rate; 0 = the model's default (5e-4 for the "
                                        "GAN, 1e-3 for the VAE). The presets set 1e-3 with beta1 = 0 "
                                        "for the GAN"))
        self.seed_spin.setToolTip(self.tr("Seeds weights, batches and noise: the same seed repeats "
                                          "the same run on the CPU"))
        for i, title in enumerate(DEVICES.values()):
            self.device_combo.setItemText(i, translate("ModelPanel", title))
        self.device_combo.setToolTip(self.tr("Where to train; Automatic picks a GPU when one is "
                                             "present"))
        self.preset_combo.setItemText(0, self.tr("Automatic (from the data and the device)"))
        for i, name in enumerate(PRESETS, start=1):
            self.preset_combo.setItemText(i, self.tr("{name}: {help}").format(
                name=translate("ModelPanel", PRESET_TITLES[name]),
                help=translate("ModelPanel", GUI_PRESET_HELP[name])))
        self.preset_combo.setToolTip(self.tr("Sets the model size and the training budget; every "
                                             "setting below stays editable"))
        self.apply_button.setText(self.tr("Apply preset"))
        self.apply_button.setToolTip(self.tr("Apply the chosen preset to the settings below, then "
                                             "measure its speed"))
        self.measure_button.setText(self.tr("Measure speed"))
        self.measure_button.setToolTip(self.tr("Run a few real training steps of these settings on "
                                               "this device and estimate the time per 1,000 steps"))
        self.save_button.setText(self.tr("Save config…"))
        self.save_button.setToolTip(self.tr("Save the model and training settings as a TOML file"))
        self.load_button.setText(self.tr("Load config…"))
        self.load_button.setToolTip(self.tr("Load model and training settings from a TOML file; "
                                            "the loaded dataset stays"))
        self.model_box.setTitle(self.tr("Model"))
        self.train_box.setTitle(self.tr("Training"))
        for label, title in self._titles:
            label.setText(translate("ModelPanel", title) if title else "")
        self._show_model_help()
        self._show_estimate()

    def _show_model_help(self) -> None:
        spec = MODELS.get(self.state.config.model.name)
        self.model_help.setText(translate("ModelPanel", spec.description) if spec is not None else "")

    def _data_shape(self) -> tuple[int, int, int, int]:
        """(images, classes, channels, size) of the loaded data, or of the sample's defaults."""
        data = self.state.dataset
        size = self.state.config.data.image_size or (data.image_size if data else 16)
        if data is None:
            return 0, 10, 1, size
        return len(data), data.num_classes, data.channels, size

    @Slot()
    def _on_apply_preset(self) -> None:
        self._apply_preset()
        self._on_measure()

    def _apply_preset(self, why: bool = False) -> None:
        """Apply the chosen preset as the command line's ``train --preset`` does."""
        data, preset = self.state.dataset, self.preset_combo.currentData()
        if data is not None:
            applied = apply_preset_for(self.state.config, preset, data)
        else:  # nothing loaded yet: the sample's shape
            n, _, _, size = self._data_shape()
            applied = apply_preset(self.state.config, preset, n, size, "cpu")
        self.state.notify_config()
        name = translate("ModelPanel", PRESET_TITLES.get(applied, applied))
        self.status_message.emit(self.tr("Preset '{name}' applied automatically, from the data and "
                                         "the device").format(name=name) if why else
                                 self.tr("Preset '{name}' applied").format(name=name))

    @Slot()
    def _on_dataset_changed(self) -> None:
        """A newly loaded dataset gets the automatic preset (as ``train --preset auto``); a reload
        of the same one (another image size, say) keeps the settings the user edited."""
        data = self.state.dataset
        if (data is None or self.preset_combo.currentData() != "auto" or self.state.config_from_run
                or data.source == self._preset_source):
            return
        self._preset_source = data.source
        self._apply_preset(why=True)

    @Slot()
    def _on_measure(self) -> None:
        if self.busy:
            return
        _, classes, channels, size = self._data_shape()
        config = RunConfig.from_dict(self.state.config.to_dict())
        self._estimate = None
        self.estimate_label.setText(self.tr("Time per 1,000 steps: measuring…"))
        self.run_task(
            lambda progress, should_stop: estimate_seconds_per_1000_steps(
                config, classes, channels, size),
            on_succeeded=self._on_estimated,
        )

    def _on_estimated(self, seconds: float) -> None:
        self._estimate = seconds
        self._show_estimate()

    def _show_estimate(self) -> None:
        seconds, cfg = self._estimate, self.state.config.train
        if seconds is None:
            if not self.busy:
                self.estimate_label.setText(self.tr("Time per 1,000 steps: not measured yet"))
            return
        total = self.tr("; this budget: about {time}").format(
            time=format_seconds(seconds * cfg.steps / 1000)) if cfg.minutes <= 0 else ""
        self.estimate_label.setText(self.tr("Time per 1,000 steps on this device: about "
                                            "{time}{total}").format(time=format_seconds(seconds),
                                                                    total=total))

    def set_busy(self, busy: bool) -> None:
        self.measure_button.setEnabled(not busy)
        self.apply_button.setEnabled(not busy)

    @Slot()
    def _on_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save config"), "genaug.toml",
                                              self.tr("TOML files (*.toml)"))
        if path:
            try:
                Path(path).write_text(self.state.config.to_toml(), encoding="utf-8")
            except OSError as exc:
                self.show_error(self.tr("Could not save {path}: {reason}").format(
                    path=path, reason=exc.strerror))

    @Slot()
    def _on_load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Load config"), "",
                                              self.tr("TOML files (*.toml)"))
        if not path:
            return
        try:
            loaded = RunConfig.from_toml(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            self.show_error(self.tr("Could not read {path}: {reason}").format(path=path, reason=exc))
            return
        loaded.data.path = self.state.config.data.path  # the loaded dataset stays
        for section in ("model", "train"):
            setattr(self.state.config, section, getattr(loaded, section))
        self.state.notify_config()

    def _set(self, section: str, name: str, value) -> None:
        self.state.set_option(section, name, value)

    @Slot()
    def _on_model_changed(self) -> None:
        self._set("model", "name", self.model_combo.currentData())

    @Slot()
    def _on_size_changed(self) -> None:
        self._set("data", "image_size", self.size_combo.currentData())

    @Slot()
    def _on_device_changed(self) -> None:
        self._set("train", "device", self.device_combo.currentData())

    @Slot()
    def _on_budget_changed(self) -> None:
        by_steps = self.steps_radio.isChecked()
        self.steps_spin.setEnabled(by_steps)
        self.minutes_spin.setEnabled(not by_steps)
        self._set("train", "minutes", 0.0 if by_steps else self.minutes_spin.value())

    @Slot()
    def _on_config_changed(self) -> None:
        """Show the config's values (signals blocked, so showing them writes nothing back)."""
        cfg = self.state.config
        widgets = (self.model_combo, self.size_combo, self.latent_spin, self.width_spin,
                   self.batch_spin, self.steps_spin, self.minutes_spin, self.steps_radio,
                   self.minutes_radio, self.lr_spin, self.seed_spin, self.device_combo)
        blockers = [QSignalBlocker(w) for w in widgets]
        select_data(self.model_combo, cfg.model.name)
        select_data(self.size_combo, cfg.data.image_size)
        select_data(self.device_combo, cfg.train.device)
        self.latent_spin.setValue(cfg.model.latent_dim)
        self.width_spin.setValue(cfg.model.width)
        self.batch_spin.setValue(cfg.train.batch_size)
        self.steps_spin.setValue(cfg.train.steps)
        by_steps = cfg.train.minutes <= 0
        if not by_steps:
            self.minutes_spin.setValue(cfg.train.minutes)
        self.steps_radio.setChecked(by_steps)
        self.minutes_radio.setChecked(not by_steps)
        self.steps_spin.setEnabled(by_steps)
        self.minutes_spin.setEnabled(not by_steps)
        self.lr_spin.setValue(cfg.train.lr)
        self.seed_spin.setValue(cfg.train.seed)
        self._show_model_help()
        del blockers


if __name__ == "__main__":
    raise SystemExit(preview(ModelPanel))
