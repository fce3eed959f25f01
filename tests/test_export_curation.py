"""Curation (rejected samples saved with the run) and the export's command line."""

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import TEST_SIZE
from PIL import Image

from engine.errors import UserError
from engine.export.curation import AcceptedSamples, Curation, flag_memorized, training_images
from engine.export.dataset import ExportRequest, export_dataset
from engine.generate import generate_seeds
from engine.runs import load_trained
from engine.runs.files import CURATION as CURATION_FILE

REPO = Path(__file__).resolve().parent.parent


def _synthetic_seeds(folder: Path, cls: str) -> list[int]:
    with (folder / "manifest.csv").open(newline="") as f:
        return [int(r["seed"]) for r in csv.DictReader(f) if r["class"] == cls and r["kind"] == "synthetic"]


@pytest.fixture()
def run_copy(gan_run, tmp_path) -> Path:
    """The trained run's files, so a test can write its own curation.json."""
    return Path(shutil.copytree(gan_run, tmp_path / "run"))


def test_curation_round_trips_and_is_per_temperature(run_copy):
    cur = Curation(run_copy)
    assert cur.set_rejected("3", [5, 7, 7], 1.0) == 2
    assert cur.set_rejected("3", [2], 0.7) == 1
    assert cur.set_rejected("3", [7], 1.0, rejected=False) == 1
    cur.save()
    assert not [p for p in run_copy.iterdir() if p.name.startswith(f".{CURATION_FILE}")]  # no temp
    again = Curation.load(run_copy)
    assert again.rejected_seeds("3", 1.0) == {5} and again.rejected_seeds("3", 0.70000001) == {2}
    assert again.is_rejected("3", 5, 1.0) and not again.is_rejected("4", 5, 1.0)
    assert again.count() == 2
    (run_copy / CURATION_FILE).write_text("{not json")
    with pytest.raises(UserError, match="curation file"):
        Curation.load(run_copy)


def test_export_skips_rejected_seeds_and_draws_replacements(run_copy, tmp_path):
    cur = Curation(run_copy)
    cur.set_rejected("0", [0, 2], 1.0)
    cur.set_rejected("1", [1], 0.5)  # another temperature: does not apply
    cur.save()
    summary = export_dataset(ExportRequest(str(run_copy), "sample", str(tmp_path / "o"), per_class=4,
                                           include_real=False))
    assert _synthetic_seeds(tmp_path / "o", "0") == [1, 3, 4, 5]
    assert _synthetic_seeds(tmp_path / "o", "1") == [0, 1, 2, 3]
    assert summary["curation_skipped"] == 2 and summary["synthetic"] == 40
    export_dataset(ExportRequest(str(run_copy), "sample", str(tmp_path / "p"), per_class=4,
                                 include_real=False, use_curation=False))
    assert _synthetic_seeds(tmp_path / "p", "0") == [0, 1, 2, 3]


def test_curation_is_per_truncation_and_reads_files_without_it(run_copy):
    cur = Curation(run_copy)
    cur.set_rejected("3", [5], 1.0)  # truncation off (the default)
    assert cur.set_rejected("3", [5, 6], 1.0, truncation=0.7) == 2  # the same seed, another image
    cur.save()
    entries = json.loads((run_copy / CURATION_FILE).read_text())["rejected"]
    assert sorted((e["truncation"], e["seeds"]) for e in entries) == [(0.0, [5]), (0.7, [5, 6])]
    again = Curation.load(run_copy)
    assert again.rejected_seeds("3", 1.0) == {5} == again.rejected_seeds("3", 1.0, truncation=None)
    assert again.rejected_seeds("3", 1.0, truncation=0.70000001) == {5, 6}
    assert again.is_rejected("3", 6, 1.0, truncation=0.7) and not again.is_rejected("3", 6, 1.0)
    assert not again.rejected_seeds("3", 1.0, truncation=0.5)
    assert again.count() == 3

    # A file written before truncation existed: its rejections were made with it off.
    (run_copy / CURATION_FILE).write_text(json.dumps(
        {"version": 1, "rejected": [{"class": "3", "temperature": 0.8, "seeds": [4, 9]}]}))
    old = Curation.load(run_copy)
    assert old.rejected_seeds("3", 0.8) == {4, 9} and not old.rejected_seeds("3", 0.8, truncation=1.0)
    old.set_rejected("3", [4], 0.8, truncation=1.0)
    old.save()  # written back in the new form, the old rejections kept
    assert Curation.load(run_copy).rejected_seeds("3", 0.8, truncation=0) == {4, 9}
    assert all("truncation" in e for e in json.loads((run_copy / CURATION_FILE).read_text())["rejected"])


def test_export_skips_seeds_rejected_at_its_truncation_only(run_copy, tmp_path):
    cur = Curation(run_copy)
    cur.set_rejected("0", [1], 1.0, truncation=1.0)  # applies to the export below
    cur.set_rejected("0", [2], 1.0)  # rejected untruncated: another image, kept
    cur.set_rejected("0", [3], 1.0, truncation=0.5)  # another truncation: kept
    cur.save()
    summary = export_dataset(ExportRequest(str(run_copy), "sample", str(tmp_path / "o"), per_class=4,
                                           include_real=False, truncation=1.0))
    assert _synthetic_seeds(tmp_path / "o", "0") == [0, 2, 3, 4]
    assert summary["curation_skipped"] == 1
    model = load_trained(run_copy)
    written = torch.from_numpy(np.array(Image.open(tmp_path / "o" / "0" / "synthetic_0000002.png")))
    made = generate_seeds(model, [0], [2], truncation=1.0).images[0, 0]  # (H, W), gray
    assert torch.equal(written, made)  # the truncated image, not the one rejected without truncation
    assert not torch.equal(written, generate_seeds(model, [0], [2]).images[0, 0])
    export_dataset(ExportRequest(str(run_copy), "sample", str(tmp_path / "p"), per_class=4,
                                 include_real=False))
    assert _synthetic_seeds(tmp_path / "p", "0") == [0, 1, 3, 4]  # truncation off: seed 2 left out


def test_accepted_samples_are_the_seeds_own_images(gan_run):
    model = load_trained(gan_run)
    cur = Curation(gan_run)
    cur.set_rejected("2", [1], 1.0)
    batches = list(AcceptedSamples(model, [0, 0, 3] + [0] * 7, start_seed=0, curation=cur))
    assert [b.seeds for b in batches] == [[0, 2, 3]]
    assert torch.equal(batches[0].images, generate_seeds(model, [2, 2, 2], [0, 2, 3]).images)


def test_training_images_and_memorisation_flags(gan_run):
    train = training_images(gan_run)
    assert len(train) == 2200 and train.image_size == TEST_SIZE  # the fixture trains on the whole sample
    noise = torch.randint(0, 256, (4, 1, TEST_SIZE, TEST_SIZE), dtype=torch.uint8)
    mask, dist, idx = flag_memorized(torch.cat([train.images[[10, 20]], noise]), train.images)
    assert mask.tolist() == [True, True, False, False, False, False]
    assert idx[:2].tolist() == [10, 20] and float(dist[0]) < 1e-3  # cdist rounding


def _cli(*args):
    env = {**os.environ, "OMP_NUM_THREADS": "2"}
    return subprocess.run([sys.executable, str(REPO / "main.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=env)


def test_cli_export_modes_zip_and_add_to_existing(gan_run, tmp_path):
    out = tmp_path / "AUG"
    r = _cli("export", "--run", gan_run, "--data", "sample", "--out", out, "--balance-to", "230", "--zip")
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout.strip().splitlines()[-1])
    assert all(n["real"] + n["synthetic"] == 230 for n in summary["per_class"].values())
    assert Path(summary["zip"]).is_file() and (out / "dataset_card.json").is_file()
    r = _cli("export", "--run", gan_run, "--data", "sample", "--out", out, "--factor", "1.01", "--no-real")
    assert r.returncode == 2 and "not empty" in r.stderr
    r = _cli("export", "--run", gan_run, "--data", "sample", "--out", out, "--factor", "0.01",
             "--no-real", "--add-to-existing")
    assert r.returncode == 0, r.stderr
    added = json.loads(r.stdout.strip().splitlines()[-1])
    assert added["manifest"] == "manifest_1.csv" and added["real"] == 0
    assert added["synthetic"] == sum(round(n["real"] * 0.01) for n in summary["per_class"].values())


def test_cli_export_recommended_takes_the_evaluations_amount_and_filter(gan_split_run, tmp_path, capsys):
    """`export --recommended` sets what the Export panel sets (engine.evaluate.report.export_advice):
    the amount chosen on validation, confirmed or (said so) unconfirmed by the test images; it
    refuses, writing nothing, when the run has no evaluation, validation favoured real images alone,
    or the test images show harm."""
    from engine.cli.main import main
    from engine.evaluate.report import EvalConfig, evaluate_run
    from engine.runs import RunFolder

    run = Path(shutil.copytree(gan_split_run, tmp_path / "run"))

    def export(name: str, *extra: str) -> tuple[int, str, Path]:
        out = tmp_path / name
        code = main(["export", "--run", str(run), "--data", "sample", "--out", str(out), "--no-sheet",
                     "--recommended", *extra])
        return code, capsys.readouterr(), out

    code, printed, out = export("none")
    assert code == 2 and "has no evaluation" in printed.err and not out.exists()

    evaluate_run(run, "sample", EvalConfig(seeds=1, classifier_steps=20, amounts=(1.0,), confidences=(),
                                           metric_samples=200, memorization_samples=200, device="cpu"))
    report = json.loads((run / "evaluation.json").read_text())

    def recommend(**fields) -> None:  # the saved report's recommendation, forced one way
        report["recommendation"].update(fields)
        RunFolder(run).write_evaluation(report)

    def verdict(kind: str) -> None:  # and its test verdict
        report["verdict"].update(verdict=kind, helps=kind == "helps")
        RunFolder(run).write_evaluation(report)

    recommend(helps=False, validation_favours="none")  # validation favoured real images alone
    verdict("no clear effect")
    code, printed, out = export("against")
    assert code == 2 and report["verdict"]["text"] in printed.err and not out.exists()
    recommend(validation_favours="synthetic")  # favoured on validation, but the test images show harm
    verdict("hurts")
    code, printed, out = export("harm")
    assert code == 2 and "does not recommend" in printed.err and not out.exists()

    verdict("no clear effect")  # favoured on validation, neither confirmed nor refuted: taken, said so
    recommend(amount=0.1, factor=1.1, filtered=False, confidence=None)
    code, printed, out = export("unconfirmed")
    assert code == 0, printed.err
    assert "--factor 1.1 (favoured on validation, not confirmed on the test images)" in printed.err
    assert json.loads(printed.out.strip().splitlines()[-1])["synthetic"] > 0

    verdict("helps")

    recommend(helps=True, amount=0.1, factor=1.1, filtered=False, confidence=None)
    code, printed, out = export("unfiltered")
    assert code == 0, printed.err
    summary = json.loads(printed.out.strip().splitlines()[-1])
    assert "--factor 1.1" in printed.err and "not confirmed" not in printed.err
    assert summary["unconfident_rejected"] == 0
    real = {c: n["real"] for c, n in summary["per_class"].items()}
    assert {c: n["synthetic"] for c, n in summary["per_class"].items()} == {
        c: round(0.1 * r) for c, r in real.items()}

    recommend(filtered=True, confidence=0.001)  # its judge filter comes too (low: a tiny run)
    code, printed, out = export("filtered")
    assert code == 0, printed.err
    assert "--factor 1.1 --min-confidence 0.001" in printed.err
    settings = json.loads((out / "dataset_card.json").read_text())["export"]
    assert settings["factor"] == pytest.approx(1.1) and settings["min_confidence"] == pytest.approx(0.001)
    code, printed, out = export("own_filter", "--min-confidence", "0.002")  # a filter given wins
    assert code == 0 and "--min-confidence 0.002" in printed.err
    card = json.loads((out / "dataset_card.json").read_text())
    assert card["export"]["min_confidence"] == pytest.approx(0.002)


def test_cli_export_keeps_what_passes_where_the_filter_cannot_fill_a_class(run_copy, tmp_path, capsys):
    """A judge filter that rejects every sample of most classes: the export still completes, with
    what passed, and the stderr warning, the summary and the card name the classes left short."""
    from engine.cli.main import main
    from engine.evaluate.classifier import SmallCNN, save_classifier
    from engine.export.curation import MAX_TRIES_PER_IMAGE
    from engine.runs import RunFolder

    model = load_trained(run_copy)
    names = model.class_names
    judge = SmallCNN(model.args.channels, len(names))
    with torch.no_grad():  # sure of class 0 whatever it sees: every other class's samples fail
        judge.head[-1].weight.zero_()
        judge.head[-1].bias.copy_(torch.tensor([20.0] + [0.0] * (len(names) - 1)))
    save_classifier(judge, RunFolder(run_copy).judge_path)
    out = tmp_path / "o"
    code = main(["export", "--run", str(run_copy), "--data", "sample", "--out", str(out), "--no-sheet",
                 "--per-class", "3", "--min-confidence", "0.9"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    summary = json.loads(printed.out.strip().splitlines()[-1])
    assert summary["short"] == {name: 3 for name in names[1:]}
    assert summary["synthetic"] == 3 and summary["real"] > 0
    assert {c: n["synthetic"] for c, n in summary["per_class"].items()} == {
        name: 3 if name == names[0] else 0 for name in names}
    assert summary["unconfident_rejected"] >= (len(names) - 1) * 3 * MAX_TRIES_PER_IMAGE
    assert "warning: the filters kept too few samples of " + f"{names[1]} (3 short)" in printed.err
    assert _synthetic_seeds(out, names[0]) == [0, 1, 2] and _synthetic_seeds(out, names[1]) == []
    card = json.loads((out / "dataset_card.json").read_text())
    assert card["curation"]["short"] == summary["short"]
    assert card["totals"]["synthetic"] == 3
