"""The command line as a user runs it: real processes, real exit codes, one JSON line."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run_cli(*args, timeout=300):
    env = {**os.environ, "OMP_NUM_THREADS": "2"}
    return subprocess.run([sys.executable, str(REPO / "main.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, env=env)


@pytest.mark.parametrize("command", ["scan", "train", "generate", "export"])
def test_help(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0 and "usage:" in result.stdout


@pytest.mark.parametrize("model", ["cgan", "cvae"])
def test_train_then_export_end_to_end(tmp_path, model):
    run = tmp_path / "RUN"
    result = run_cli("train", "--data", "sample", "--model", model, "--steps", "40",
                     "--batch-size", "32", "--image-size", "16", "--out", run)
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert line["step"] == 40 and line["model"] == model and line["held_out_images"] == 2000

    out = tmp_path / "AUG"
    result = run_cli("export", "--run", run, "--data", "sample", "--out", out, "--per-class", "5")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    rows = list(csv.DictReader((out / "manifest.csv").open()))
    assert len(rows) == summary["real"] + summary["synthetic"] == 2200 + 50
    for c in range(10):
        pngs = list((out / str(c)).glob("*.png"))
        assert sum(p.name.startswith("synthetic_") for p in pngs) == 5
        assert sum(p.name.startswith("real_") for p in pngs) == summary["per_class"][str(c)]["real"]

    result = run_cli("generate", "--run", run, "--out", tmp_path / "GEN", "--per-class", "2")
    assert result.returncode == 0 and json.loads(result.stdout)["images"] == 20

    result = run_cli("generate", "--run", run, "--out", tmp_path / "MORPH", "--interpolate", "4", "11",
                     "--steps", "6", "--class", "3")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["images"] == 6
    assert len(list((tmp_path / "MORPH" / "3").glob("interp_4_11_*.png"))) == 6


def test_train_minutes_budget(tmp_path):
    result = run_cli("train", "--data", "sample", "--model", "cvae", "--minutes", "0.05",
                     "--out", tmp_path / "r")
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert line["step"] > 0 and line["elapsed_s"] < 3 + 10


@pytest.mark.parametrize("case", ["missing", "empty", "no_images"])
def test_bad_data_path_is_one_line_and_status_2(tmp_path, case):
    path = tmp_path / "data"
    if case == "empty":
        path.mkdir()
    elif case == "no_images":
        (path / "a").mkdir(parents=True)
        (path / "a" / "readme.txt").write_text("no pictures here")
    for argv in (["scan", "--data", path],
                 ["train", "--data", path, "--model", "cgan", "--out", tmp_path / "r"]):
        result = run_cli(*argv)
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:") and str(path) in lines[0]
        assert "Traceback" not in result.stderr and result.stdout == ""


def test_scan_json_report(tmp_path):
    (tmp_path / "d" / "x").mkdir(parents=True)
    (tmp_path / "d" / "x" / "bad.png").write_bytes(b"")
    from PIL import Image

    Image.new("L", (9, 9), 7).save(tmp_path / "d" / "x" / "ok.png")
    result = run_cli("scan", "--data", tmp_path / "d", "--json", tmp_path / "r.json")
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["images"] == 1
    assert report["problem_files"][0]["path"].endswith("bad.png")


def test_export_refuses_bad_run(tmp_path):
    result = run_cli("export", "--run", tmp_path / "none", "--data", "sample", "--out",
                     tmp_path / "o", "--per-class", "1")
    assert result.returncode == 2 and "Run folder not found" in result.stderr
