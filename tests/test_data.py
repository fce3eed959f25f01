"""Dataset scanning on real files the tests create, including broken ones."""

import numpy as np
import pytest
import torch
from conftest import write_png

from engine.data.dataset import stratified_split
from engine.data.sample import load_sample
from engine.data.scan import scan_folder
from engine.errors import UserError


def _gray(value: int, size=(12, 10)):
    return np.full(size, value, dtype=np.uint8)


def test_class_folders_and_bad_files(tmp_path):
    root = tmp_path / "data"
    for i in range(3):
        write_png(root / "cats" / f"c{i}.png", _gray(50 + i))
        write_png(root / "dogs" / "nested" / f"d{i}.png", _gray(200))
    (root / "cats" / "empty.png").write_bytes(b"")
    (root / "cats" / "notes.jpg").write_text("this is not an image")
    good = (root / "dogs" / "d0_copy.png")
    good.write_bytes((root / "dogs" / "nested" / "d0.png").read_bytes()[:40])  # truncated
    (root / "cats" / ".DS_Store").write_bytes(b"\0\1junk")

    data = scan_folder(root, image_size=8)
    assert data.class_names == ["cats", "dogs"]
    assert data.class_counts() == [3, 3]
    assert data.images.shape == (6, 1, 8, 8) and data.images.dtype == torch.uint8
    bad = {p.path.rsplit("/", 1)[-1]: p for p in data.problems}
    assert set(bad) == {"empty.png", "notes.jpg", "d0_copy.png"}  # .DS_Store skipped silently
    assert "empty" in bad["empty.png"].reason
    assert "not an image" in bad["notes.jpg"].reason
    assert all(p.action == "skipped" for p in bad.values())


def test_flat_folder_is_one_class_and_rgb(tmp_path):
    rng = np.random.default_rng(0)
    for i in range(4):
        write_png(tmp_path / "flat" / f"{i}.png", rng.integers(0, 255, (20, 30, 3), dtype=np.uint8))
    data = scan_folder(tmp_path / "flat", image_size=16)
    assert data.class_names == ["flat"]
    assert data.images.shape == (4, 3, 16, 16)


def test_conversions_are_reported_and_correct(tmp_path):
    root = tmp_path / "conv"
    rgba = np.zeros((8, 8, 4), dtype=np.uint8)
    rgba[..., 3] = 0  # fully transparent: becomes the white background
    write_png(root / "a" / "transparent.png", rgba, "RGBA")
    ramp = np.linspace(0, 65535, 64 * 64).astype(np.uint16).reshape(64, 64)
    write_png(root / "a" / "deep.png", ramp)
    data = scan_folder(root, image_size=64, channels=1)
    notes = {p.path.rsplit("/", 1)[-1]: p for p in data.problems}
    assert notes["transparent.png"].action == "converted"
    assert "16" in notes["deep.png"].reason or "I" in notes["deep.png"].reason
    by_name = dict(zip([f.rsplit("/", 1)[-1] for f in data.files], data.images, strict=True))
    assert int(by_name["transparent.png"].min()) == 255
    deep = by_name["deep.png"]
    assert len(torch.unique(deep)) == 256  # scaled, not clipped: every 8-bit level present


@pytest.mark.parametrize("make", ["missing", "file", "empty", "only_broken"])
def test_unusable_folders_raise_user_error_naming_the_path(tmp_path, make):
    path = tmp_path / "d"
    if make == "file":
        path.write_text("x")
    elif make == "empty":
        path.mkdir()
    elif make == "only_broken":
        (path / "cls").mkdir(parents=True)
        (path / "cls" / "a.png").write_bytes(b"\x89PNG broken")
    with pytest.raises(UserError) as err:
        scan_folder(path)
    assert str(path) in str(err.value)


def test_sample_loads_offline():
    data = load_sample()
    assert len(data) == 2200 and data.num_classes == 10
    assert data.images.shape[1:] == (1, 28, 28)
    assert load_sample(16, 3).images.shape[1:] == (3, 16, 16)


def test_stratified_split_keeps_every_class_and_is_fixed():
    labels = torch.tensor([0] * 10 + [1] * 2 + [2] * 1)
    train, held = stratified_split(labels, 3, 0.2, seed=0)
    assert sorted(torch.cat([train, held]).tolist()) == list(range(13))
    assert torch.bincount(labels[held], minlength=3).tolist() == [2, 1, 0]
    again_train, again_held = stratified_split(labels, 3, 0.2, seed=0)
    assert torch.equal(held, again_held) and torch.equal(train, again_train)
