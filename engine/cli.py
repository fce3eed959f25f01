"""The headless command line: the same engine functions the GUI calls.

Every command ends with one JSON line of results on stdout; progress goes to stderr as a bar when
stderr is a terminal. A user error prints one line ``error: ...`` and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from engine import __version__
from engine.config import DataConfig, RunConfig
from engine.errors import Cancelled, UserError
from engine.terminal import ProgressBar, format_seconds

EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command (DESIGN.md's command-line contract)."""
    p = argparse.ArgumentParser(
        prog="main.py",
        description="GenAug Studio: train a class-conditional generator on an image folder and "
        "export an augmented dataset. Without a command, opens the GUI.",
    )
    p.add_argument("--version", action="version", version=f"GenAug Studio {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("scan", help="check a dataset folder and print its summary and problems")
    _data_args(s)
    s.add_argument("--json", metavar="FILE", help="also write the full report to FILE")

    t = sub.add_parser("train", help="train a generative model on a dataset")
    _data_args(t)
    t.add_argument("--model", required=True, choices=["cgan", "cvae"], help="model family")
    t.add_argument("--out", required=True, metavar="RUN_DIR", help="run folder to create")
    budget = t.add_mutually_exclusive_group()
    budget.add_argument("--steps", type=int, help="optimiser steps (default 1000)")
    budget.add_argument("--minutes", type=float, help="wall-clock budget instead of steps")
    t.add_argument("--batch-size", type=int, help="images per step (default 64)")
    t.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    t.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"])
    t.add_argument("--resume", action="store_true",
                   help="continue the run in RUN_DIR from its checkpoint")

    g = sub.add_parser("generate", help="generate N images per class from a trained run, "
                       "or interpolate between two seeds")
    g.add_argument("--run", required=True, metavar="RUN_DIR", help="a trained run folder")
    g.add_argument("--out", required=True, metavar="DIR", help="new folder for the images")
    what = g.add_mutually_exclusive_group(required=True)
    what.add_argument("--per-class", type=int, metavar="N", help="images per class")
    what.add_argument("--interpolate", type=int, nargs=2, metavar=("SEED_A", "SEED_B"),
                      help="morph each class's sample of SEED_A into that of SEED_B")
    g.add_argument("--steps", type=int, default=8,
                   help="images per interpolation, both ends included (default 8)")
    g.add_argument("--class", dest="classes", action="append", metavar="NAME",
                   help="interpolate only this class (repeatable; default all)")
    g.add_argument("--seed", type=int, default=0, help="first seed (image i uses seed+i)")
    g.add_argument("--temperature", type=float, default=1.0,
                   help="noise scale: below 1 more typical images, above 1 more varied")
    g.add_argument("--truncation", type=float, default=0.0, metavar="T",
                   help="GAN truncation trick: redraw noise entries beyond +-T (e.g. 1.0; 0 = off)")

    e = sub.add_parser("export", help="write an augmented dataset folder (real + synthetic)")
    e.add_argument("--run", required=True, metavar="RUN_DIR", help="a trained run folder")
    e.add_argument("--data", required=True, metavar="DIR", help="the real dataset, or 'sample'")
    e.add_argument("--out", required=True, metavar="DIR", help="new folder to create")
    amount = e.add_mutually_exclusive_group(required=True)
    amount.add_argument("--per-class", type=int, metavar="N", help="synthetic images per class")
    amount.add_argument("--balance-to", type=int, metavar="M",
                        help="add synthetic images until every class has M")
    amount.add_argument("--factor", type=float, metavar="F",
                        help="multiply every class by F (2 doubles the dataset)")
    e.add_argument("--no-real", action="store_true", help="leave the real images out")
    e.add_argument("--link-real", action="store_true",
                   help="hard-link the real files instead of copying them (copies across disks)")
    e.add_argument("--filter-memorized", action="store_true",
                   help="leave out samples that are near-copies of training images")
    e.add_argument("--ignore-curation", action="store_true",
                   help="also use the samples rejected in the gallery (curation.json)")
    e.add_argument("--add-to-existing", action="store_true",
                   help="allow a non-empty --out: add files, never replace one (clashes get _1, _2)")
    e.add_argument("--zip", action="store_true", help="also write OUT.zip holding the same folder")
    e.add_argument("--no-sheet", action="store_true", help="skip sample_sheet.png")
    e.add_argument("--size", choices=["real", "trained"], default="real",
                   help="one image size in the folder: 'real' (default) writes the synthetic images "
                   "at the real images' size; 'trained' writes every image, real ones too, at the "
                   "size the model was trained at")
    e.add_argument("--seed", type=int, default=0, help="first seed of the synthetic images")
    e.add_argument("--temperature", type=float, default=1.0, help="noise scale (as in the gallery)")
    e.add_argument("--truncation", type=float, default=0.0, metavar="T",
                   help="GAN truncation trick: redraw noise entries beyond +-T (0 = off)")
    e.add_argument("--min-confidence", type=float, default=0.0, metavar="P",
                   help="keep only samples the evaluation's judge gives their class with probability "
                   ">= P (needs `evaluate` first; 0 = off)")

    v = sub.add_parser("evaluate", help="measure whether the run's synthetic images help a classifier")
    v.add_argument("--run", required=True, metavar="RUN_DIR", help="a trained run folder")
    v.add_argument("--data", required=True, metavar="DIR", help="the real dataset, or 'sample'")
    v.add_argument("--test", metavar="DIR", help="a labelled test folder instead of the held-out split")
    v.add_argument("--json", metavar="FILE", help="also write the full report to FILE")
    v.add_argument("--seeds", type=int, default=3, help="classifier seeds per arm (default 3)")
    v.add_argument("--classifier-steps", type=int, default=400, metavar="N",
                   help="optimiser steps of each classifier (default 400)")
    v.add_argument("--amounts", default="0.5,1,2,4", metavar="A,B,..",
                   help="synthetic amounts to sweep, as multiples of the real count (default 0.5,1,2,4)")
    v.add_argument("--confidence", type=float, default=0.9,
                   help="judge confidence that the filtered variants require (default 0.9)")
    v.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"])

    sub.add_parser("self-test", help="a short offline end-to-end check of this installation "
                   "(train, reload, generate, export, open the window offscreen)")
    return p


def _data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, metavar="DIR",
                   help="folder with one sub-folder per class, or 'sample'")
    p.add_argument("--image-size", type=int, default=0, metavar="N",
                   help="train at N x N pixels (default: the images' own size where the networks "
                   "allow it, at most 64, e.g. 28 stays 28; 16 for the sample)")
    p.add_argument("--channels", type=int, choices=[1, 3], default=0,
                   help="1 = gray, 3 = RGB (default: what most images are)")
    p.add_argument("--resize", choices=["crop", "pad"], default="crop",
                   help="fit images by resize + centre crop (default) or resize + pad")


def main(argv: list[str] | None = None, window_check=None) -> int:
    """Run one sub-command; return the exit status.

    ``window_check(work_dir) -> dict`` is the GUI part of ``self-test`` (``main.py`` passes
    :func:`gui.selftest.check_main_window`; the engine never imports Qt itself).
    """
    args = build_parser().parse_args(argv)
    commands = {"scan": _scan, "train": _train, "generate": _generate, "export": _export,
                "evaluate": _evaluate}
    commands["self-test"] = lambda _args: _self_test(window_check)
    try:
        result = commands[args.command](args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except (KeyboardInterrupt, Cancelled):
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(json.dumps(result))
    return 0


def _load(args, label: str = "scan"):
    from engine.data.load import load_dataset

    bar = ProgressBar(label)
    cfg = DataConfig(path=args.data, image_size=args.image_size, channels=args.channels,
                     resize=getattr(args, "resize", "crop"))
    try:
        data = load_dataset(cfg, progress=lambda d, n: bar.update(d / n, f"{d}/{n} files"))
    finally:
        bar.close()
    return cfg, data


def _scan(args) -> dict:
    from engine.data.report import format_report, imbalance_ratio, write_report_json
    from engine.data.split import holdout_split

    cfg, data = _load(args)
    _, held = holdout_split(data, cfg.holdout_fraction, cfg.split_seed)
    held_counts = data.labels[held].bincount(minlength=data.num_classes).tolist()
    print(format_report(data, held_counts), file=sys.stderr)
    if args.json:
        write_report_json(data, args.json, held_counts)
    return {**data.summary(), "held_out": len(held),
            "imbalance_ratio": round(imbalance_ratio(data.class_counts()), 3)}


def _train(args) -> dict:
    from engine.data.report import format_report
    from engine.run import split_for_run
    from engine.train.trainer import train

    cfg_data, data = _load(args)
    config = RunConfig(data=cfg_data)
    config.model.name = args.model
    if args.steps is not None:
        config.train.steps = args.steps
    if args.minutes is not None:
        config.train.minutes = args.minutes
    if args.batch_size is not None:
        config.train.batch_size = args.batch_size
    config.train.seed = args.seed
    config.train.device = args.device
    if config.train.steps < 1 and config.train.minutes <= 0:
        raise UserError("--steps must be at least 1")

    train_idx, held_idx = split_for_run(args.out, data, cfg_data, resume=args.resume)
    summary = data.summary()
    print(format_report(data, data.labels[held_idx].bincount(minlength=data.num_classes).tolist()),
          file=sys.stderr)
    print(f"training on {len(train_idx)} images, {len(held_idx)} held out (saved in "
          f"{Path(args.out) / 'split.json'})", file=sys.stderr)
    bar = ProgressBar("train")

    def progress(p) -> None:
        losses = " ".join(f"{k}={v:.3f}" for k, v in p.metrics.items())
        bar.update(p.fraction, f"step {p.step} {p.images_per_s:.0f} img/s "
                               f"ETA {format_seconds(p.eta_s)} {losses}")
        if p.message:
            print(p.message, file=sys.stderr)

    try:
        result = train(config, data.subset(train_idx), Path(args.out), progress, resume=args.resume)
    finally:
        bar.close()
    return {**result.to_dict(), "data": summary, "train_images": len(train_idx),
            "held_out_images": len(held_idx)}


def _generate(args) -> dict:
    from engine.generate import generate_to_folder, interpolate_to_folder

    if args.interpolate:
        seed_a, seed_b = args.interpolate
        return interpolate_to_folder(args.run, args.out, seed_a, seed_b, args.steps,
                                     args.temperature, args.classes, truncation=args.truncation)
    if args.classes:
        raise UserError("--class selects the classes of --interpolate; --per-class makes every class")
    bar = ProgressBar("generate")
    try:
        return generate_to_folder(
            args.run, args.out, args.per_class, args.seed, args.temperature,
            progress=_eta_progress(bar, "steps"), truncation=args.truncation,
        )
    finally:
        bar.close()


def _export(args) -> dict:
    from engine.export import ExportRequest, export_dataset

    req = ExportRequest(
        run_dir=args.run, data=args.data, out=args.out, per_class=args.per_class,
        balance_to=args.balance_to, factor=args.factor, include_real=not args.no_real,
        link_real=args.link_real, filter_memorized=args.filter_memorized,
        use_curation=not args.ignore_curation, add_to_existing=args.add_to_existing,
        make_zip=args.zip, make_sheet=not args.no_sheet, seed=args.seed,
        temperature=args.temperature, min_confidence=args.min_confidence, truncation=args.truncation,
        size=args.size,
    )
    bar = ProgressBar("export")
    try:
        return export_dataset(req, progress=_eta_progress(bar, "files"))
    finally:
        bar.close()


def _self_test(window_check) -> dict:
    from engine.selftest import run_self_test

    return run_self_test(window_check, log=lambda line: print(line, file=sys.stderr, flush=True))


def _evaluate(args) -> dict:
    from engine.evaluate.report import REPORT_FILE, EvalConfig, evaluate_run

    try:
        amounts = tuple(float(a) for a in args.amounts.split(",") if a.strip())
    except ValueError as exc:
        raise UserError(f"--amounts must be numbers separated by commas, not {args.amounts!r}") from exc
    config = EvalConfig(seeds=args.seeds, classifier_steps=args.classifier_steps, amounts=amounts,
                        confidence=args.confidence, device=args.device, test_dir=args.test)
    bar = ProgressBar("evaluate")
    try:
        report = evaluate_run(args.run, args.data, config,
                              progress=lambda d, n, msg: bar.update(d / max(1, n), msg))
    finally:
        bar.close()
    for arm in report["arms"]:
        print(f"{arm['label']:<30} {100 * arm['accuracy_mean']:6.2f} ± {100 * arm['accuracy_std']:.2f} %",
              file=sys.stderr)
    print(report["verdict"]["text"], file=sys.stderr)
    if args.json:
        from engine.train.checkpoint import write_json_atomic

        try:
            write_json_atomic(Path(args.json), report)
        except OSError as exc:
            raise UserError(f"Cannot write the report to {args.json}: {exc.strerror or exc}") from exc
    return {"report": str(Path(args.run) / REPORT_FILE), "verdict": report["verdict"],
            "recommendation": report["recommendation"],
            "accuracy": {a["key"]: round(a["accuracy_mean"], 4) for a in report["arms"]},
            "memorization_rate": report["memorization"]["rate"], "elapsed_s": report["elapsed_s"]}


def _eta_progress(bar: ProgressBar, unit: str):
    """A ``progress(done, total)`` callback drawing the bar with the rate and time left."""
    import time

    start = time.monotonic()

    def progress(done: int, total: int) -> None:
        elapsed = time.monotonic() - start
        eta = elapsed * (total - done) / done if done else None
        bar.update(done / max(1, total), f"{done}/{total} {unit} ETA {format_seconds(eta)}")

    return progress
