"""Small form fields shared by the panels."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox


def int_spin(low: int, high: int, value: int, tip: str) -> QSpinBox:
    """An integer spin box with a range, a start value, a tooltip and thousands separators."""
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setToolTip(tip)
    spin.setGroupSeparatorShown(True)
    return spin
