"""Step 2, Model: choose the generative model and every knob of its training, with tooltips."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, Slot
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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.config import RunConfig
from engine.format import format_seconds
from engine.models.registry import MODELS
from engine.train.presets import (
    PRESET_HELP,
    PRESETS,
    apply_preset,
    apply_preset_for,
    estimate_seconds_per_1000_steps,
)
from gui.panels.base import Panel, preview
from gui.panels.model_advanced import ModelOptions
from gui.state import AppState

IMAGE_SIZES = [0, 16, 24, 28, 32, 48, 64, 96, 128]  # 0 = automatic; sizes the networks support
DEVICES = {"auto": "Automatic (GPU if there is one)", "cpu": "CPU", "cuda": "CUDA GPU"}


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
        self.model_combo = QComboBox()
        for name, spec in MODELS.items():  # the families of the registry, with their descriptions
            self.model_combo.addItem(f"{spec.title} ({name})", name)
            self.model_combo.setItemData(self.model_combo.count() - 1, spec.description,
                                         Qt.ItemDataRole.ToolTipRole)
        self.model_combo.setToolTip("The family of generative model to train")
        self.model_help = QLabel()
        self.model_help.setWordWrap(True)
        self.size_combo = QComboBox()
        for size in IMAGE_SIZES:
            self.size_combo.addItem(f"{size} × {size} px" if size else "Automatic (the images' own "
                                    "size where the networks allow, at most 64; 16 for the sample)", size)
        self.size_combo.setToolTip("Images are resized (and centre-cropped) to this square size; "
                                   "changing it reloads the dataset. Bigger is slower.")
        self.latent_spin = _spin(2, 1024, "Length of the random noise vector z each image starts "
                                 "from; more gives the model more room for variety")
        self.width_spin = _spin(0, 1024, "Base number of feature maps: the model's capacity; "
                                "time per step grows roughly with its square. Automatic: 32 "
                                "up to 16 px, else 64", step=8)
        self.width_spin.setSpecialValueText("Automatic")
        self.batch_spin = _spin(2, 4096, "Images per optimisation step; small data trains best "
                                "with small batches")
        self.steps_radio = QRadioButton("Steps")
        self.minutes_radio = QRadioButton("Minutes")
        self.steps_spin = _spin(1, 10_000_000, "Number of optimisation steps to train for",
                                step=100)
        self.minutes_spin = QDoubleSpinBox()
        self.minutes_spin.setRange(0.1, 7 * 24 * 60)
        self.minutes_spin.setDecimals(1)
        self.minutes_spin.setValue(5.0)  # offered when the user switches the budget to time
        self.minutes_spin.setToolTip("Train for this much wall-clock time instead of a step count")
        budget_group = QButtonGroup(self)
        budget_group.addButton(self.steps_radio)
        budget_group.addButton(self.minutes_radio)
        budget = QHBoxLayout()
        for w in (self.steps_radio, self.steps_spin, self.minutes_radio, self.minutes_spin):
            budget.addWidget(w)
        budget.addStretch(1)
        self.lr_spin = QDoubleSpinBox()
        self.lr_spin.setDecimals(5)
        self.lr_spin.setRange(0.0, 0.1)
        self.lr_spin.setSingleStep(0.0001)
        self.lr_spin.setSpecialValueText("Model default")
        self.lr_spin.setMinimumWidth(140)
        self.lr_spin.setToolTip("Adam learning rate; 0 = the model's default (5e-4 for the GAN, "
                                "1e-3 for the VAE). The presets set 1e-3 with beta1 = 0 for the GAN")
        self.seed_spin = _spin(0, 2**31 - 1, "Seeds weights, batches and noise: the same seed "
                               "repeats the same run on the CPU")
        self.device_combo = QComboBox()
        for key, title in DEVICES.items():
            self.device_combo.addItem(title, key)
        self.device_combo.setToolTip("Where to train; Automatic picks a GPU when one is present")

        self.preset_combo = QComboBox()
        self.preset_combo.addItem("Automatic (from the data and the device)", "auto")
        for name in PRESETS:
            self.preset_combo.addItem(f"{name.title()}: {PRESET_HELP[name]}", name)
        self.preset_combo.setToolTip("Sets the model size and the training budget; every "
                                     "setting below stays editable")
        self.apply_button = QPushButton("Apply preset")
        self.measure_button = QPushButton("Measure speed")
        self.measure_button.setToolTip("Run a few real training steps of these settings on "
                                       "this device and estimate the time per 1,000 steps")
        self.estimate_label = QLabel("Time per 1,000 steps: not measured yet")
        self.save_button = QPushButton("Save config…")
        self.load_button = QPushButton("Load config…")
        preset_row = QHBoxLayout()
        for w in (self.preset_combo, self.apply_button, self.measure_button, self.save_button,
                  self.load_button):
            preset_row.addWidget(w)
        preset_row.addStretch(1)
        self.options = ModelOptions(state)

        model_box = QGroupBox("Model")
        mform = QFormLayout(model_box)
        mform.addRow("Model", self.model_combo)
        mform.addRow("", self.model_help)
        mform.addRow("Image size", self.size_combo)
        mform.addRow("Latent size", self.latent_spin)
        mform.addRow("Width", self.width_spin)
        train_box = QGroupBox("Training")
        tform = QFormLayout(train_box)
        tform.addRow("Budget", budget)
        tform.addRow("Batch size", self.batch_spin)
        tform.addRow("Learning rate", self.lr_spin)
        tform.addRow("Seed", self.seed_spin)
        tform.addRow("Device", self.device_combo)
        for form in (mform, tform):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for combo in (self.model_combo, self.size_combo, self.device_combo):
            combo.setMinimumWidth(360)
        self.model_help.setMinimumWidth(360)
        self.model_help.setMaximumWidth(560)
        layout = QVBoxLayout(self)
        layout.addLayout(preset_row)
        layout.addWidget(self.estimate_label)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(model_box)
        left.addWidget(train_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.options)
        right.addStretch(1)
        columns.addLayout(left)
        columns.addLayout(right)
        columns.addStretch(1)
        layout.addLayout(columns)
        layout.addStretch(1)
        self.apply_button.clicked.connect(self._on_apply_preset)
        self.measure_button.clicked.connect(self._on_measure)
        self.save_button.clicked.connect(self._on_save)
        self.load_button.clicked.connect(self._on_load)

        self._on_config_changed()
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
        self._preset_source: str | None = None  # the dataset the automatic preset was applied to
        state.dataset_changed.connect(self._on_dataset_changed)
        self._on_dataset_changed()

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

    def _apply_preset(self, why: str = "") -> None:
        """Apply the chosen preset as the command line's ``train --preset`` does."""
        data, preset = self.state.dataset, self.preset_combo.currentData()
        if data is not None:
            applied = apply_preset_for(self.state.config, preset, data)
        else:  # nothing loaded yet: the sample's shape
            n, _, _, size = self._data_shape()
            applied = apply_preset(self.state.config, preset, n, size, "cpu")
        self.state.notify_config()
        self.status_message.emit(f"Preset '{applied}' applied{why}")

    @Slot()
    def _on_dataset_changed(self) -> None:
        """A newly loaded dataset gets the automatic preset (as ``train --preset auto``); a reload
        of the same one (another image size, say) keeps the settings the user edited."""
        data = self.state.dataset
        if (data is None or self.preset_combo.currentData() != "auto" or self.state.config_from_run
                or data.source == self._preset_source):
            return
        self._preset_source = data.source
        self._apply_preset(" automatically, from the data and the device")

    @Slot()
    def _on_measure(self) -> None:
        if self.busy:
            return
        _, classes, channels, size = self._data_shape()
        config = RunConfig.from_dict(self.state.config.to_dict())
        self.estimate_label.setText("Time per 1,000 steps: measuring…")
        self.run_task(
            lambda progress, should_stop: estimate_seconds_per_1000_steps(
                config, classes, channels, size),
            on_succeeded=self._on_estimated,
        )

    def _on_estimated(self, seconds: float) -> None:
        cfg = self.state.config.train
        total = f"; this budget: about {format_seconds(seconds * cfg.steps / 1000)}" \
            if cfg.minutes <= 0 else ""
        self.estimate_label.setText(
            f"Time per 1,000 steps on this device: about {format_seconds(seconds)}{total}")

    def set_busy(self, busy: bool) -> None:
        self.measure_button.setEnabled(not busy)
        self.apply_button.setEnabled(not busy)

    @Slot()
    def _on_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save config", "genaug.toml", "TOML (*.toml)")
        if path:
            try:
                Path(path).write_text(self.state.config.to_toml(), encoding="utf-8")
            except OSError as exc:
                self.show_error(f"Could not save {path}: {exc.strerror}")

    @Slot()
    def _on_load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load config", "", "TOML (*.toml)")
        if not path:
            return
        try:
            loaded = RunConfig.from_toml(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            self.show_error(f"Could not read {path}: {exc}")
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
        _select(self.model_combo, cfg.model.name)
        _select(self.size_combo, cfg.data.image_size)
        _select(self.device_combo, cfg.train.device)
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
        spec = MODELS.get(cfg.model.name)
        self.model_help.setText(spec.description if spec is not None else "")
        del blockers


def _spin(low: int, high: int, tip: str, step: int = 1) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setToolTip(tip)
    spin.setGroupSeparatorShown(True)
    spin.setMinimumWidth(140)
    return spin


def _select(combo: QComboBox, data) -> None:
    """Select the item whose data is ``data``, adding it if it is not offered (e.g. "mps")."""
    index = combo.findData(data)
    if index < 0:
        combo.addItem(str(data), data)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


if __name__ == "__main__":
    raise SystemExit(preview(ModelPanel))
