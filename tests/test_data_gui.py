"""The Data panel on a real messy folder: tables, warnings, thumbnails, CSV, recent, drop, resize."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from conftest import write_png

pytest.importorskip("PySide6")
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402

from gui.panels.data_panel import DataPanel  # noqa: E402
from gui.state import AppState  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_qsettings")]
WAIT_MS = 60_000


@pytest.fixture
def panel(qtbot, tmp_path):
    p = DataPanel(AppState(runs_root=tmp_path / "runs"))
    qtbot.addWidget(p)
    p.resize(1100, 750)
    p.show()
    return p


def messy(root):
    rng = np.random.default_rng(0)
    for c, n in (("cats", 12), ("dogs", 4), ("eel", 1)):
        for i in range(n):
            write_png(root / c / f"{i}.png", rng.integers(0, 255, (24, 24, 3), dtype=np.uint8))
    (root / "dogs" / "copy.png").write_bytes((root / "cats" / "0.png").read_bytes())
    (root / "cats" / "zero.png").write_bytes(b"")
    (root / "dogs" / "text.jpg").write_text("hello")
    write_png(root / "dogs" / "alpha.png", np.zeros((24, 24, 4), np.uint8), "RGBA")
    return root


def _load(panel, qtbot, folder):
    panel.load(str(folder))
    qtbot.waitUntil(lambda: not panel.busy and panel.state.config.data.path == str(folder),
                    timeout=WAIT_MS)


def test_panel_shows_everything_and_saves_csv(panel, qtbot, tmp_path):
    root = messy(tmp_path / "messy")
    _load(panel, qtbot, root)
    data = panel.state.dataset
    assert panel.classes_box.class_table.rowCount() == 3 and panel.classes_box.class_bar.counts == [12, 6, 1]
    assert panel.problem_table.rowCount() == len(data.problems) == 3  # 2 skipped + 1 converted
    assert panel.problem_table.isSortingEnabled()
    panel.problem_table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by action
    assert panel.problem_table.item(0, 2).text() == "converted"
    kinds = {w.kind for w in data.warnings}
    assert {"single_image", "duplicates"} <= kinds
    assert panel.warning_list.count() == len(data.warnings)
    assert panel.thumbnails.rows == 3
    assert panel.summary_labels["problems"].text() == "2 / 1"
    assert "12.0 : 1" in panel.summary_labels["imbalance"].text()
    assert "24×24" in panel.summary_labels["original"].text()
    assert "RGB" in panel.summary_labels["modes"].text()

    out = panel.save_problems_csv(tmp_path / "p.csv")
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == ["path", "reason", "action"] and len(rows) == 4
    assert panel.recent_folders()[0] == str(root)
    assert [a.text() for a in panel.recent_menu.actions()] == [str(root)]
    panel.grab().save(str(tmp_path / "data_panel.png"))


def test_drop_a_folder_and_change_the_resize_policy(panel, qtbot, tmp_path):
    root = messy(tmp_path / "dropped")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(root))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(event)
    qtbot.waitUntil(lambda: not panel.busy and panel.state.dataset is not None, timeout=WAIT_MS)
    assert panel.state.dataset.source == str(root)
    assert panel.state.dataset.stats["resize"] == "crop"
    panel.resize_combo.setCurrentIndex(panel.resize_combo.findData("pad"))
    qtbot.waitUntil(lambda: not panel.busy and panel.state.dataset.stats.get("resize") == "pad",
                    timeout=WAIT_MS)
    assert panel.state.config.data.resize == "pad"
