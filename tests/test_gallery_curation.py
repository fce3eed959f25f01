"""The gallery with pytest-qt: reject by mouse and keyboard, the curation survives a restart, and
the export leaves the rejected images out."""

import csv
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt

from engine.config import RunConfig
from engine.data.dataset import ImageSet
from engine.export.curation import Curation
from engine.generate import MIN_TRUNCATION, generate_seeds
from engine.runs import load_trained
from gui.panels import gallery_samples  # where the gallery calls the engine's interpolate
from gui.panels.export_panel import ExportPanel
from gui.panels.gallery_panel import GalleryPanel
from gui.state import AppState
from gui.widgets.thumbnail_view import ThumbnailView, badge_rect

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_qsettings")]
WAIT_MS = 60_000


@pytest.fixture()
def run(gan_run, tmp_path) -> Path:
    """A private copy of the trained run: this test writes its curation.json."""
    return Path(shutil.copytree(gan_run, tmp_path / "run"))


def _gallery(qtbot, run: Path, runs_root: Path) -> GalleryPanel:
    state = AppState(runs_root=runs_root)
    panel = GalleryPanel(state)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    state.set_trained_run(run)
    panel.controls.count_spin.setValue(8)
    qtbot.mouseClick(panel.controls.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy and panel.view.thumbs.rowCount() == 8, timeout=WAIT_MS)
    return panel


def _centre(view: ThumbnailView, row: int):
    return view.visualRect(view.thumbs.index(row)).center()


def test_reject_by_mouse_and_keyboard_then_export(qtbot, run, tmp_path):
    gallery = _gallery(qtbot, run, tmp_path / "runs")
    view = gallery.view
    assert gallery.controls.class_combo.currentText() == "0" and view.thumbs.seeds == list(range(8))

    # Mouse: double-click toggles one image; a click on its corner badge toggles another.
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_centre(view, 1))
    badge = badge_rect(view.visualRect(view.thumbs.index(2))).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=badge)
    # Keyboard: select two (click, Ctrl+click), Delete rejects both; Space toggles one back.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_centre(view, 4))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, _centre(view, 5))
    assert view.selected_rows() == [4, 5]
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_centre(view, 5))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_centre(view, 6))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert np.nonzero(view.thumbs.rejected)[0].tolist() == [1, 2, 4, 6]
    assert Curation.load(run).rejected_seeds("0", 1.0) == {1, 2, 4, 6}  # saved at once

    # The selected image is shown beside its nearest training image.
    assert gallery.inspector.nearest_view.has_image
    assert "RMS distance" in gallery.inspector.nearest_label.text()

    # A restart (a new panel on the same run) shows the same rejections.
    again = _gallery(qtbot, run, tmp_path / "runs2")
    assert np.nonzero(again.view.thumbs.rejected)[0].tolist() == [1, 2, 4, 6]

    export = ExportPanel(gallery.state)
    qtbot.addWidget(export)
    out = tmp_path / "augmented"
    export.options.out_edit.setText(str(out))
    export.options.per_class_spin.setValue(8)
    export.options.include_real_check.setChecked(False)
    export.options.zip_check.setChecked(True)
    qtbot.mouseClick(export.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not export.busy, timeout=WAIT_MS)
    assert export.last_summary is not None and export.last_summary["curation_skipped"] == 4
    with (out / "manifest.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    seeds0 = sorted(int(r["seed"]) for r in rows if r["class"] == "0")
    assert seeds0 == [0, 3, 5, 7, 8, 9, 10, 11]  # rejected 1, 2, 4, 6 replaced by 8..11
    assert not {1, 2, 4, 6} & set(seeds0)
    assert sorted(p.name for p in (out / "0").iterdir()) == [f"synthetic_{s:07d}.png" for s in seeds0]
    assert sorted(int(r["seed"]) for r in rows if r["class"] == "1") == list(range(8))
    assert "left" in export.eta_label.text() or "done" in export.eta_label.text()


def test_reject_flagged_memorised_generate_more_zoom_and_interpolate(qtbot, run, tmp_path):
    gallery = _gallery(qtbot, run, tmp_path / "runs")
    thumbs = gallery.view.thumbs
    # Make seed 3's sample a "training image", so it is a copy of one.
    train = gallery.train
    copy = torch.from_numpy(thumbs.images[3:4]).permute(0, 3, 1, 2)  # (1, C, H, W)
    labels = torch.cat([train.labels, torch.zeros(1, dtype=torch.int64)])
    gallery.train = ImageSet(torch.cat([train.images, copy]), labels, train.class_names,
                             train.files + [""], train.source)
    qtbot.mouseClick(gallery.memorized_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not gallery.busy, timeout=WAIT_MS)
    assert np.nonzero(thumbs.rejected)[0].tolist() == [3] and thumbs.flagged[3]

    qtbot.mouseClick(gallery.controls.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not gallery.busy and thumbs.rowCount() == 16, timeout=WAIT_MS)
    assert thumbs.seeds == list(range(16))

    gallery.controls.zoom_slider.setValue(128)
    assert gallery.view.gridSize().width() == 134

    gallery.inspector.seed_a_spin.setValue(0)
    gallery.inspector.seed_b_spin.setValue(5)
    qtbot.mouseClick(gallery.inspector.interpolate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not gallery.busy and gallery.inspector.strip_view.has_image, timeout=WAIT_MS)

    gallery.controls.class_combo.setCurrentIndex(7)  # another class generates on its own
    qtbot.waitUntil(lambda: not gallery.busy and thumbs.rowCount() == 8, timeout=WAIT_MS)
    assert 7 in gallery.shown and 0 in gallery.shown
    gallery.grab().save(str(tmp_path / "gallery.png"))


def test_truncation_is_offered_for_gan_runs_only(qtbot, trained_run, tmp_path):
    is_gan = RunConfig.load_json(trained_run / "config.json").model.name == "cgan"
    state = AppState(runs_root=tmp_path / "runs")
    gallery, export = GalleryPanel(state), ExportPanel(state)
    qtbot.addWidget(gallery)
    qtbot.addWidget(export)
    assert not gallery.controls.truncation_spin.isEnabled() and not export.options.truncation_spin.isEnabled()
    state.set_trained_run(trained_run)
    truncation = gallery.controls.truncation_spin
    assert truncation.isEnabled() == is_gan == export.options.truncation_spin.isEnabled()
    assert gallery.controls.truncation_spin.text() == "off"  # 0 = off, the default
    gallery.controls.truncation_spin.setValue(0.7)
    export.options.truncation_spin.setValue(0.7)
    assert gallery.truncation == (0.7 if is_gan else 0.0)  # a VAE never samples truncated
    assert export.request().truncation == (0.7 if is_gan else 0.0)
    export.options.truncation_spin.setValue(0.02)  # below the engine's minimum: raised to it
    assert export.options.truncation_spin.value() == pytest.approx(MIN_TRUNCATION)


def test_gallery_batch_remembers_its_truncation(qtbot, run, tmp_path, monkeypatch):
    gallery = _gallery(qtbot, run, tmp_path / "runs")
    thumbs = gallery.view.thumbs
    plain = thumbs.images.copy()  # (8, H, W, C), truncation off
    assert gallery.shown[0].truncation == 0.0

    gallery.controls.truncation_spin.setValue(1.0)
    qtbot.mouseClick(gallery.controls.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not gallery.busy and gallery.shown[0].truncation == 1.0, timeout=WAIT_MS)
    model = load_trained(run)
    want = generate_seeds(model, [0] * 8, list(range(8)), truncation=1.0).images  # (8, C, H, W)
    assert np.array_equal(thumbs.images, want.permute(0, 2, 3, 1).numpy())
    assert not np.array_equal(thumbs.images, plain)

    # A rejection is saved at the batch's truncation; the untruncated image of that seed is not rejected.
    thumbs.set_rejected([2], True)
    cur = Curation.load(run)
    assert cur.rejected_seeds("0", 1.0, truncation=1.0) == {2} and not cur.rejected_seeds("0", 1.0)

    # "Generate more" continues the batch at its truncation, whatever the field says meanwhile.
    gallery.controls.truncation_spin.setValue(0.0)
    qtbot.mouseClick(gallery.controls.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not gallery.busy and thumbs.rowCount() == 16, timeout=WAIT_MS)
    more = generate_seeds(model, [0] * 8, list(range(8, 16)), truncation=1.0).images
    assert np.array_equal(thumbs.images[8:], more.permute(0, 2, 3, 1).numpy())
    assert gallery.controls.truncation_spin.value() == 1.0 and thumbs.rejected.tolist()[2]

    # The interpolation morphs between the shown (truncated) images.
    seen = []
    real_interpolate = gallery_samples.interpolate

    def spy(*args, **kwargs):
        seen.append(kwargs.get("truncation"))
        return real_interpolate(*args, **kwargs)

    monkeypatch.setattr(gallery_samples, "interpolate", spy)
    gallery.inspector.seed_a_spin.setValue(0)
    gallery.inspector.seed_b_spin.setValue(9)
    qtbot.mouseClick(gallery.inspector.interpolate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not gallery.busy and gallery.inspector.strip_view.has_image, timeout=WAIT_MS)
    assert seen == [1.0]
    gallery.grab().save(str(tmp_path / "gallery_truncation.png"))
