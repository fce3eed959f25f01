"""Show an (H, W, C) uint8 array as a picture: nearest-neighbour upscaling, aspect kept.

:func:`array_to_qimage` may run on any thread (QImage is not a GUI-thread object), so a worker
can convert its grids and the GUI thread only paints them (:meth:`ImageGrid.set_image`).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget


def array_to_qimage(array: np.ndarray) -> QImage:
    """Copy an (H, W, 1|3) or (H, W) uint8 array into a QImage (gray or RGB)."""
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    array = np.ascontiguousarray(array, dtype=np.uint8)
    h, w = array.shape[:2]
    if array.ndim == 2:
        image = QImage(array.data, w, h, array.strides[0], QImage.Format.Format_Grayscale8)
    elif array.shape[2] == 3:
        image = QImage(array.data, w, h, array.strides[0], QImage.Format.Format_RGB888)
    else:
        raise ValueError(f"expected 1 or 3 channels, got shape {array.shape}")
    return image.copy()  # own the pixels: the numpy buffer may go away


class ImageGrid(QWidget):
    """A widget that draws one image grid as large as it fits, with crisp (nearest) pixels.

    Parameters
    ----------
    placeholder : str
        Text shown while there is no image.
    min_scale : int
        Screen pixels per image pixel in the size hint, so small grids stay legible.
    parent : QWidget, optional
        Qt parent.
    """

    def __init__(self, placeholder: str = "", min_scale: int = 1, parent: QWidget | None = None):
        super().__init__(parent)
        self._image: QImage | None = None
        self._placeholder = placeholder
        self._min_scale = max(1, min_scale)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(64, 32)

    def set_placeholder(self, text: str) -> None:
        """The text shown while there is no image (re-set on a language change by the owner)."""
        self._placeholder = text
        self.update()

    @property
    def has_image(self) -> bool:
        """Whether an image is shown."""
        return self._image is not None

    def set_array(self, array: np.ndarray | None) -> None:
        """Show ``array`` ((H, W, C) uint8), or the placeholder for None."""
        self.set_image(None if array is None else array_to_qimage(array))

    def set_image(self, image: QImage | None) -> None:
        """Show ``image`` (made by :func:`array_to_qimage`, on any thread), or the placeholder."""
        resized = (image is None) != (self._image is None) or (
            image is not None and image.size() != self._image.size())
        self._image = image
        if resized:
            self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        if self._image is None:
            return QSize(240, 160)
        return self._image.size() * self._min_scale

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        if self._image is None:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._placeholder)
            return
        painter.drawImage(self._target_rect(), self._image)  # nearest: no smooth-transform hint

    def _target_rect(self) -> QRect:
        """The largest rectangle of the pixmap's aspect that fits, centred.

        A whole-number scale is used when the image can be enlarged at least twice, so every
        source pixel becomes the same number of screen pixels (no uneven nearest-neighbour rows).
        """
        pw, ph = self._image.width(), self._image.height()
        scale = min(self.width() / pw, self.height() / ph)
        if scale >= 2:
            scale = int(scale)
        w, h = max(1, round(pw * scale)), max(1, round(ph * scale))
        return QRect((self.width() - w) // 2, (self.height() - h) // 2, w, h)
