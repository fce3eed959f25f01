"""Scan machinery: cache, resize policy, worker processes, cancel, the saved split, report, CLI."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import REPO, write_png

from engine.config import DataConfig
from engine.data.cache import cache_path
from engine.data.dataset import stratified_split
from engine.data.report import format_report, write_problems_csv
from engine.data.scan import scan_folder
from engine.data.split import indices_from_record
from engine.errors import Cancelled, UserError
from engine.paths import CACHE_ENV, cache_dir
from engine.runs import RunFolder, split_for_run


def make_folder(root: Path, classes: int = 3, per_class: int = 6, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    for c in range(classes):
        for i in range(per_class):
            write_png(root / f"class{c}" / f"{i:04d}.png",
                      rng.integers(0, 255, (12, 12), dtype=np.uint8))
    (root / "class0" / "broken.png").write_bytes(b"")
    return root


def _same(a, b) -> None:
    assert torch.equal(a.images, b.images) and torch.equal(a.labels, b.labels)
    assert a.files == b.files and a.class_names == b.class_names
    assert a.problems == b.problems and a.warnings == b.warnings


def test_cache_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"


@pytest.mark.parametrize("platform, cache, logs", [
    ("linux", ".cache/GenAugStudio", ".local/state/GenAugStudio/logs"),
    ("win32", "AppData/Local/GenAugStudio/Cache", "AppData/Local/GenAugStudio/Logs"),
    ("darwin", "Library/Caches/GenAugStudio", "Library/Logs/GenAugStudio"),
])
def test_cache_and_log_folders_follow_the_platform(platform, cache, logs, tmp_path, monkeypatch):
    from engine.applog import LOG_ENV, log_dir

    for name in (CACHE_ENV, LOG_ENV, "LOCALAPPDATA", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    monkeypatch.setattr(sys, "platform", platform)
    assert (cache_dir(), log_dir()) == (tmp_path / cache, tmp_path / logs)
    if platform == "linux":
        monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
        assert log_dir() == tmp_path / "state" / "GenAugStudio" / "logs"


def test_cache_reuses_detects_changes_and_survives_corruption(tmp_path):
    root = make_folder(tmp_path / "d")
    first = scan_folder(root, image_size=8)
    assert first.stats["from_cache"] == 0 and first.stats["decoded"] == 19
    again = scan_folder(root, image_size=8)
    assert again.stats["from_cache"] == 19 and again.stats["decoded"] == 0
    _same(first, again)

    changed = root / "class1" / "0002.png"
    write_png(changed, np.full((12, 12), 77, np.uint8))  # new content, new size and times
    third = scan_folder(root, image_size=8)
    assert third.stats["decoded"] == 1
    assert (third.images[third.files.index(str(changed))] == 77).all()

    cfile = cache_path(str(root), 8, 0, "crop")
    assert cfile.is_file()
    cfile.write_bytes(b"PK\3\4 not really a zip")  # a corrupt cache is ignored and rebuilt
    fourth = scan_folder(root, image_size=8)
    assert fourth.stats["from_cache"] == 0
    _same(third, fourth)
    assert scan_folder(root, image_size=8).stats["from_cache"] == 19
    other = scan_folder(root, image_size=10)  # other settings, other cache entry
    assert other.stats["from_cache"] == 0 and other.image_size == 10


def test_cache_channel_switch_is_exact(tmp_path):
    root = tmp_path / "rgb"
    rng = np.random.default_rng(3)
    for i in range(4):
        write_png(root / "a" / f"{i}.png", rng.integers(0, 255, (9, 9, 3), dtype=np.uint8))
    fresh_gray = scan_folder(root, 9, channels=1, use_cache=False)
    scan_folder(root, 9, channels=3)
    assert torch.equal(scan_folder(root, 9, channels=1).images, fresh_gray.images)


def test_resize_policies(tmp_path):
    wide = np.full((10, 40), 255, np.uint8)
    wide[:, :5] = 0  # a black stripe at the left edge
    write_png(tmp_path / "d" / "a" / "wide.png", wide)
    crop = scan_folder(tmp_path / "d", 10, resize="crop", use_cache=False).images[0, 0]
    assert (crop == 255).all()  # the centre 10x10 square: the left stripe is cut away
    pad = scan_folder(tmp_path / "d", 20, resize="pad", use_cache=False).images[0, 0].int()
    assert pad.shape == (20, 20)
    assert (pad[8:12, :2] < 60).all()  # nothing cut: the stripe is still there (40x10 -> 20x5)
    assert (pad[:3] == 255).all() and (pad[-3:] == 255).all()  # margins take the border colour
    with pytest.raises(UserError, match="resize policy"):
        scan_folder(tmp_path / "d", 10, resize="stretch")


def test_processes_give_the_same_result_as_threads(tmp_path):
    root = make_folder(tmp_path / "d", per_class=20)
    threads = scan_folder(root, 8, parallel="threads", use_cache=False)
    procs = scan_folder(root, 8, parallel="processes", workers=2, use_cache=False)
    _same(threads, procs)


@pytest.mark.parametrize("parallel", ["threads", "processes"])
def test_progress_and_quick_cancel(tmp_path, parallel):
    root = make_folder(tmp_path / "d", classes=2, per_class=800)
    seen = []
    scan_folder(root, 8, progress=lambda d, n: seen.append((d, n)), parallel=parallel,
                use_cache=False)
    assert seen[-1] == (1601, 1601) and all(b[0] >= a[0] for a, b in zip(seen, seen[1:], strict=False))

    stop = threading.Event()
    asked = []

    def progress(done, total):
        if done and not stop.is_set():
            stop.set()
            asked.append(time.perf_counter())

    with pytest.raises(Cancelled):
        scan_folder(root, 8, progress=progress, should_stop=stop.is_set, parallel=parallel,
                    use_cache=False)
    assert time.perf_counter() - asked[0] < 0.5


def test_split_saved_with_the_run_is_reproduced(tmp_path):
    root = make_folder(tmp_path / "d", per_class=10)
    data = scan_folder(root, 8)
    cfg = DataConfig(path=str(root), holdout_fraction=0.3, split_seed=5)
    train_idx, held_idx = split_for_run(tmp_path / "run", data, cfg)
    record = json.loads((tmp_path / "run" / "split.json").read_text())
    assert record["held_out_count"] == len(held_idx) == 9 and record["held_out_per_class"] == [3, 3, 3]
    held_files = {data.files[i] for i in held_idx.tolist()}
    assert {str(root / f) for f in record["held_out_files"]} == held_files

    write_png(root / "class2" / "new.png", np.zeros((12, 12), np.uint8))  # the folder grows
    grown = scan_folder(root, 8)
    tr, he = split_for_run(tmp_path / "run", grown, cfg, resume=True)
    assert {grown.files[i] for i in he.tolist()} == held_files  # same images held out
    assert str(root / "class2" / "new.png") in {grown.files[i] for i in tr.tolist()}
    assert RunFolder(tmp_path / "run").load_split() == record  # resuming does not rewrite it


def test_split_record_of_the_sample_uses_indices(tmp_path):
    from engine.data.sample import load_sample

    data = load_sample()
    train_idx, held_idx = stratified_split(data.labels, data.num_classes, 0.2, 0)
    RunFolder(tmp_path).save_split(data, train_idx, held_idx, DataConfig())
    tr, he = indices_from_record(load_sample(), RunFolder(tmp_path).load_split())
    assert torch.equal(he, held_idx) and torch.equal(tr, train_idx)


def test_report_text_and_csv(tmp_path):
    root = make_folder(tmp_path / "d")
    data = scan_folder(root, 8)
    text = format_report(data)
    assert str(root / "class0" / "broken.png") in text and "empty file" in text
    out = write_problems_csv(data.problems, tmp_path / "problems.csv")
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["path", "reason", "action"]
    assert rows[1] == [str(root / "class0" / "broken.png"), "empty file (0 bytes)", "skipped"]


def test_cli_scan_prints_summary_and_writes_full_json(tmp_path):
    root = make_folder(tmp_path / "d")
    (root / "class1" / "fake.jpg").write_text("not a picture")
    env = {**os.environ, CACHE_ENV: str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "scan", "--data", str(root), "--json",
         str(tmp_path / "r.json"), "--resize", "pad", "--image-size", "32"],
        capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert line["images"] == 18 and line["skipped"] == 2 and line["held_out"] == 3
    assert "class0" in result.stderr and str(root / "class1" / "fake.jpg") in result.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    problems = {p["path"]: p["reason"] for p in report["problem_files"]}
    assert set(problems) == {str(root / "class0" / "broken.png"), str(root / "class1" / "fake.jpg")}
    assert "not an image" in problems[str(root / "class1" / "fake.jpg")]
    assert [w["kind"] for w in report["class_warnings"]] == ["small_images"]  # 12 px vs 32
    assert report["stats"]["resize"] == "pad" and report["held_out_counts"]["class2"] == 1
