"""Export safety: the source is never touched, refusals, clashes, failures and cancels leave nothing."""

import csv
import errno
import hashlib
import json
import os
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest
from conftest import write_png
from PIL import Image

import engine
import engine.export.dataset as export_module
import engine.safe_write as fileops
from engine.errors import Cancelled, UserError
from engine.export.dataset import ExportRequest, export_dataset


def _tree(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``root`` (the byte-for-byte fingerprint)."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _manifest(folder: Path, name: str = "manifest.csv") -> list[dict]:
    with (folder / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture()
def source(tmp_path) -> Path:
    """A 10-class folder dataset with unequal classes (2..6 images), one file in a nested folder."""
    rng = np.random.default_rng(7)
    root = tmp_path / "src"
    for c in range(10):
        for i in range(2 + c % 5):
            write_png(root / str(c) / f"im{i}.png", rng.integers(0, 255, (16, 16), dtype=np.uint8))
    write_png(root / "3" / "deeper" / "im0.png", rng.integers(0, 255, (16, 16), dtype=np.uint8))
    return root


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_export_never_changes_a_byte_of_the_source(gan_run, source, tmp_path):
    before = _tree(source)
    stat_before = {p: p.stat().st_mtime_ns for p in source.rglob("*")}
    export_dataset(ExportRequest(str(gan_run), str(source), str(tmp_path / "a"), balance_to=9,
                                 make_zip=True))
    export_dataset(ExportRequest(str(gan_run), str(source), str(tmp_path / "b"), factor=2.0,
                                 link_real=True))
    assert _tree(source) == before
    assert {p: p.stat().st_mtime_ns for p in source.rglob("*")} == stat_before


def test_refusals_name_the_folder_and_write_nothing(gan_run, source, tmp_path, monkeypatch):
    before = _tree(source)
    for bad in (source, source / "3", source / "new" / "deeper"):
        with pytest.raises(UserError, match="inside the source"):
            export_dataset(ExportRequest(str(gan_run), str(source), str(bad), per_class=1))
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(UserError, match="is a file"):
        export_dataset(ExportRequest(str(gan_run), str(source), str(tmp_path / "file.txt"), per_class=1))
    # Tests run as root, who may write anywhere: simulate a read-only folder through os.access.
    ro = tmp_path / "readonly"
    ro.mkdir()
    real_access = os.access
    monkeypatch.setattr(fileops.os, "access",
                        lambda p, mode: False if Path(p) == ro else real_access(p, mode))
    with pytest.raises(UserError, match=f"Cannot write to folder {ro}.*read-only"):
        export_dataset(ExportRequest(str(gan_run), str(source), str(ro / "out"), per_class=1))
    with pytest.raises(UserError, match="Cannot write to folder"):
        export_dataset(ExportRequest(str(gan_run), str(source), str(ro), per_class=1,
                                     add_to_existing=True))
    assert _tree(source) == before
    assert _leftovers(ro) == [] and _leftovers(tmp_path) == ["file.txt", "readonly", "src"]


def test_a_failing_write_is_a_user_error_and_leaves_nothing(gan_run, source, tmp_path, monkeypatch):
    def no_staging(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(fileops.tempfile, "mkdtemp", no_staging)
    with pytest.raises(UserError, match="Cannot write to folder"):
        export_dataset(ExportRequest(str(gan_run), str(source), str(tmp_path / "o"), per_class=1))
    assert not (tmp_path / "o").exists()


def test_disk_full_midway_leaves_no_target_and_no_partial_files(gan_run, source, tmp_path, monkeypatch):
    written = []

    def full_after_five(images, paths):  # the PNG writer, failing the way a full disk does
        for array, path in zip(images, paths, strict=True):
            if len(written) >= 5:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
            fileops.write_png(array, path)
            written.append(path)

    monkeypatch.setattr(export_module, "write_pngs", full_after_five)
    out = tmp_path / "out"
    with pytest.raises(UserError, match="Disk full"):
        export_dataset(ExportRequest(str(gan_run), str(source), str(out), per_class=40, make_zip=True))
    assert len(written) >= 5 and not any(p.exists() for p in written)  # threads race past 5
    assert _leftovers(tmp_path) == ["src"]  # no target, no staging folder, no partial zip


def test_not_enough_space_is_refused_before_writing(gan_run, source, tmp_path, monkeypatch):
    monkeypatch.setattr(fileops.shutil, "disk_usage",
                        lambda p: shutil._ntuple_diskusage(total=10**9, used=10**9 - 10_000, free=10_000))
    with pytest.raises(UserError, match="Not enough free space.*MB"):
        export_dataset(ExportRequest(str(gan_run), str(source), str(tmp_path / "o"), per_class=100))
    assert _leftovers(tmp_path) == ["src"]


@pytest.mark.parametrize("stop_after", [3, 60, 400])
def test_cancel_at_any_point_leaves_nothing(gan_run, source, tmp_path, stop_after):
    calls = {"n": 0}

    def should_stop():
        calls["n"] += 1
        return calls["n"] > stop_after

    with pytest.raises(Cancelled):
        export_dataset(ExportRequest(str(gan_run), str(source), str(tmp_path / "o"), per_class=30,
                                     make_zip=True), should_stop=should_stop)
    assert _leftovers(tmp_path) == ["src"]


def test_balance_to_makes_every_class_exactly_m(gan_run, source, tmp_path):
    out = tmp_path / "bal"
    summary = export_dataset(ExportRequest(str(gan_run), str(source), str(out), balance_to=11))
    by_class = {str(c): 0 for c in range(10)}
    for p in out.rglob("*.png"):
        if p.parent != out:
            by_class[p.parent.name] += 1
    assert by_class == {str(c): 11 for c in range(10)}
    assert all(n["real"] + n["synthetic"] == 11 for n in summary["per_class"].values())
    assert summary["per_class"]["0"] == {"real": 2, "synthetic": 9}  # the minority gets the most


def test_factor_multiplies_each_class(gan_run, source, tmp_path):
    summary = export_dataset(ExportRequest(str(gan_run), str(source), str(tmp_path / "f"), factor=2.5))
    assert summary["per_class"]["1"] == {"real": 3, "synthetic": 4}  # round(3 * 1.5)
    assert summary["per_class"]["3"] == {"real": 6, "synthetic": 9}
    with pytest.raises(UserError, match="--factor must be at least 1"):
        export_dataset(ExportRequest(str(gan_run), str(source), str(tmp_path / "g"), factor=0.5))


def test_manifest_matches_the_files_on_disk(gan_run, source, tmp_path):
    out = tmp_path / "m"
    export_dataset(ExportRequest(str(gan_run), str(source), str(out), per_class=5, seed=100))
    rows = _manifest(out)
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png")
                     if p.parent != out)
    assert sorted(r["file"] for r in rows) == on_disk
    for r in rows:
        assert Path(r["file"]).parts[0] == r["class"]
        if r["kind"] == "real":
            assert (out / r["file"]).read_bytes() == Path(r["source"]).read_bytes()
        else:
            assert r["kind"] == "synthetic" and int(r["step"]) > 0 and r["run"] == str(gan_run)
            assert 100 <= int(r["seed"]) < 105
            assert Image.open(out / r["file"]).size == (16, 16)
    # The nested file and its namesake in class 3 both arrive, the second with a suffix.
    names3 = sorted(Path(r["file"]).name for r in rows if r["class"] == "3" and r["kind"] == "real")
    assert names3 == ["im0.png", "im0_1.png", "im1.png", "im2.png", "im3.png", "im4.png"]


def test_add_to_existing_keeps_every_file_and_suffixes_clashes(gan_run, source, tmp_path):
    out = tmp_path / "mine"
    export_dataset(ExportRequest(str(gan_run), str(source), str(out), per_class=2))
    (out / "notes.txt").write_text("my notes")
    before = _tree(out)
    with pytest.raises(UserError, match="not empty"):
        export_dataset(ExportRequest(str(gan_run), str(source), str(out), per_class=2))
    summary = export_dataset(ExportRequest(str(gan_run), str(source), str(out), per_class=2,
                                           add_to_existing=True))
    after = _tree(out)
    assert all(after[k] == v for k, v in before.items())  # nothing existing changed
    assert summary["added_to_existing"] and summary["manifest"] == "manifest_1.csv"
    new_rows = _manifest(out, "manifest_1.csv")
    assert len(new_rows) == len(after) - len(before) - 2 - 1  # minus the new card and sheet
    synth0 = sorted(Path(r["file"]).name for r in new_rows if r["class"] == "0" and r["kind"] == "synthetic")
    assert synth0 == ["synthetic_0000000_1.png", "synthetic_0000001_1.png"]
    assert (out / "0" / "im0_1.png").read_bytes() == (source / "0" / "im0.png").read_bytes()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_hard_links_when_asked(gan_run, source, tmp_path):
    out = tmp_path / "l"
    export_dataset(ExportRequest(str(gan_run), str(source), str(out), per_class=0, link_real=True))
    assert os.path.samefile(out / "0" / "im0.png", source / "0" / "im0.png")
    out2 = tmp_path / "c"
    export_dataset(ExportRequest(str(gan_run), str(source), str(out2), per_class=0))
    assert not os.path.samefile(out2 / "0" / "im0.png", source / "0" / "im0.png")


def test_link_falls_back_to_copy_across_devices(tmp_path, monkeypatch):
    def no_link(src, dst):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(fileops.os, "link", no_link)
    (tmp_path / "a.png").write_bytes(b"abc")
    assert fileops.link_or_copy(tmp_path / "a.png", tmp_path / "b.png", link=True) is False
    assert (tmp_path / "b.png").read_bytes() == b"abc"
    with pytest.raises(FileExistsError):
        fileops.link_or_copy(tmp_path / "a.png", tmp_path / "b.png", link=True)


def test_zip_card_and_sheet(gan_run, source, tmp_path):
    out = tmp_path / "z"
    (gan_run / "evaluation.json").write_text(json.dumps({"verdict": "helps: +1.0 points"}))
    try:
        summary = export_dataset(ExportRequest(str(gan_run), str(source), str(out), per_class=3,
                                               make_zip=True))
    finally:
        (gan_run / "evaluation.json").unlink()
    with zipfile.ZipFile(summary["zip"]) as archive:
        names = sorted(n.split("/", 1)[1] for n in archive.namelist())
        assert names == sorted(_tree(out))
        assert archive.read("z/manifest.csv") == (out / "manifest.csv").read_bytes()
    card = json.loads((out / "dataset_card.json").read_text())
    assert card["source"] == str(source) and card["app_version"] == engine.__version__
    assert card["counts_per_class"]["3"] == {"real": 6, "synthetic": 3, "total": 9}
    assert card["model"]["checkpoint_step"] > 0 and card["config"]["model"]["name"] == "cgan"
    assert card["evaluation"]["verdict"] == "helps: +1.0 points" and card["created"][:2] == "20"
    sheet = Image.open(out / "sample_sheet.png")
    assert sheet.mode == "RGB" and sheet.height >= 10 * 48
    with pytest.raises(UserError, match="Refusing to overwrite the archive"):
        export_dataset(ExportRequest(str(gan_run), str(source), str(out), per_class=1, make_zip=True,
                                     add_to_existing=True))


def test_png_encoder_round_trips_gray_and_rgb(tmp_path):
    rng = np.random.default_rng(0)
    for shape in [(5, 7), (5, 7, 1), (6, 4, 3)]:
        array = rng.integers(0, 256, shape, dtype=np.uint8)
        fileops.write_png(array, tmp_path / "x.png")
        back = np.asarray(Image.open(tmp_path / "x.png"))
        assert np.array_equal(back, array.reshape(back.shape))
        with pytest.raises(FileExistsError):  # never overwrites
            fileops.write_png(array, tmp_path / "x.png")
        (tmp_path / "x.png").unlink()
