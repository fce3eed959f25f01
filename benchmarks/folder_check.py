"""The acceptance check's procedure, on a development dataset: the command line's defaults, exported
folders, one fixed classifier trained on each folder, the untouched test split.

    python benchmarks/folder_check.py [--quick] [--data mnist] [--per-class 50] [--minutes 5] [--seed 0]
                                      [--export-per-class 500] [--moved-copies 4] [--clf-seeds 3]

Issue 16 judges the product this way on its reserved set (never loaded here): ``per-class`` real
images per class in a folder; ``main.py train --model cgan --minutes M`` with every other default;
``main.py export --per-class 500``; a fixed classifier trained on the exported folder, tested on
the dataset's test split. This script runs the same commands as subprocesses on MNIST (or the
sample, or elpv) and trains the classifier (the judge's recipe, ``ClassifierRecipe()``) on five
folders, every one fixed before the run (nothing is chosen, so the test split reports):

- ``real``: the real folder alone;
- ``real_classical``: the same with classical augmentation on the fly (small moves; flips only
  where a classifier trained on the real images measures them safe, as the evaluation does);
- ``export``: ``export --per-class 500`` (the acceptance recipe: real + synthetic);
- ``moved``: ``export --per-class 0 --moved-copies N`` (real + moved copies, no generator);
- ``export_moved``: ``export --per-class 500 --moved-copies N``;
- ``recommended``: ``evaluate`` with its defaults, then ``export --recommended`` (the amount and
  judge filter the evaluation chose on validation: the "auto" amount, confirmed or not by its own
  test images); where the evaluation advises against adding synthetic images (validation favoured
  none, or its test images show harm), the real folder, which is what a user following it keeps
  (where the judge filter it recommends cannot fill a class, the export keeps what passed and the
  info records ``short``; before stop 31 it refused, and the folder was left out);
- ``validation_amount``: ``export --factor F`` of the amount (and judge filter) the same evaluation
  chose on validation, whatever its test verdict (the real folder where validation favoured none).
  It differs from ``recommended`` only where the evaluation's test images show harm.

``--folders`` picks some of them (``real`` always: every gain is against it).

One JSON line: per folder, its image count, the test accuracy (mean and sd over classifier seeds)
and the gain over ``real`` with its 95 % paired bootstrap interval (classifier seeds and test
images resampled); the run's steps and images/s. Folders and the run are cached in
~/.cache/genaug-bench/folder_check/ (``--fresh`` trains again). Time it alone: the training is
a wall-clock budget.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402
from datasets import CACHE, load_benchmark_data, per_class_subset  # noqa: E402

from engine.config import DataConfig  # noqa: E402
from engine.data import load_dataset  # noqa: E402
from engine.data.dataset import ImageSet  # noqa: E402
from engine.evaluate.classical import choose_classical  # noqa: E402
from engine.evaluate.classifier import ClassifierRecipe, predict, train_classifier  # noqa: E402
from engine.evaluate.interval import bootstrap_interval  # noqa: E402
from engine.evaluate.report import load_report  # noqa: E402
from engine.safe_write import write_pngs  # noqa: E402

# what `export --recommended` follows: 1 = confirmed gains only (stop 29); 2 = also the validation's
# amount where the test images show no clear effect (stop 30); 3 = as 2, and a judge filter that
# cannot fill a class keeps what passed instead of refusing (stop 31). Cached folders of another
# rule are exported again.
RECOMMEND_RULE = 3
FOLDERS = ("real", "real_classical", "export", "moved", "export_moved", "recommended", "validation_amount")


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default="mnist", choices=["mnist", "sample", "elpv"])
    p.add_argument("--per-class", type=int, default=50, help="real images per class in the folder")
    p.add_argument("--minutes", type=float, default=5.0, help="train --minutes")
    p.add_argument("--seed", type=int, default=0, help="which real images (and the run's --seed)")
    p.add_argument("--export-per-class", type=int, default=500, help="export --per-class")
    p.add_argument("--moved-copies", type=int, default=4, help="export --moved-copies, fixed before the run")
    p.add_argument("--clf-seeds", type=int, default=3)
    p.add_argument("--clf-steps", type=int, default=ClassifierRecipe().steps, help="the classifier's steps")
    p.add_argument("--folders", default=",".join(FOLDERS), help="which folders to train classifiers on")
    p.add_argument("--fresh", action="store_true", help="train and export again")
    p.add_argument("--quick", action="store_true",
                   help="a check of the procedure, not a figure: the sample, 30 s, 1 short classifier each")
    args = p.parse_args(argv)
    if args.quick:
        args.data, args.per_class, args.minutes, args.clf_seeds, args.clf_steps = "sample", 20, 0.5, 1, 100
        args.export_per_class, args.moved_copies = 40, 1
    torch.set_num_threads(2)

    pool, test = load_benchmark_data(args.data)
    real = per_class_subset(pool, args.per_class, args.seed)
    home = CACHE / "folder_check" / f"{args.data}-{args.per_class}-s{args.seed}-{args.minutes:g}min"
    if args.fresh and home.exists():
        shutil.rmtree(home)
    real_dir = _write_folder(real, home / "real")
    run = home / "run"
    trained = _train(real_dir, run, args)
    names = [n for n in FOLDERS if n == "real" or n in args.folders.split(",")]
    folders = {"real": real_dir, "real_classical": real_dir}
    for name, extra in (("export", ["--per-class", str(args.export_per_class)]),
                        ("moved", ["--per-class", "0", "--moved-copies", str(args.moved_copies)]),
                        ("export_moved", ["--per-class", str(args.export_per_class),
                                          "--moved-copies", str(args.moved_copies)])):
        if name in names:
            folders[name] = _export(run, real_dir, home / name, extra)
    recommended = None
    if {"recommended", "validation_amount"} & set(names):  # after the others: evaluating adds its report
        folder, recommended = _recommended(run, real_dir, home / "recommended")
        rec = recommended["recommendation"]
        if folder is None:  # the export refused the recommended filter (and would the same amount)
            names = [n for n in names if n not in ("recommended", "validation_amount")]
        elif rec["validation_favours"] == "none":
            folders["recommended"] = folders["validation_amount"] = real_dir
        elif recommended["exported"]:  # the evaluation recommended that same amount: exported already
            folders["recommended"] = folders["validation_amount"] = folder
        else:  # advised against on the test images: the user keeps the real folder
            folders["recommended"] = folder
            extra = ["--factor", f"{rec['factor']:g}"]
            if rec["filtered"]:
                extra += ["--min-confidence", f"{rec['confidence']:g}"]
            try:  # a judge filter the generator cannot fill is refused by the export, with the reason
                folders["validation_amount"] = _export(run, real_dir, home / "validation_amount", extra)
            except SystemExit as refused:
                recommended["validation_amount_refused"] = str(refused).strip().splitlines()[-1]
                names = [n for n in names if n != "validation_amount"]

    size, channels = real.images.shape[-1], real.images.shape[1]
    line = {"bench": "folder_check", "data": args.data, "per_class": args.per_class,
            "minutes": args.minutes, "seed": args.seed, "export_per_class": args.export_per_class,
            "moved_copies": args.moved_copies, "clf_seeds": args.clf_seeds, "clf_steps": args.clf_steps,
            "test_images": len(test),
            "train": trained, "folders": {}}
    if recommended is not None:
        line["recommended"] = recommended
    correct: dict[str, torch.Tensor] = {}
    classical, recipe = None, ClassifierRecipe(steps=args.clf_steps)
    for name in names:
        data = load_dataset(DataConfig(path=str(folders[name]), image_size=size, channels=channels))
        rows = []
        for cs in range(args.clf_seeds):
            augment = None
            if name == "real_classical":
                if classical is None:  # flips as the evaluation measures them, on the real images
                    judge = train_classifier(data.images, data.labels, data.num_classes, recipe, seed=0)
                    classical = choose_classical(judge, data.images, data.labels)
                augment = classical
            t0 = time.perf_counter()
            clf = train_classifier(data.images, data.labels, data.num_classes, recipe, seed=cs,
                                   augment=augment)
            rows.append(predict(clf, test.images).argmax(1) == _remap(test, data))
            print(f"{name} seed {cs}: {len(data)} images, {time.perf_counter() - t0:.0f} s, "
                  f"test {100 * float(rows[-1].float().mean()):.2f}", file=sys.stderr, flush=True)
        correct[name] = torch.stack(rows)  # (seeds, N)
        acc = [100 * float(r.float().mean()) for r in rows]
        line["folders"][name] = {"images": len(data), "test": round(statistics.mean(acc), 2),
                                 "test_sd": round(statistics.stdev(acc), 2) if len(acc) > 1 else 0.0}
    for name in names[1:]:
        mean, low, high = bootstrap_interval(100 * (correct[name].float() - correct["real"].float()))
        line["folders"][name]["gain_vs_real"] = round(mean, 2)
        line["folders"][name]["ci_vs_real"] = [round(low, 2), round(high, 2)]
    if classical is not None:
        line["classical"] = classical.describe()
    print(json.dumps(line), flush=True)
    return line


def _write_folder(data: ImageSet, folder: Path) -> Path:
    """The real images as ``<class>/<index>.png`` (written once, then reused)."""
    if folder.is_dir():
        return folder
    tmp = folder.with_name(folder.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    paths = []
    for i, label in enumerate(data.labels.tolist()):
        (tmp / data.class_names[label]).mkdir(parents=True, exist_ok=True)
        paths.append(tmp / data.class_names[label] / f"{i:05d}.png")
    write_pngs(data.images.permute(0, 2, 3, 1).numpy(), paths)
    tmp.rename(folder)
    return folder


def _cli(*args: str) -> dict:
    """``python main.py ARGS``; its last stdout line (the command's JSON result)."""
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"main.py {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _train(real_dir: Path, run: Path, args) -> dict:
    """``train --model cgan --minutes M`` with every other default (once; its result is kept)."""
    result = run.parent / "train.json"
    if result.is_file():
        return json.loads(result.read_text())
    shutil.rmtree(run, ignore_errors=True)
    out = _cli("train", "--data", str(real_dir), "--model", "cgan", "--minutes", f"{args.minutes:g}",
               "--seed", str(args.seed), "--out", str(run))
    keep = {k: out.get(k) for k in ("step", "elapsed_s", "images_per_s", "preset", "train_images")}
    result.write_text(json.dumps(keep))
    return keep


def _export(run: Path, real_dir: Path, out: Path, extra: list[str]) -> Path:
    """``export --run RUN --data REAL --out OUT EXTRA`` (once)."""
    if not out.is_dir():
        _cli("export", "--run", str(run), "--data", str(real_dir), "--out", str(out), "--no-sheet", *extra)
    return out


def _recommended(run: Path, real_dir: Path, out: Path) -> tuple[Path | None, dict]:
    """``evaluate`` (defaults), then ``export --recommended`` (once): the folder a user following the
    evaluation trains on (the real one where it advises against; None where the export refuses
    what it recommends, with the reason in the info) and what the evaluation chose."""
    info_path = out.with_name(out.name + ".json")
    cached = json.loads(info_path.read_text()) if info_path.is_file() else None
    if cached is None or cached.get("rule") != RECOMMEND_RULE:
        if cached is None:  # evaluated once; a newer export rule reuses the run's saved report
            _cli("evaluate", "--run", str(run), "--data", str(real_dir))
        report = load_report(run)
        shutil.rmtree(out, ignore_errors=True)
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", "--run", str(run), "--data",
                               str(real_dir), "--out", str(out), "--no-sheet", "--recommended"],
                              capture_output=True, text=True, cwd=ROOT)
        if done.returncode == 2 and "does not recommend" in done.stderr:
            exported = {"exported": False, "reason": done.stderr.strip().splitlines()[-1]}
        elif done.returncode == 2:  # recommended, but refused by the export (a filter it cannot fill)
            exported = {"exported": False, "refused": done.stderr.strip().splitlines()[-1]}
        elif done.returncode == 0:
            summary = json.loads(done.stdout.strip().splitlines()[-1])
            exported = {"exported": True, "synthetic": summary["synthetic"],
                        "unconfident_rejected": summary["unconfident_rejected"],
                        "short": summary.get("short", {})}
        else:
            raise SystemExit(f"export --recommended failed:\n{done.stderr[-2000:]}")
        rec = report["recommendation"]
        keep = ("amount", "filtered", "confidence", "factor", "helps", "gain_mean", "interval",
                "validation_favours", "validation_gain")
        info_path.write_text(json.dumps({**exported, "rule": RECOMMEND_RULE,
                                         "verdict": report["verdict"]["text"],
                                         "evaluate_s": report["elapsed_s"],
                                         "recommendation": {k: rec.get(k) for k in keep}}))
    info = json.loads(info_path.read_text())
    if info.get("refused"):
        return None, info
    return (out if info["exported"] else real_dir), info


def _remap(test: ImageSet, data: ImageSet) -> torch.Tensor:
    """The test labels in the folder's class order (folders sort class names as text)."""
    order = {name: i for i, name in enumerate(data.class_names)}
    return torch.tensor([order[test.class_names[c]] for c in test.labels.tolist()])


if __name__ == "__main__":
    main()
