"""The model-specific knobs of the Model panel: the GAN's small-data recipe and the VAE's KL."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSignalBlocker, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.models.registry import MODELS
from gui.i18n import RetranslatedOnLanguageChange, translate
from gui.state import AppState

AUGMENTS = {  # DiffAugment policy name -> (label, tooltip), translated where shown
    "translation": (QT_TRANSLATE_NOOP("ModelOptions", "Shift"),
                    QT_TRANSLATE_NOOP("ModelOptions", "Move images by up to 1/8 of their size "
                                      "(real and fake alike)")),
    "cutout": (QT_TRANSLATE_NOOP("ModelOptions", "Cutout"),
               QT_TRANSLATE_NOOP("ModelOptions", "Blank a square of half the image size at a "
                                 "random place")),
    "color": (QT_TRANSLATE_NOOP("ModelOptions", "Colour"),
              QT_TRANSLATE_NOOP("ModelOptions", "Random brightness, saturation and contrast (RGB "
                                "images only)")),
}


class ModelOptions(RetranslatedOnLanguageChange, QWidget):
    """GAN and VAE settings over ``state.config.model`` / ``train``; shows the relevant group."""

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.gan_box = QGroupBox()
        gform = QFormLayout(self.gan_box)
        self.loss_combo = QComboBox()
        self.loss_combo.addItem("", "hinge")
        self.loss_combo.addItem("", "nonsaturating")
        self.sn_check = QCheckBox()
        self.aug_checks: dict[str, QCheckBox] = {}
        aug_row = QHBoxLayout()
        for name in AUGMENTS:
            box = QCheckBox()
            self.aug_checks[name] = box
            aug_row.addWidget(box)
        aug_row.addStretch(1)
        self.ema_spin = QDoubleSpinBox()
        self.ema_spin.setDecimals(4)
        self.ema_spin.setRange(0.0, 0.9999)
        self.ema_spin.setSingleStep(0.001)
        self.ms_spin = QDoubleSpinBox()
        self.ms_spin.setDecimals(2)
        self.ms_spin.setRange(0.0, 10.0)
        self.ms_spin.setSingleStep(0.1)
        self._row_labels = {key: QLabel() for key in ("loss", "augment", "ema", "diversity", "kl")}
        gform.addRow(self._row_labels["loss"], self.loss_combo)
        gform.addRow("", self.sn_check)
        gform.addRow(self._row_labels["augment"], aug_row)
        gform.addRow(self._row_labels["ema"], self.ema_spin)
        gform.addRow(self._row_labels["diversity"], self.ms_spin)

        self.vae_box = QGroupBox()
        vform = QFormLayout(self.vae_box)
        self.kl_spin = QSpinBox()
        self.kl_spin.setRange(0, 1_000_000)
        self.kl_spin.setSingleStep(100)
        self.kl_spin.setGroupSeparatorShown(True)
        vform.addRow(self._row_labels["kl"], self.kl_spin)
        for form in (gform, vform):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.gan_box)
        layout.addWidget(self.vae_box)

        self._retranslate()
        self._on_config_changed()
        self.loss_combo.currentIndexChanged.connect(
            lambda: state.set_option("model", "loss", self.loss_combo.currentData()))
        self.sn_check.toggled.connect(lambda v: state.set_option("model", "spectral_norm", v))
        for box in self.aug_checks.values():
            box.toggled.connect(self._on_augment_changed)
        self.ema_spin.valueChanged.connect(lambda v: state.set_option("model", "ema_decay", v))
        self.ms_spin.valueChanged.connect(lambda v: state.set_option("model", "mode_seeking", v))
        self.kl_spin.valueChanged.connect(lambda v: state.set_option("train", "kl_warmup_steps", v))
        state.config_changed.connect(self._on_config_changed)

    def _retranslate(self) -> None:
        self.gan_box.setTitle(self.tr("GAN recipe (small data)"))
        self.loss_combo.setItemText(0, self.tr("Hinge (Lim & Ye 2017)"))
        self.loss_combo.setItemText(1, self.tr("Non-saturating (Goodfellow et al. 2014)"))
        self.loss_combo.setToolTip(self.tr("The adversarial loss. Hinge stops pushing samples that "
                                           "are already judged well; non-saturating is the original "
                                           "GAN loss"))
        self.sn_check.setText(self.tr("Spectral normalisation in the discriminator"))
        self.sn_check.setToolTip(self.tr("Bounds how sharply the discriminator can change (Miyato "
                                         "et al. 2018): steadier training, but on short runs fewer "
                                         "poses per class"))
        for name, (label, tip) in AUGMENTS.items():
            box = self.aug_checks[name]
            box.setText(translate("ModelOptions", label))
            box.setToolTip(self.tr("DiffAugment (Zhao et al. 2020): {what}. Applied to what the "
                                   "discriminator sees, so it cannot memorise a few hundred "
                                   "images").format(what=translate("ModelOptions", tip)))
        self.ema_spin.setSpecialValueText(self.tr("Off"))
        self.ema_spin.setToolTip(self.tr("Samples come from a moving average of the generator's "
                                         "weights, which is smoother; 0.999 averages over about "
                                         "1,000 steps (with a warm-up, so short runs work too)"))
        self.ms_spin.setSpecialValueText(self.tr("Off"))
        self.ms_spin.setToolTip(self.tr("Diversity term (MSGAN, Mao et al. 2019): pushes two noise "
                                        "vectors of one class to different images, against "
                                        "collapse onto one or two poses per class"))
        self.vae_box.setTitle(self.tr("VAE"))
        self.kl_spin.setToolTip(self.tr("Steps over which the KL weight rises from 0 to 1, so the "
                                        "decoder learns to use the latent code before the prior "
                                        "pulls it in (Bowman et al. 2016)"))
        for key, text in (("loss", self.tr("Loss")), ("augment", self.tr("Augment")),
                          ("ema", self.tr("Average (EMA)")), ("diversity", self.tr("Diversity")),
                          ("kl", self.tr("KL warm-up steps"))):
            self._row_labels[key].setText(text)

    @Slot()
    def _on_augment_changed(self) -> None:
        policy = ",".join(n for n, box in self.aug_checks.items() if box.isChecked())
        self.state.set_option("model", "diffaugment", policy)

    @Slot()
    def _on_config_changed(self) -> None:
        m, t = self.state.config.model, self.state.config.train
        widgets = [self.loss_combo, self.sn_check, self.ema_spin, self.ms_spin, self.kl_spin,
                   *self.aug_checks.values()]
        blockers = [QSignalBlocker(w) for w in widgets]
        self.loss_combo.setCurrentIndex(max(0, self.loss_combo.findData(m.loss)))
        self.sn_check.setChecked(m.spectral_norm)
        policy = {p.strip() for p in m.diffaugment.split(",")}
        for name, box in self.aug_checks.items():
            box.setChecked(name in policy)
        self.ema_spin.setValue(m.ema_decay)
        self.ms_spin.setValue(m.mode_seeking)
        self.kl_spin.setValue(t.kl_warmup_steps)
        knobs = MODELS[m.name].knobs if m.name in MODELS else frozenset()
        self.gan_box.setVisible("loss" in knobs)  # the family's settings, from its registry entry
        self.vae_box.setVisible("kl_warmup_steps" in knobs)
        del blockers
