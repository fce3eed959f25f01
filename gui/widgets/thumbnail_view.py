"""A gallery of many small generated images: one model, one view, one delegate.

Thousands of images never become thousands of widgets. :class:`ThumbnailModel` keeps the pixels as
one (N, H, W, C) uint8 array and makes a QImage for a row only when the view paints it (cached,
bounded). :class:`ThumbnailDelegate` draws it scaled with crisp pixels, dimmed and crossed when
rejected, with a "copy" badge when flagged as memorised. :class:`ThumbnailView` adds zoom and the
reject / restore gestures: double-click or the corner badge toggles one image, Delete rejects the
selection, Space toggles it, Backspace / Insert restore it.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QWidget

from gui.widgets.image_grid import array_to_qimage

SEED_ROLE = Qt.ItemDataRole.UserRole + 1
CACHE_LIMIT = 4096  # QImages kept; a screen shows a few hundred, so scrolling back is free
BADGE = 14  # side of the reject / restore badge in an item's top-right corner, in pixels
_SELECTED = QStyle.StateFlag.State_Selected.value
_HOVER = QStyle.StateFlag.State_MouseOver.value


class ThumbnailModel(QAbstractListModel):
    """Images with their seeds, rejected flags and memorisation flags.

    Signals
    -------
    rejected_changed(list, bool)
        Rows whose rejected flag was set to the given value (the panel saves the curation).
    """

    rejected_changed = Signal(list, bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.images = np.zeros((0, 1, 1, 1), np.uint8)  # (N, H, W, C)
        self.seeds: list[int] = []
        self.rejected = np.zeros(0, bool)
        self.flagged = np.zeros(0, bool)
        self._count = 0  # len(seeds), kept as an int: Qt asks for it once per painted item
        self._cache: OrderedDict[int, QImage] = OrderedDict()

    # ---------------------------------------------------------------- content
    def set_images(self, images: np.ndarray, seeds: list[int], rejected: np.ndarray | None = None) -> None:
        """Replace everything: ``images`` (N, H, W, C) uint8 with one seed each."""
        self.beginResetModel()
        self.images = np.ascontiguousarray(images)
        self.seeds = [int(s) for s in seeds]
        self.rejected = np.zeros(len(seeds), bool) if rejected is None else np.asarray(rejected, bool)
        self.flagged = np.zeros(len(seeds), bool)
        self._count = len(self.seeds)
        self._cache.clear()
        self.endResetModel()

    def append(self, images: np.ndarray, seeds: list[int], rejected: np.ndarray | None = None) -> None:
        """Add images at the end (the view keeps its scroll position and selection)."""
        if not len(seeds):
            return
        first = len(self.seeds)
        self.beginInsertRows(QModelIndex(), first, first + len(seeds) - 1)
        self.images = np.concatenate([self.images, images]) if first else np.ascontiguousarray(images)
        self.seeds += [int(s) for s in seeds]
        extra = np.zeros(len(seeds), bool) if rejected is None else np.asarray(rejected, bool)
        self.rejected = np.concatenate([self.rejected, extra])
        self.flagged = np.concatenate([self.flagged, np.zeros(len(seeds), bool)])
        self._count = len(self.seeds)
        self.endInsertRows()

    def set_rejected(self, rows: list[int], value: bool | None) -> list[int]:
        """Set (True / False) or toggle (None) the rejected flag of ``rows``; returns changed rows."""
        changed: dict[bool, list[int]] = {True: [], False: []}
        for r in sorted(set(rows)):
            new = (not self.rejected[r]) if value is None else bool(value)
            if new != self.rejected[r]:
                self.rejected[r] = new
                changed[new].append(r)
        for new, rs in changed.items():
            if rs:
                self.dataChanged.emit(self.index(rs[0]), self.index(rs[-1]))
                self.rejected_changed.emit(rs, new)
        return changed[True] + changed[False]

    def set_flagged(self, flagged: np.ndarray) -> None:
        """Mark the rows flagged as memorised (drawn with a badge)."""
        self.flagged = np.asarray(flagged, bool)
        if len(self.seeds):
            self.dataChanged.emit(self.index(0), self.index(len(self.seeds) - 1))

    # ---------------------------------------------------------------- Qt model API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._count

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        # The delegate reads the arrays directly; the view only asks for tooltips and seeds.
        if not index.isValid():
            return None
        r = index.row()
        if role == SEED_ROLE:
            return self.seeds[r]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.tr("seed {seed} (rejected)") if self.rejected[r] else self.tr("seed {seed}")
            if self.flagged[r]:
                text += self.tr(", flagged as a copy of a training image")
            return text.format(seed=self.seeds[r])
        return None

    def qimage(self, row: int) -> QImage:
        """The row's QImage, made on first use and kept in a bounded cache."""
        image = self._cache.get(row)
        if image is None:
            # RGB32 is the raster engine's native format: drawing it scaled needs no conversion.
            image = array_to_qimage(self.images[row]).convertToFormat(QImage.Format.Format_RGB32)
            self._cache[row] = image
            if len(self._cache) > CACHE_LIMIT:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(row)
        return image


class ThumbnailDelegate(QStyledItemDelegate):
    """Draw one thumbnail: pixels scaled without smoothing, rejected ones dimmed and crossed."""

    def __init__(self, size: int = 64, parent=None):
        super().__init__(parent)
        self.size = size

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.size + 6, self.size + 6)

    def paint(self, painter: QPainter, option, index) -> None:
        # Read the model's arrays directly: no QVariant round trip per role and per item.
        model: ThumbnailModel = index.model()
        row = index.row()
        rejected, flagged = bool(model.rejected[row]), bool(model.flagged[row])
        rect = option.rect.adjusted(3, 3, -3, -3)
        state = option.state.value  # plain int: flag arithmetic on Python enums costs microseconds
        selected = bool(state & _SELECTED)
        if selected:
            painter.fillRect(option.rect, option.palette.highlight())
        painter.drawImage(rect, model.qimage(row))  # no SmoothPixmapTransform: crisp pixels
        if rejected:
            painter.fillRect(rect, QColor(255, 255, 255, 170))
            painter.setPen(QPen(QColor(200, 30, 30), 2))
            painter.drawLine(rect.topLeft(), rect.bottomRight())
            painter.drawLine(rect.topRight(), rect.bottomLeft())
        if flagged:
            tag = QRect(rect.left(), rect.bottom() - 11, 30, 12)
            painter.fillRect(tag, QColor(230, 140, 0))
            painter.setPen(QColor("black"))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, self.tr("copy"))
        if selected or state & _HOVER:
            badge = badge_rect(option.rect)
            painter.fillRect(badge, QColor(40, 40, 40, 200))
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "↺" if rejected else "×")


def badge_rect(item: QRect) -> QRect:
    """Where the reject / restore badge of an item is drawn (and clicked)."""
    return QRect(item.right() - BADGE - 2, item.top() + 3, BADGE, BADGE)


class ThumbnailView(QListView):
    """A wrapping grid of thumbnails with zoom, multi-selection and reject / restore gestures.

    Signals
    -------
    zoom_changed(int)
        The new thumbnail side in pixels (Ctrl + wheel, or :meth:`set_zoom`).
    """

    zoom_changed = Signal(int)
    MIN_ZOOM, MAX_ZOOM = 24, 256

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.thumbs = ThumbnailModel(self)
        self.delegate = ThumbnailDelegate(64, self)
        self.setModel(self.thumbs)
        self.setItemDelegate(self.delegate)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setUniformItemSizes(True)  # layout is arithmetic: no size query per item
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(2000)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setMouseTracking(True)  # hover shows the badge
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.set_zoom(64)

    @property
    def zoom(self) -> int:
        return self.delegate.size

    def set_zoom(self, size: int) -> None:
        """Show thumbnails ``size`` pixels wide."""
        size = int(min(self.MAX_ZOOM, max(self.MIN_ZOOM, size)))
        self.delegate.size = size
        self.setGridSize(QSize(size + 6, size + 6))
        self.verticalScrollBar().setSingleStep(max(8, size // 2))
        self.zoom_changed.emit(size)

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.selectionModel().selectedIndexes())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        actions = {Qt.Key.Key_Delete: True, Qt.Key.Key_Space: None,
                   Qt.Key.Key_Backspace: False, Qt.Key.Key_Insert: False}
        if key in actions and self.selected_rows():
            self.thumbs.set_rejected(self.selected_rows(), actions[key])
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_Plus,
                                                                              Qt.Key.Key_Equal):
            self.set_zoom(self.zoom + 16)
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and key == Qt.Key.Key_Minus:
            self.set_zoom(self.zoom - 16)
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        index = self.indexAt(event.position().toPoint())
        if (index.isValid() and event.button() == Qt.MouseButton.LeftButton
                and badge_rect(self.visualRect(index)).contains(event.position().toPoint())):
            self.thumbs.set_rejected([index.row()], None)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt's name
        index = self.indexAt(event.position().toPoint())
        if index.isValid():
            self.thumbs.set_rejected([index.row()], None)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_zoom(self.zoom + (16 if event.angleDelta().y() > 0 else -16))
            event.accept()
            return
        super().wheelEvent(event)
