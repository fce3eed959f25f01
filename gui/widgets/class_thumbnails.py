"""Thumbnails per class: one row per class with its name, count and its first few images.

The pixels come from the loaded dataset tensor (already at the training size), so showing them
reads no file. Each row is one mosaic image, not one widget per thumbnail.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QWidget

from gui.i18n import RetranslatedOnLanguageChange
from gui.widgets.image_grid import array_to_qimage

PER_CLASS = 12  # thumbnails in each row
MAX_CLASSES = 200  # rows drawn; a note says when there are more
THUMB_PX = 48  # on-screen side of one thumbnail
GAP = 2  # pixels between thumbnails, in image pixels before scaling


def class_mosaics(images: np.ndarray, labels: np.ndarray, num_classes: int,
                  per_class: int = PER_CLASS) -> list[np.ndarray | None]:
    """For each class, its first ``per_class`` images side by side: (H, k*(W+GAP)-GAP, C) uint8.

    ``images`` is (N, C, H, W) uint8 and ``labels`` (N,); a class with no image gives None.
    """
    out: list[np.ndarray | None] = []
    _, c, h, w = images.shape
    for k in range(num_classes):
        idx = np.flatnonzero(labels == k)[:per_class]
        if len(idx) == 0:
            out.append(None)
            continue
        strip = np.full((h, len(idx) * (w + GAP) - GAP, c), 255, dtype=np.uint8)  # (H, W', C)
        for j, i in enumerate(idx.tolist()):
            strip[:, j * (w + GAP):j * (w + GAP) + w] = images[i].transpose(1, 2, 0)
        out.append(strip)
    return out


class ClassThumbnails(RetranslatedOnLanguageChange, QScrollArea):
    """A scrollable list of classes, each with a strip of its first images.

    Parameters
    ----------
    parent : QWidget, optional
        Qt parent.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.rows = 0  # classes shown (for tests and the status line)
        self._body = QWidget()
        self._grid = QGridLayout(self._body)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setWidget(self._body)
        self._titles: list[tuple[QLabel, str, int]] = []  # (label, class name, count) per row
        self._more: tuple[QLabel, int] | None = None  # the "... and N more classes" note

    def _retranslate(self) -> None:
        for label, name, count in self._titles:
            label.setText(self.tr("{name}\n{count} images").format(name=name, count=f"{count:,}"))
        if self._more is not None:
            label, more = self._more
            label.setText(self.tr("… and {count} more classes").format(count=more))

    def set_data(self, images: np.ndarray, labels: np.ndarray, class_names: list[str]) -> None:
        """Show ``images`` (N, C, H, W) uint8 grouped by ``labels`` (N,) into ``class_names``."""
        body = QWidget()
        grid = QGridLayout(body)
        grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        counts = np.bincount(labels, minlength=len(class_names))
        shown = class_names[:MAX_CLASSES]
        mosaics = class_mosaics(images, labels, len(shown))
        side = images.shape[-1]
        scale = max(1, THUMB_PX // max(1, side)) if side < THUMB_PX else THUMB_PX / side
        self._titles, self._more = [], None
        for r, (name, strip) in enumerate(zip(shown, mosaics, strict=True)):
            title = QLabel()
            self._titles.append((title, str(name), int(counts[r])))
            title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(title, r, 0)
            pic = QLabel()
            if strip is not None:
                pix = QPixmap.fromImage(array_to_qimage(strip))
                mode = Qt.TransformationMode.FastTransformation if side < THUMB_PX \
                    else Qt.TransformationMode.SmoothTransformation  # crisp pixels when enlarging
                pic.setPixmap(pix.scaledToHeight(round(strip.shape[0] * scale), mode))
            grid.addWidget(pic, r, 1)
        if len(class_names) > MAX_CLASSES:
            self._more = (QLabel(), len(class_names) - MAX_CLASSES)
            grid.addWidget(self._more[0], len(shown), 0, 1, 2)
        self.rows = len(shown)
        self._retranslate()
        self._body, self._grid = body, grid
        self.setWidget(body)  # the old body is deleted by the scroll area
