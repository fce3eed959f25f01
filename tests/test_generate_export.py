"""Generation and export of augmented datasets."""

import csv
import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import TEST_SIZE, write_png
from PIL import Image

from engine.errors import Cancelled, UserError
from engine.evaluate.memorization import is_copy
from engine.export.dataset import ExportRequest, export_dataset
from engine.generate import (
    generate,
    generate_seeds,
    generate_to_folder,
    interpolate,
    interpolate_to_folder,
    slerp,
)
from engine.runs import load_trained


def _manifest(folder: Path) -> list[dict]:
    with (folder / "manifest.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_generate_is_reproducible_per_seed(trained_run):
    model = load_trained(trained_run)
    a = generate(model, 3, seed=5)
    b = generate(model, 5, seed=5)  # asking for more keeps the first images
    assert a.images.shape == (30, 1, TEST_SIZE, TEST_SIZE)
    assert a.labels.tolist() == [c for c in range(10) for _ in range(3)]
    first3 = torch.cat([b.images[c * 5:c * 5 + 3] for c in range(10)])
    assert torch.equal(a.images, first3)
    assert not torch.equal(generate(model, 3, seed=6).images, a.images)


def test_generate_to_folder(trained_run, tmp_path):
    summary = generate_to_folder(trained_run, tmp_path / "gen", per_class=2, seed=1)
    assert summary["images"] == 20
    pngs = sorted((tmp_path / "gen").rglob("*.png"))
    assert len(pngs) == 20 and {p.parent.name for p in pngs} == {str(i) for i in range(10)}
    assert Image.open(pngs[0]).size == (TEST_SIZE, TEST_SIZE)


def test_interpolate_to_folder_ends_on_the_seeds_samples(trained_run, tmp_path):
    model = load_trained(trained_run)
    summary = interpolate_to_folder(trained_run, tmp_path / "interp", 3, 9, steps=5, classes=["2", "7"])
    assert summary["images"] == 10 and summary["classes"] == ["2", "7"]
    with (tmp_path / "interp" / "interpolation.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["t"] for r in rows[:5]] == ["0.0", "0.25", "0.5", "0.75", "1.0"]
    for name in ("2", "7"):
        frames = sorted((tmp_path / "interp" / name).glob("*.png"))
        assert [p.name for p in frames] == [f"interp_3_9_{i:02d}.png" for i in range(5)]
        ends = generate_seeds(model, [int(name)] * 2, [3, 9]).images  # (2, 1, H, W)
        for path, expected in zip((frames[0], frames[-1]), ends, strict=True):
            assert np.array_equal(np.asarray(Image.open(path)), expected[0].numpy())
    with pytest.raises(UserError, match="'cat' is not in this run"):
        interpolate_to_folder(trained_run, tmp_path / "other", 0, 1, classes=["cat"])
    with pytest.raises(UserError, match="steps must be 2"):
        interpolate_to_folder(trained_run, tmp_path / "other", 0, 1, steps=1)
    assert not (tmp_path / "other").exists()


def test_export_per_class_from_sample(trained_run, tmp_path):
    out = tmp_path / "export"
    summary = export_dataset(ExportRequest(str(trained_run), "sample", str(out), per_class=4))
    rows = _manifest(out)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png") if p.parent != out)
    assert sorted(r["file"] for r in rows) == files
    assert (out / "sample_sheet.png").is_file() and (out / "dataset_card.json").is_file()
    assert sum(r["kind"] == "real" for r in rows) == 2200 == summary["real"]
    assert sum(r["kind"] == "synthetic" for r in rows) == 40 == summary["synthetic"]
    for c in range(10):
        kinds = [r["kind"] for r in rows if r["class"] == str(c)]
        assert kinds.count("synthetic") == 4 and kinds.count("real") > 100
    synth = [r for r in rows if r["kind"] == "synthetic"]
    assert all(r["file"].split("/")[1].startswith("synthetic_") and r["seed"] for r in synth)
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())  # no staging left


def test_export_balance_and_no_real(gan_run, tmp_path):
    out = tmp_path / "bal"
    export_dataset(ExportRequest(str(gan_run), "sample", str(out), balance_to=230))
    rows = _manifest(out)
    for c in range(10):
        assert sum(r["class"] == str(c) for r in rows) == 230
    out2 = tmp_path / "synth_only"
    export_dataset(ExportRequest(str(gan_run), "sample", str(out2), balance_to=3,
                                 include_real=False))
    assert len(_manifest(out2)) == 30 and all(r["kind"] == "synthetic" for r in _manifest(out2))


def _folder_dataset(root: Path) -> Path:
    rng = np.random.default_rng(1)
    for c in range(10):
        for i in range(3):
            write_png(root / str(c) / f"img {i}.png", rng.integers(0, 255, (16, 16),
                                                                 dtype=np.uint8))
    return root


def test_export_from_folder_keeps_real_names_and_never_touches_source(gan_run, tmp_path):
    src = _folder_dataset(tmp_path / "src")
    before = _tree_digest(src)
    out = tmp_path / "out"
    export_dataset(ExportRequest(str(gan_run), str(src), str(out), per_class=2))
    assert _tree_digest(src) == before
    assert (out / "3" / "img 1.png").read_bytes() == (src / "3" / "img 1.png").read_bytes()
    assert len(_manifest(out)) == 50
    with pytest.raises(UserError, match="inside the source"):
        export_dataset(ExportRequest(str(gan_run), str(src), str(src / "aug"), per_class=1))
    with pytest.raises(UserError, match="inside the source"):
        export_dataset(ExportRequest(str(gan_run), str(src), str(src), per_class=1))
    assert _tree_digest(src) == before


def test_export_refuses_non_empty_target_and_file_target(gan_run, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    with pytest.raises(UserError, match="not empty"):
        export_dataset(ExportRequest(str(gan_run), "sample", str(tmp_path / "full"), per_class=1))
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"
    (tmp_path / "afile").write_text("x")
    with pytest.raises(UserError, match="is a file"):
        export_dataset(ExportRequest(str(gan_run), "sample", str(tmp_path / "afile"), per_class=1))


def test_cancelled_export_leaves_nothing(gan_run, tmp_path):
    calls = {"n": 0}

    def stop_soon():
        calls["n"] += 1
        return calls["n"] > 300

    with pytest.raises(Cancelled):
        export_dataset(ExportRequest(str(gan_run), "sample", str(tmp_path / "x"), per_class=2),
                       should_stop=stop_soon)
    assert list(tmp_path.iterdir()) == []


def test_export_with_class_mismatch_is_refused(gan_run, tmp_path):
    src = tmp_path / "other"
    write_png(src / "apples" / "a.png", np.zeros((8, 8), np.uint8))
    with pytest.raises(UserError, match="differ from the run"):
        export_dataset(ExportRequest(str(gan_run), str(src), str(tmp_path / "o"), per_class=1))


def test_memorisation_flags_copies_not_noise():
    real = torch.randint(0, 256, (50, 1, 16, 16), dtype=torch.uint8)
    copies = real[:20].clone()
    noise = torch.randint(0, 256, (20, 1, 16, 16), dtype=torch.uint8)
    assert is_copy(copies, real).float().mean() == 1.0
    assert is_copy(noise, real).float().mean() == 0.0


def test_filter_memorized_drops_copies(gan_run, tmp_path, monkeypatch):
    import engine.export.curation as curation_module

    # Pretend every other sample of the first round is a copy: they must be replaced by new seeds.
    rounds = []

    def fake_is_copy(fake, real):
        rounds.append(len(fake))
        if len(rounds) > 1:
            return torch.zeros(len(fake), dtype=torch.bool)
        return torch.arange(len(fake)) % 2 == 0

    monkeypatch.setattr(curation_module, "is_copy", fake_is_copy)
    summary = export_dataset(ExportRequest(str(gan_run), "sample", str(tmp_path / "f"),
                                           per_class=3, include_real=False,
                                           filter_memorized=True))
    assert summary["synthetic"] == 30 and summary["memorized_rejected"] == 15
    assert rounds == [30, 15]
    seeds = [int(r["seed"]) for r in _manifest(tmp_path / "f") if r["class"] == "0"]
    assert seeds == [1, 3, 4]  # seeds 0 and 2 were "copies"; 3 and 4 came in the second round


def test_interpolation_endpoints_are_the_seeds_own_samples(trained_run):
    model = load_trained(trained_run)
    strip = interpolate(model, 4, seed_a=11, seed_b=29, steps=9)
    assert strip.shape == (9, 1, TEST_SIZE, TEST_SIZE) and strip.dtype == torch.uint8
    own = generate_seeds(model, [4, 4], [11, 29]).images
    assert torch.equal(strip[0], own[0]) and torch.equal(strip[-1], own[1])
    assert not torch.equal(strip[4], own[0]) and not torch.equal(strip[4], own[1])
    with pytest.raises(ValueError):
        interpolate(model, 4, 1, 2, steps=1)


def test_slerp_stays_on_the_sphere_between_orthogonal_vectors():
    a, b = torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0])
    mid = slerp(a, b, torch.tensor([0.0, 0.5, 1.0]))
    assert torch.allclose(mid.norm(dim=1), torch.ones(3))
    assert torch.allclose(mid[1], torch.tensor([0.5**0.5, 0.5**0.5]))


def _digit_folder(root: Path, size: int) -> Path:
    """Four sample digits per class as ``size`` px PNG files (not the trained size)."""
    from engine.data.sample import load_sample

    data = load_sample(size)
    for c in range(10):
        for i in torch.nonzero(data.labels == c).flatten()[:4].tolist():
            write_png(root / str(c) / f"d{i}.png", data.images[i, 0].numpy())
    return root


def test_moved_copies_leave_torch_random_state_alone_and_repeat_per_seed():
    from engine.data.sample import load_sample
    from engine.evaluate.classical import ClassicalAugment, moved_copies

    images = load_sample(TEST_SIZE).images[:16]
    state = torch.get_rng_state()
    a = moved_copies(images, ClassicalAugment(), seed=3)
    assert torch.equal(torch.get_rng_state(), state)
    assert a.dtype == torch.uint8 and a.shape == images.shape
    assert torch.equal(a, moved_copies(images, ClassicalAugment(), seed=3))
    assert not torch.equal(a, moved_copies(images, ClassicalAugment(), seed=4))
    assert sum(not torch.equal(a[i], images[i]) for i in range(16)) >= 15  # moved, each its own way


def test_export_writes_moved_copies_of_every_real_image_at_the_folder_size(gan_run, tmp_path):
    src = _digit_folder(tmp_path / "src", TEST_SIZE + 4)
    before = _tree_digest(src)
    out, again = tmp_path / "out", tmp_path / "again"
    summary = export_dataset(ExportRequest(str(gan_run), str(src), str(out), per_class=1, moved_copies=2))
    assert _tree_digest(src) == before
    assert (summary["real"], summary["synthetic"], summary["moved"]) == (40, 10, 80)
    assert all(n == {"real": 4, "synthetic": 1, "moved": 8} for n in summary["per_class"].values())
    rows = _manifest(out)
    moved = [r for r in rows if r["kind"] == "moved"]
    assert len(moved) == 80 and len(rows) == 130
    for r in moved:  # named after its real image, which it came from
        real = Path(r["source"])
        assert real.parent.parent == src and r["class"] == real.parent.name
        assert r["file"].startswith(f"{r['class']}/{real.stem}_moved")
    sizes = {Image.open(p).size for p in out.rglob("*.png") if p.parent != out}
    assert sizes == {(TEST_SIZE + 4, TEST_SIZE + 4)}  # one size in the folder, the real files'

    def pixels(path) -> np.ndarray:
        return np.array(Image.open(path), np.int16)

    pairs = [(pixels(out / r["class"] / f"{Path(r['source']).stem}_moved1.png"),
              pixels(out / r["class"] / f"{Path(r['source']).stem}_moved2.png"),
              pixels(r["source"])) for r in moved if r["file"].endswith("_moved1.png")]
    assert sum((m1 != m2).any() and (m1 != real).any() for m1, m2, real in pairs) >= 38  # moved, each anew
    card = json.loads((out / "dataset_card.json").read_text(encoding="utf-8"))
    assert card["totals"] == {"real": 40, "synthetic": 10, "moved": 80, "total": 130}
    moves = card["moved_copies"]
    assert not moves["horizontal_flip"] and "no evaluation" in moves["evidence"]["flips"]
    assert card["export"]["moved_copies"] == 2

    export_dataset(ExportRequest(str(gan_run), str(src), str(again), per_class=1, moved_copies=2))
    same = _tree_digest(again)
    assert {k: v for k, v in _tree_digest(out).items() if "_moved" in k} == {
        k: v for k, v in same.items() if "_moved" in k}  # the same request writes the same moves
    with pytest.raises(UserError, match="--moved-copies must be between 0 and 100, not -1"):
        export_dataset(ExportRequest(str(gan_run), str(src), str(tmp_path / "bad"), per_class=1,
                                     moved_copies=-1))
    assert not (tmp_path / "bad").exists()


def test_moved_copies_flip_only_as_the_evaluation_measured(gan_run, tmp_path, monkeypatch):
    from engine.runs import RunFolder

    chosen = {"horizontal_flip": True, "vertical_flip": False, "evidence": {"accuracy": 0.9}}
    monkeypatch.setattr(RunFolder, "read_evaluation",
                        lambda self, include_old=False: (self.path / "evaluation.json",
                                                         {"settings": {"classical": chosen}}))
    out = tmp_path / "out"
    summary = export_dataset(ExportRequest(str(gan_run), "sample", str(out), per_class=0, include_real=False,
                                           moved_copies=1, make_sheet=False))
    assert summary["moved"] == 2200 and summary["real"] == summary["synthetic"] == 0
    card = json.loads((out / "dataset_card.json").read_text(encoding="utf-8"))
    moves = card["moved_copies"]
    assert moves["horizontal_flip"] and not moves["vertical_flip"]
    assert "horizontal flip" in moves["description"]
    assert moves["evidence"]["flips"] == "as the run's evaluation chose them"
    names = [p.name for p in out.rglob("*.png")]
    assert len(names) == 2200 and all(re.fullmatch(r"real_\d{5}_moved1\.png", n) for n in names)
