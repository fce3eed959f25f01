"""The headless command line: the same engine functions the GUI calls.

Every command ends with one JSON line of results on stdout; progress goes to stderr as a bar when
stderr is a terminal. A user error prints one line ``error: ...`` and exits with status 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from engine.cli.args import build_parser
from engine.cli.terminal import ProgressBar, format_seconds
from engine.config import DataConfig, RunConfig
from engine.errors import Cancelled, UserError
from engine.runs import RunFolder

EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130


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
    if result is not None:  # None: a torchrun process other than rank 0, which stays quiet
        print(json.dumps(result))
    return 0


def _load(args, label: str = "scan", cfg: DataConfig | None = None, quiet: bool = False):
    from engine.data.load import load_dataset

    bar = ProgressBar(label)
    bar.enabled = bar.enabled and not quiet
    if cfg is None:
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


def _train(args) -> dict | None:
    from engine.train import distributed

    config = _train_config(args)
    # Under torchrun: join the other processes (NCCL on GPUs, Gloo on the CPU); else one process.
    ctx = distributed.setup(config.train.device)
    try:
        return _train_process(args, config, ctx)
    finally:
        distributed.teardown()


def _train_config(args) -> RunConfig:
    """The run's settings: the --config file (if any), then every option given on the command line."""
    if args.config:
        path = Path(args.config)
        try:
            text = path.read_text(encoding="utf-8")
            config = (RunConfig.from_toml(text) if path.suffix == ".toml"
                      else RunConfig.from_saved(json.loads(text)))
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            raise UserError(f"Cannot read the settings file {path}: {exc}") from exc
    else:
        config = RunConfig()
        if args.data is None or args.model is None:
            raise UserError("train needs --data and --model (or --config FILE)")
    _apply_options(args, config)
    return config


def _apply_options(args, config: RunConfig) -> None:
    """Set every option given on the command line (None = not given) in ``config``."""
    given = {("data", "path"): args.data, ("data", "image_size"): args.image_size,
             ("data", "channels"): args.channels, ("data", "resize"): args.resize,
             ("model", "name"): args.model, ("train", "steps"): args.steps,
             ("train", "minutes"): args.minutes, ("train", "batch_size"): args.batch_size,
             ("train", "seed"): args.seed, ("train", "device"): args.device}
    for (section, key), value in given.items():
        if value is not None:
            setattr(getattr(config, section), key, value)
    if args.steps is not None:
        config.train.minutes = 0.0  # --steps replaces a time budget from the file
    if config.train.steps < 1 and config.train.minutes <= 0:
        raise UserError("--steps must be at least 1")


def _train_process(args, config: RunConfig, ctx) -> dict | None:
    """Load the data, split it, train; only rank 0 writes the split, prints and returns results."""
    from engine.data.report import format_report
    from engine.runs import split_for_run
    from engine.train.trainer import train

    main = ctx.is_main
    cfg_data, data = _load(args, cfg=config.data, quiet=not main)
    preset = _apply_preset(args, config, data)
    if main:
        print(f"preset: {preset}" + (" (auto: from the data and the device)"
                                      if args.preset == "auto" and not args.config else ""),
              file=sys.stderr)
    run = ctx.run_folder(Path(args.out))  # rank 0's; the other ranks' never write
    run.check_outside(data.source)  # refused before anything is written
    with run.lock():  # from the split to the last checkpoint: no second trainer in this folder
        # Rank 0 owns the run folder: it makes (or reads) the split and sends it to the others.
        split = split_for_run(run.path, data, cfg_data, resume=args.resume) if main else None
        train_idx, held_idx = ctx.broadcast(split)
        summary = data.summary()
        if main:
            held_counts = data.labels[held_idx].bincount(minlength=data.num_classes).tolist()
            print(format_report(data, held_counts), file=sys.stderr)
            print(f"training on {len(train_idx)} images, {len(held_idx)} held out (saved in "
                  f"{run.split_path})", file=sys.stderr)
            if ctx.enabled:
                print(f"{ctx.world_size} processes ({ctx.backend}), batch {config.train.batch_size} "
                      f"per process: global batch {ctx.world_size * config.train.batch_size}",
                      file=sys.stderr)
        bar = ProgressBar("train")
        bar.enabled = bar.enabled and main
        try:
            result = train(config, data.subset(train_idx), run.path,
                           _train_progress(bar) if main else None, resume=args.resume)
        finally:
            bar.close()
    if not main:
        return None
    return {**result.to_dict(), "preset": preset, "data": summary, "train_images": len(train_idx),
            "held_out_images": len(held_idx)}


def train_config(args, cfg_data: DataConfig, data) -> tuple[RunConfig, str]:
    """The RunConfig ``train`` uses for the loaded dataset and the preset applied (as the Model
    panel: :func:`engine.train.presets.apply_preset_for`), the options given overriding it."""
    config = _train_config(args)
    config.data = cfg_data
    return config, _apply_preset(args, config, data)


def _apply_preset(args, config: RunConfig, data) -> str:
    """Apply ``--preset`` for the loaded data, then the options given again (they win).

    A ``--config`` file already holds every setting: no preset is applied over it.
    """
    from engine.train.presets import apply_preset_for

    if args.config:
        return f"settings of {args.config}"
    preset = apply_preset_for(config, args.preset, data)
    _apply_options(args, config)
    return preset


def _train_progress(bar: ProgressBar):
    """A trainer ``progress`` callback drawing the bar and printing the run's events."""

    def progress(p) -> None:
        losses = " ".join(f"{k}={v:.3f}" for k, v in p.metrics.items())
        bar.update(p.fraction, f"step {p.step} {p.images_per_s:.0f} img/s "
                               f"ETA {format_seconds(p.eta_s)} {losses}")
        if p.message:
            print(p.message, file=sys.stderr)

    return progress


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
    from engine.evaluate.report import recommended_export
    from engine.export.curation import MAX_TRIES_PER_IMAGE, describe_short
    from engine.export.dataset import ExportRequest, export_dataset

    factor, min_confidence = args.factor, args.min_confidence
    if args.recommended:  # as the Export panel: the evaluation's amount, and its filter unless one is given
        advice = recommended_export(args.run)
        factor = advice.factor
        if not min_confidence and advice.min_confidence is not None:
            min_confidence = advice.min_confidence
        print(f"the evaluation's recommendation: --factor {factor:g}"
              f"{f' --min-confidence {min_confidence:g}' if min_confidence else ''}"
              f"{'' if advice.confirmed else ' (favoured on validation, not confirmed on the test images)'}",
              file=sys.stderr)
    req = ExportRequest(
        run_dir=args.run, data=args.data, out=args.out, per_class=args.per_class,
        balance_to=args.balance_to, factor=factor, include_real=not args.no_real,
        link_real=args.link_real, filter_memorized=args.filter_memorized,
        use_curation=not args.ignore_curation, add_to_existing=args.add_to_existing,
        make_zip=args.zip, make_sheet=not args.no_sheet, seed=args.seed,
        temperature=args.temperature, min_confidence=min_confidence, truncation=args.truncation,
        size=args.size, moved_copies=args.moved_copies,
    )
    bar = ProgressBar("export")
    try:
        summary = export_dataset(req, progress=_eta_progress(bar, "files"))
    finally:
        bar.close()
    if summary["short"]:
        print(f"warning: the filters kept too few samples of {describe_short(summary['short'])}: those "
              f"classes hold fewer synthetic images than asked ({MAX_TRIES_PER_IMAGE} candidates "
              "were tried per wanted image)", file=sys.stderr)
    return summary


def _self_test(window_check) -> dict:
    from engine.cli.selftest import run_self_test

    return run_self_test(window_check, log=lambda line: print(line, file=sys.stderr, flush=True))


def _evaluate(args) -> dict:
    from engine.evaluate.report import EvalConfig, evaluate_run

    amounts, confidences = _numbers(args.amounts, "--amounts"), _numbers(args.confidence, "--confidence")
    config = EvalConfig(seeds=args.seeds, classifier_steps=args.classifier_steps, amounts=amounts,
                        confidences=confidences, device=args.device, test_dir=args.test)
    bar = ProgressBar("evaluate")
    try:
        report = evaluate_run(args.run, args.data, config,
                              progress=lambda d, n, msg: bar.update(d / max(1, n), msg))
    finally:
        bar.close()
    for arm in report["arms"]:
        low, high = arm["accuracy_ci"]
        print(f"{arm['label']:<30} {100 * arm['accuracy_mean']:6.2f} % [{100 * low:.2f}, {100 * high:.2f}]",
              file=sys.stderr)
    verdict = report["verdict"]
    print(f"{verdict['text']}\n({verdict['method']}; choices made on validation data: "
          f"{report['discipline']['validation']['reason']})", file=sys.stderr)
    print(report["with_classical"]["text"], file=sys.stderr)
    if verdict["what_would_it_take"]:
        print(verdict["what_would_it_take"], file=sys.stderr)
    if args.json:
        from engine.safe_write import write_json_atomic

        try:
            write_json_atomic(Path(args.json), report)
        except OSError as exc:
            raise UserError(f"Cannot write the report to {args.json}: {exc.strerror or exc}") from exc
    return {"report": str(RunFolder(args.run).evaluation_path), "verdict": report["verdict"],
            "recommendation": report["recommendation"],
            "with_classical": {key: report["with_classical"][key] for key in
                               ("amount", "filtered", "confidence", "validation_favours", "gain_mean",
                                "interval", "verdict", "text")},
            "accuracy": {a["key"]: round(a["accuracy_mean"], 4) for a in report["arms"]},
            "memorization_rate": report["memorization"]["rate"], "elapsed_s": report["elapsed_s"]}


def _numbers(text: str, flag: str) -> tuple[float, ...]:
    """``"0.5,1,2"`` as a tuple of floats; a :class:`UserError` naming ``flag`` otherwise."""
    try:
        return tuple(float(a) for a in text.split(",") if a.strip())
    except ValueError as exc:
        raise UserError(f"{flag} must be numbers separated by commas, not {text!r}") from exc


def _eta_progress(bar: ProgressBar, unit: str):
    """A ``progress(done, total)`` callback drawing the bar with the rate and time left."""
    import time

    start = time.monotonic()

    def progress(done: int, total: int) -> None:
        elapsed = time.monotonic() - start
        eta = elapsed * (total - done) / done if done else None
        bar.update(done / max(1, total), f"{done}/{total} {unit} ETA {format_seconds(eta)}")

    return progress
