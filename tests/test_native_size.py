"""Native size (issue 16): images train at their own size, and an export holds one image size."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import tiny_config, write_png
from PIL import Image

from engine.config import DataConfig
from engine.data.load import load_dataset
from engine.data.sample import SAMPLE_TRAIN_PER_CLASS, load_sample, sample_split
from engine.data.split import holdout_split
from engine.errors import UserError
from engine.export.dataset import ExportRequest, export_dataset
from engine.sizes import auto_image_size, is_supported
from engine.train.trainer import train


def _folder(root: Path, side: int, per_class: int = 6, height: int | None = None) -> Path:
    rng = np.random.default_rng(side)
    for c in ("a", "b"):
        for i in range(per_class):
            write_png(root / c / f"{c}{i}.png",
                      rng.integers(0, 255, (height or side, side), dtype=np.uint8))
    return root


def _sizes(folder: Path) -> set[tuple[int, int]]:
    sizes = set()
    for png in folder.rglob("*.png"):
        if png.name != "sample_sheet.png":
            with Image.open(png) as img:
                sizes.add(img.size)
    return sizes


def _train(data, run: Path) -> Path:
    cfg = tiny_config("cgan", steps=3)
    cfg.data.path = data.source
    train(cfg, data, run)
    return run


def test_automatic_size_is_the_images_own_where_the_networks_allow():
    assert [auto_image_size(n) for n in (28, 32, 16, 64)] == [28, 32, 16, 64]
    assert auto_image_size(30) == 28 and auto_image_size(50) == 48  # nearest supported below
    assert auto_image_size(300) == 64  # capped: CPU minutes, not hours
    assert auto_image_size(5) == 8  # smaller than every supported side: the smallest
    assert all(is_supported(auto_image_size(n)) for n in range(1, 400))


def test_scan_trains_28_pixel_images_at_28(tmp_path):
    data = load_dataset(DataConfig(path=str(_folder(tmp_path / "d", 28))))
    assert data.image_size == 28
    assert data.stats["native_side"] == 28 and data.stats["size_rule"] == "automatic"
    forced = load_dataset(DataConfig(path=str(tmp_path / "d"), image_size=32))
    assert forced.image_size == 32 and forced.stats["size_rule"] == "set"


def test_export_of_a_28_pixel_dataset_holds_only_28_pixel_images(tmp_path):
    src = _folder(tmp_path / "src", 28)
    data = load_dataset(DataConfig(path=str(src)))
    run = _train(data, tmp_path / "run")
    out = tmp_path / "out"
    summary = export_dataset(ExportRequest(str(run), str(src), str(out), per_class=7))
    assert summary["synthetic"] == 14 and summary["image_size"] == [28, 28]
    assert _sizes(out) == {(28, 28)}
    rows = list(csv.DictReader((out / "manifest.csv").open()))
    assert sum(r["kind"] == "synthetic" for r in rows) == 14


def test_export_never_mixes_sizes_when_training_size_differs(tmp_path):
    """40 px images trained at 16: synthetic images follow the real ones, or everything is 16."""
    src = _folder(tmp_path / "src", 40)
    data = load_dataset(DataConfig(path=str(src), image_size=16))
    run = _train(data, tmp_path / "run")
    real_size = tmp_path / "real_size"
    export_dataset(ExportRequest(str(run), str(src), str(real_size), per_class=3))
    assert _sizes(real_size) == {(40, 40)}
    trained = tmp_path / "trained_size"
    summary = export_dataset(ExportRequest(str(run), str(src), str(trained), per_class=3,
                                           size="trained"))
    assert _sizes(trained) == {(16, 16)} and summary["real"] == 12
    with pytest.raises(UserError, match="Unknown export size"):
        export_dataset(ExportRequest(str(run), str(src), str(tmp_path / "x"), per_class=1,
                                     size="huge"))


def test_non_square_real_images_give_synthetic_images_of_their_size(tmp_path):
    src = _folder(tmp_path / "src", 32, per_class=4, height=24)  # 32 wide, 24 high
    data = load_dataset(DataConfig(path=str(src)))
    assert data.image_size == 24  # the short side
    run = _train(data, tmp_path / "run")
    out = tmp_path / "out"
    export_dataset(ExportRequest(str(run), str(src), str(out), per_class=2))
    assert _sizes(out) == {(32, 24)}


def test_sample_is_a_small_data_case_with_a_fixed_split():
    data = load_sample()
    train_idx, held_idx = holdout_split(data, 0.2, 0)
    assert torch.equal(train_idx, sample_split(data)[0])
    counts = data.labels[train_idx].bincount(minlength=10)
    assert counts.tolist() == [SAMPLE_TRAIN_PER_CLASS] * 10
    assert len(held_idx) == len(data) - 200 == 2000
    assert not set(train_idx.tolist()) & set(held_idx.tolist())
    # The same split at any size and whatever the held-out share says (it is the sample's own).
    again, _ = holdout_split(load_sample(image_size=28, channels=3), 0.5, 7)
    assert torch.equal(again, train_idx)
    # A part of the sample is not the sample: the ordinary stratified rule applies.
    part = data.subset(torch.arange(500))
    _, held = holdout_split(part, 0.2, 0)
    assert len(held) == 100
