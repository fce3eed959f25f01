"""Time to quality: how soon the app's default reaches what a plain DCGAN reaches in its whole budget.

    python benchmarks/time_to_quality.py [--quick] [--minutes 5] [--snapshot-s 15]
                                         [--stage all|train|score] [--clf-seeds 2] [--clf-steps 400]

On MNIST, 50 digits per class (the training subset of benchmarks/quality.py, seed 0), two
generators train for the same wall-clock budget, one after the other, on the CPU:

- ``default``: the app's default (preset ``auto``), trained by the real loop
  (``engine.train.trainer.train``) with the probes off (no live grid, no quality probe, no
  periodic checkpoint);
- ``plain``: the plain 40-line conditional DCGAN of benchmarks/plain_dcgan.py (the reference of
  benchmarks/quality.py).

Every ``--snapshot-s`` seconds of *training* time (``--reference-snapshot-s`` for the plain
DCGAN, whose last snapshot alone sets the threshold) the generator's weights are saved, outside the
training clock: the default's run stops at the snapshot time with its own checkpoint (the EMA
generator the app samples from) and is resumed from it (a resume continues bit for bit,
tests/test_resilience.py); the plain DCGAN's loop pauses its clock while G is saved.

Afterwards, untimed, each snapshot is scored by its classification accuracy score (CAS): the
app's judge classifier (SmallCNN, the recipe of benchmarks/quality.py) trained on
``--synth-per-class`` synthetic images per class alone, ``--clf-seeds`` times, tested on 2,000
real MNIST test digits (and, for information, on 1,000 validation digits of MNIST's training set
outside the 500 trained on). The threshold is the plain DCGAN's test CAS at the full budget; the
default's line gives the training time of its first snapshot at or above it and the ratio of the
two times (issue 17's target: at most 1/3). Nothing is chosen on the test digits.

A grid of snapshots answers "by the first snapshot after the target" only. So the default is also
scored at the target time itself, a third of the plain model's budget: the snapshot before it is
resumed and trained by count to the step the timed run made at that time (interpolated between
the two snapshots around it), untimed. The line's ``at_target`` is [s, step, test CAS,
validation CAS] and ``reaches_by_target`` says whether it is at or above the threshold.

Snapshots and scores are cached in ~/.cache/genaug-bench/ttq/, so the long version can be split:
``--stage train`` (needs the CPU alone: run it under the lock, about 2 x budget), then
``--stage score`` (any number of times; it scores what is not scored yet). One JSON line per
model; ``curve`` lists [training s, step, test CAS, validation CAS] per snapshot. Fashion-MNIST
is reserved (issue 16) and never loaded here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402
from datasets import CACHE, load_benchmark_data, train_val_split  # noqa: E402
from plain_dcgan import PlainG, sample_plain, train_plain  # noqa: E402

from engine.config import RunConfig  # noqa: E402
from engine.data.dataset import ImageSet  # noqa: E402
from engine.evaluate.classifier import ClassifierRecipe, predict, train_classifier  # noqa: E402
from engine.generate import generate  # noqa: E402
from engine.runs import load_trained  # noqa: E402
from engine.runs.files import CHECKPOINTS  # noqa: E402
from engine.train.presets import apply_preset  # noqa: E402
from engine.train.trainer import train  # noqa: E402

TARGET_RATIO = 1 / 3  # issue 17: the default needs at most a third of the plain model's time
PLAIN_NZ = 64  # the plain DCGAN's latent size (plain_dcgan.train_plain's default)


# ---------------------------------------------------------------------------- training (timed)
def snapshot_times(budget_s: float, every_s: float) -> list[float]:
    """Training times of the snapshots: every ``every_s`` seconds and the end of the budget."""
    times = [every_s * i for i in range(1, int(budget_s / every_s + 1e-9) + 1)]
    return times if times and abs(times[-1] - budget_s) < 1e-6 else [*times, budget_s]


def default_config(real: ImageSet, args) -> tuple[RunConfig, str]:
    """The app's default for these images (preset ``auto``) with the probes off: no live grid,
    no quality probe, no periodic checkpoint."""
    cfg = RunConfig()
    preset = apply_preset(cfg, "auto", len(real), real.image_size, "cpu")
    tc = cfg.train
    tc.seed, tc.threads, tc.device = args.seed, args.threads, "cpu"
    tc.sample_every = 10**9
    tc.quality_every, tc.checkpoint_every, tc.checkpoint_minutes = 0, 0, 0.0
    return cfg, preset


def train_default(real: ImageSet, args, out: Path) -> dict:
    """The app's default, stopped at every snapshot time and resumed; each stop's checkpoint kept."""
    cfg, preset = default_config(real, args)
    tc = cfg.train
    run_dir = out / "default-run"
    snaps = []
    for i, t in enumerate(snapshot_times(args.minutes * 60, args.snapshot_s)):
        tc.minutes = t / 60  # the budget counts the whole run: earlier sessions included
        result = train(cfg, real, run_dir, resume=i > 0)
        folder = out / "default" / f"t{round(t):05d}" / CHECKPOINTS
        folder.mkdir(parents=True)
        shutil.copy2(result.checkpoint, folder / Path(result.checkpoint).name)
        clock = float(torch.load(result.checkpoint, weights_only=True)["elapsed_s"])
        snaps.append({"t": round(clock, 2), "step": result.step, "path": str(folder.parent)})
    shutil.rmtree(run_dir)
    last = snaps[-1]
    return {"model": "default", "preset": preset,
            "net": f"{cfg.model.name} width {cfg.model.width} {cfg.model.conditioning}",
            "batch_size": tc.batch_size, "steps": last["step"], "train_s": last["t"],
            "images_per_s": round(last["step"] * tc.batch_size / last["t"], 1), "snapshots": snaps}


def snapshot_at(real: ImageSet, args, out: Path, snaps: list[dict], t_target: float) -> dict:
    """The default's state at training time ``t_target``, between two saved snapshots.

    The step is interpolated linearly from the two snapshots' (time, step) (the loop's speed
    between them taken as constant); the earlier snapshot is resumed and trained to that step by
    count, untimed. A resume continues bit for bit, so this is the state the timed run passed
    through at that step. Cached beside the timed snapshots.
    """
    before = max((s for s in snaps if s["t"] <= t_target), key=lambda s: s["t"])
    after = min((s for s in snaps if s["t"] > t_target), key=lambda s: s["t"])
    share = (t_target - before["t"]) / (after["t"] - before["t"])
    step = before["step"] + round(share * (after["step"] - before["step"]))
    folder = out / "default" / f"step{step:06d}"
    snap = {"t": round(t_target, 2), "step": step, "path": str(folder), "interpolated": True}
    if not (folder / CHECKPOINTS).exists():
        cfg, _ = default_config(real, args)
        cfg.train.minutes, cfg.train.steps = 0.0, step
        run_dir = out / "target-run"
        shutil.rmtree(run_dir, ignore_errors=True)
        (run_dir / CHECKPOINTS).mkdir(parents=True)
        start = next((Path(before["path"]) / CHECKPOINTS).glob("*.pt"))
        shutil.copy2(start, run_dir / CHECKPOINTS / start.name)
        result = train(cfg, real, run_dir, resume=True)
        (folder / CHECKPOINTS).mkdir(parents=True)
        shutil.copy2(result.checkpoint, folder / CHECKPOINTS / Path(result.checkpoint).name)
        shutil.rmtree(run_dir)
    return snap


def train_reference(real: ImageSet, args, out: Path) -> dict:
    """The plain DCGAN for the same budget; its clock pauses while G is saved."""
    folder = out / "plain"
    folder.mkdir(parents=True)
    snaps = []

    def save(g: PlainG, clock: float, steps: int) -> None:
        path = folder / f"t{round(clock):05d}.pt"
        torch.save({k: v.clone() for k, v in g.state_dict().items()}, path)
        snaps.append({"t": round(clock, 2), "step": steps, "path": str(path)})

    _, stats = train_plain(real.images, real.labels, real.num_classes, args.minutes * 60, args.seed,
                           snapshot_every=args.reference_snapshot_s, on_snapshot=save)
    return {"model": "plain", "net": "plain conditional DCGAN (benchmarks/plain_dcgan.py)",
            "batch_size": 64, "steps": stats["steps"], "train_s": stats["wall_s"],
            "images_per_s": stats["images_per_s"], "snapshots": snaps}


# ---------------------------------------------------------------------------- scoring (untimed)
def synthesize(model: str, snap: dict, real: ImageSet, per_class: int, seed: int):
    """``per_class`` uint8 images of every class from one snapshot, with their labels."""
    if model == "default":
        made = generate(load_trained(snap["path"], "cpu"), per_class, seed=10_000 * seed)
        return made.images, made.labels
    g = PlainG(real.num_classes, real.channels, real.image_size, PLAIN_NZ)
    g.load_state_dict(torch.load(snap["path"], weights_only=True))
    return sample_plain(g.eval(), [per_class] * real.num_classes, 10_000 * seed, PLAIN_NZ)


def score(model: str, snap: dict, real: ImageSet, val: ImageSet, test: ImageSet, args,
          out: Path) -> dict:
    """CAS of one snapshot on validation and test (%), mean over classifier seeds; cached."""
    path = out / "scores" / f"{model}-{Path(snap['path']).stem}.json"
    if path.exists():
        return json.loads(path.read_text())
    x, y = synthesize(model, snap, real, args.synth_per_class, args.seed)
    val_acc, test_acc = [], []
    for cs in range(args.clf_seeds):
        clf = train_classifier(x, y, real.num_classes, ClassifierRecipe(steps=args.clf_steps), seed=cs)
        val_acc.append(100 * float((predict(clf, val.images).argmax(1) == val.labels).float().mean()))
        test_acc.append(100 * float((predict(clf, test.images).argmax(1) == test.labels).float().mean()))
    result = {"t": snap["t"], "step": snap["step"], "val": round(statistics.mean(val_acc), 2),
              "test": round(statistics.mean(test_acc), 2), "test_runs": [round(a, 2) for a in test_acc]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result))
    return result


def first_reaching(curve: list[dict | None], threshold: float, key: str) -> float | None:
    """Training time of the first snapshot whose ``key`` accuracy is at least ``threshold``
    (None if none is, or if a snapshot before it is not scored yet)."""
    for c in curve:
        if c is None:
            return None
        if c[key] >= threshold:
            return c["t"]
    return None


# ---------------------------------------------------------------------------- main
def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--quick", action="store_true",
                   help="make bench: 20 s budgets, snapshots every 5 s, smaller classifiers")
    p.add_argument("--minutes", type=float, default=5.0, help="training budget of each generator")
    p.add_argument("--snapshot-s", type=float, default=15.0,
                   help="training seconds between snapshots of the default")
    p.add_argument("--reference-snapshot-s", type=float, default=60.0,
                   help="the same for the plain DCGAN (only its last one sets the threshold)")
    p.add_argument("--score-limit-s", type=float, default=0.0,
                   help="score: stop starting new snapshots after this many seconds (0 = all)")
    p.add_argument("--stage", default="all", choices=["all", "train", "score"])
    p.add_argument("--fresh", action="store_true", help="train again even if snapshots are cached")
    p.add_argument("--train-per-class", type=int, default=50)
    p.add_argument("--seed", type=int, default=0, help="training subset and generator seed")
    p.add_argument("--clf-seeds", type=int, default=2)
    p.add_argument("--clf-steps", type=int, default=400)
    p.add_argument("--synth-per-class", type=int, default=500)
    p.add_argument("--test-size", type=int, default=2000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--mnist-wheel", default=None)
    args = p.parse_args()
    if args.quick:
        args.minutes, args.snapshot_s, args.reference_snapshot_s = 1 / 3, 5.0, 10.0
        args.clf_seeds, args.clf_steps, args.synth_per_class = 1, 150, 100
    torch.set_num_threads(args.threads)

    pool, test = load_benchmark_data("mnist", args.mnist_wheel)
    real, val = train_val_split(pool, args.train_per_class, 100, args.seed)  # as quality.py
    if args.test_size and len(test) > args.test_size:  # the same fixed 2,000 as quality.py
        test = test.subset(torch.randperm(len(test), generator=torch.Generator().manual_seed(0))
                           [:args.test_size].sort().values)
    key = json.dumps(["mnist", args.train_per_class, args.seed, args.minutes, args.snapshot_s,
                      args.reference_snapshot_s, args.threads, torch.__version__, 1])
    out = CACHE / "ttq" / hashlib.sha256(key.encode()).hexdigest()[:16]
    trained = out / "trained.json"
    if args.stage in ("all", "train") and (args.fresh or not trained.exists()):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        t0 = time.perf_counter()
        runs = [train_default(real, args, out), train_reference(real, args, out)]
        trained.write_text(json.dumps({"runs": runs, "train_wall_s": round(time.perf_counter() - t0, 1)}))
    if args.stage == "train":
        print(json.dumps({"benchmark": "time_to_quality", "stage": "train", "cache": str(out),
                          **json.loads(trained.read_text())}), flush=True)
        return
    if not trained.exists():
        raise SystemExit(f"no snapshots for these settings yet: run --stage train first ({out})")
    runs = json.loads(trained.read_text())["runs"]
    scores = score_all(runs, real, val, test, args, out)
    at_target = score_target(runs, scores, real, val, test, args, out)
    report(runs, scores, args, len(test), at_target)
    left = sum(len(run["snapshots"]) for run in runs) - len(scores)
    if left:
        raise SystemExit(f"{left} snapshot(s) left to score: run --stage score again")


def score_all(runs: list[dict], real, val, test, args, out: Path) -> dict:
    """Scores by (model, snapshot path), most telling first, until ``--score-limit-s`` is spent.

    Order: the plain model's last snapshot (the threshold), the default's in time order up to the
    first at or above it (the answer), the plain model's curve, the default's last snapshot, the
    rest of the default's curve. Cached scores cost nothing, so repeated calls go further.
    """
    default, plain = (run["snapshots"] for run in runs)
    scores, t_start = {}, time.perf_counter()

    def take(model: str, snap: dict) -> bool:
        cached = (out / "scores" / f"{model}-{Path(snap['path']).stem}.json").exists()
        if not cached and args.score_limit_s and time.perf_counter() - t_start > args.score_limit_s:
            return False
        scores[model, snap["path"]] = score(model, snap, real, val, test, args, out)
        return True

    if not take("plain", plain[-1]):
        return scores
    threshold = scores["plain", plain[-1]["path"]]["test"]
    for snap in default:
        if not take("default", snap) or scores["default", snap["path"]]["test"] >= threshold:
            break
    for model, snap in ([("plain", s) for s in plain[:-1]] + [("default", default[-1])]
                        + [("default", s) for s in default]):
        if (model, snap["path"]) not in scores:
            take(model, snap)
    return scores


def score_target(runs: list[dict], scores: dict, real, val, test, args, out: Path) -> dict | None:
    """The default's score at exactly the target time (a third of the plain model's budget).

    The snapshot grid answers "reached by the first snapshot at or after the target": the answer
    at the target itself needs the state in between (:func:`snapshot_at`). Scored once the
    threshold is known; None when the target is a snapshot time or lies outside the curve.
    """
    default, plain = (run["snapshots"] for run in runs)
    if ("plain", plain[-1]["path"]) not in scores:
        return None
    t_target = TARGET_RATIO * runs[1]["train_s"]
    times = [s["t"] for s in default]
    if not times[0] < t_target < times[-1] or any(abs(t - t_target) < 0.5 for t in times):
        return None
    return score("default", snapshot_at(real, args, out, default, t_target), real, val, test, args, out)


def report(runs: list[dict], scores: dict, args, test_images: int, at_target: dict | None) -> None:
    """One JSON line per model; the default's says when it first reached the plain model's CAS,
    and what it scored at the target time."""
    if not scores:
        return
    curves = {run["model"]: [scores.get((run["model"], s["path"])) for s in run["snapshots"]]
              for run in runs}
    threshold, threshold_val = curves["plain"][-1]["test"], curves["plain"][-1]["val"]
    plain_s = runs[1]["train_s"]  # the plain model's whole budget, as trained
    for run in runs:
        curve = curves[run["model"]]
        line = {"benchmark": "time_to_quality", "data": "mnist", "train_per_class": args.train_per_class,
                "seed": args.seed, "budget_s": round(args.minutes * 60, 1), "threads": args.threads,
                "torch": torch.__version__, "clf_seeds": args.clf_seeds, "clf_steps": args.clf_steps,
                "synth_per_class": args.synth_per_class, "test_images": test_images,
                **{k: v for k, v in run.items() if k != "snapshots"},
                "final_test_cas": curve[-1]["test"] if curve[-1] else None,
                "unscored_snapshots": sum(c is None for c in curve),
                "curve": [[c["t"], c["step"], c["test"], c["val"]] for c in curve if c]}
        if run["model"] == "default":
            reach = first_reaching(curve, threshold, "test")
            reach_val = first_reaching(curve, threshold_val, "val")
            line.update(threshold_test_cas=threshold, reaches_at_s=reach,
                        ratio=round(reach / plain_s, 3) if reach else None,
                        target_ratio=round(TARGET_RATIO, 3),
                        threshold_val_cas=threshold_val, reaches_at_s_val=reach_val,
                        ratio_val=round(reach_val / plain_s, 3) if reach_val else None)
            if at_target is not None:  # [training s (interpolated), step, test CAS, validation CAS]
                line.update(at_target=[at_target["t"], at_target["step"], at_target["test"],
                                       at_target["val"]],
                            reaches_by_target=at_target["test"] >= threshold,
                            reaches_by_target_val=at_target["val"] >= threshold_val)
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
