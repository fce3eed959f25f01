"""Small form fields shared by the panels."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox

from engine.generate import MIN_TRUNCATION
from engine.models.registry import MODELS
from gui.i18n import translate


def int_spin(low: int, high: int, value: int, tip: str) -> QSpinBox:
    """An integer spin box with a range, a start value, a tooltip and thousands separators."""
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setToolTip(tip)
    spin.setGroupSeparatorShown(True)
    return spin


TRUNCATION_TIP = QT_TRANSLATE_NOOP(
    "fields", "GAN truncation trick: noise entries beyond ±T are drawn again, so the images are more "
    "typical and less varied (the smaller T, the stronger). Off keeps the full variety. GAN runs "
    "only; a rejection applies at the truncation it was made at")
VAE_TRUNCATION_TIP = QT_TRANSLATE_NOOP(
    "fields", "Truncation applies to GAN runs only (a VAE has the temperature)")
OFF = QT_TRANSLATE_NOOP("fields", "off")


def truncation_spin() -> QDoubleSpinBox:
    """The GAN truncation field: 0 shows "off"; a value typed between 0 and the minimum is raised to it.

    Gallery and export use the same field, so the same number means the same images in both.
    """
    spin = QDoubleSpinBox()
    spin.setRange(0.0, 3.0)
    spin.setSingleStep(0.1)
    spin.setDecimals(2)
    spin.setSpecialValueText(translate("fields", OFF))
    spin.setKeyboardTracking(False)  # judge the typed number when it is complete, not digit by digit
    spin.setToolTip(translate("fields", TRUNCATION_TIP))

    def snap(value: float) -> None:  # engine.generate.check_truncation refuses (0, MIN_TRUNCATION)
        if 0.0 < value < MIN_TRUNCATION:
            spin.setValue(MIN_TRUNCATION)

    spin.valueChanged.connect(snap)
    return spin


def offer_truncation(spin: QDoubleSpinBox, run_model: str | None) -> bool:
    """Enable ``spin`` for a run whose family has the truncation trick (its registry entry's
    knobs, e.g. the GAN's); returns whether truncation applies.

    Also sets its texts in the current language: call it again after a language change.
    """
    spec = MODELS.get(run_model or "")
    is_gan = spec is not None and "truncation" in spec.knobs
    spin.setEnabled(is_gan)
    spin.setSpecialValueText(translate("fields", OFF))
    spin.setToolTip(translate("fields", TRUNCATION_TIP if is_gan or run_model is None else
                              VAE_TRUNCATION_TIP))
    return is_gan


def step_spin(low: int, high: int, step: int = 1) -> QSpinBox:
    """An integer field from ``low`` to ``high`` in steps of ``step``, with thousands separators."""
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setGroupSeparatorShown(True)
    spin.setMinimumWidth(140)
    return spin


def select_data(combo: QComboBox, data) -> None:
    """Select the item whose data is ``data``, adding it if it is not offered (e.g. "mps")."""
    index = combo.findData(data)
    if index < 0:
        combo.addItem(str(data), data)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
