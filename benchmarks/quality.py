"""Does the synthetic data help? Train a generator, then the same small classifier on
(a) real, (b) synthetic only, (c) real + synthetic; test all three on held-out real images.

    python benchmarks/quality.py --data sample --models cgan,cvae --seeds 0,1,2
    python benchmarks/quality.py --data mnist --train-per-class 20 --seeds 0,1,2
    python benchmarks/quality.py --data mnist --gen-minutes 5
    python benchmarks/quality.py --data mnist --train-per-class 50 --device cuda --preset balanced
    python benchmarks/quality.py --data mnist --preset balanced --synth-per-class 2000 --synth-share 0.1

One JSON line per model (means and standard deviations over seeds). Run it alone: it uses both
cores for minutes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402
from datasets import load_benchmark_data, per_class_subset  # noqa: E402

from engine.config import RunConfig  # noqa: E402
from engine.evaluate.classifier import ClassifierRecipe, accuracy, predict, train_classifier  # noqa: E402
from engine.generate import Generated, generate  # noqa: E402
from engine.runs import load_trained  # noqa: E402
from engine.train.presets import apply_preset  # noqa: E402
from engine.train.trainer import train  # noqa: E402


def _mix(real, synth, how: str, share: float = 0.0):
    """Real + synthetic as (images, labels, sampling weights or None).

    'balanced' repeats the real images so each batch is about half real; 'concat' draws every image
    alike; ``share`` > 0 instead weights the draws so that fraction of each batch is synthetic.
    """
    if share:
        weights = torch.cat([torch.full((len(real),), (1 - share) / len(real)),
                             torch.full((len(synth.labels),), share / len(synth.labels))])
        return torch.cat([real.images, synth.images]), torch.cat([real.labels, synth.labels]), weights
    reps = max(1, round(len(synth.labels) / len(real))) if how == "balanced" else 1
    images = torch.cat([real.images.repeat(reps, 1, 1, 1), synth.images])
    labels = torch.cat([real.labels.repeat(reps), synth.labels])
    return images, labels, None


def run_one(model: str, args, seed: int, pool, test) -> dict:
    real = per_class_subset(pool, args.train_per_class, seed)
    cfg = RunConfig()
    cfg.model.name = model
    preset = apply_preset(cfg, args.preset, len(real), real.image_size, args.device)
    cfg.train.seed = seed
    cfg.train.threads = args.threads
    cfg.train.device = args.device
    if args.gen_steps:
        cfg.train.steps = args.gen_steps
    if args.gen_minutes:
        cfg.train.minutes = args.gen_minutes
    for kv in args.set or []:
        section, _, rest = kv.partition(".")
        key, _, value = rest.partition("=")
        sub = getattr(cfg, section)
        setattr(sub, key, type(getattr(sub, key))(value) if not isinstance(getattr(sub, key), bool)
                else value.lower() in ("1", "true", "yes"))
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        result = train(cfg, real, Path(tmp) / "run")
        gen_s = time.perf_counter() - t0
        trained = load_trained(result.run_dir, args.device)
        synth = generate(trained, args.synth_per_class, seed=10_000 * seed)
        if args.save_grid:
            from PIL import Image

            from engine.train.grid import to_grid_array

            rows = torch.cat([synth.images[synth.labels == c][:12] for c in range(10)])
            g = to_grid_array(rows, 12)
            Image.fromarray(g[:, :, 0]).resize((g.shape[1] * 2, g.shape[0] * 2)).save(
                f"{args.save_grid}_{model}_s{seed}.png")
    recipe = ClassifierRecipe(steps=args.clf_steps)
    k = real.num_classes
    out = {"preset": preset, "gen_steps": result.step, "gen_wall_s": round(gen_s, 1)}
    judge = train_classifier(real.images, real.labels, k, recipe, seed=seed, device=args.device)
    out["a_real"] = accuracy(judge, test.images, test.labels, k)["accuracy"]
    if args.min_confidence:
        # As `export --min-confidence`: keep the synthetic images that the real-only classifier
        # (arm a, trained on the training split; it never sees the test set) gives their class
        # with probability >= P.
        conf = predict(judge, synth.images).gather(1, synth.labels[:, None]).squeeze(1)
        keep = conf >= args.min_confidence
        if not keep.any():
            raise SystemExit(f"no synthetic image reaches confidence {args.min_confidence} (seed {seed})")
        synth = Generated(synth.images[keep], synth.labels[keep],
                          [s for s, kept in zip(synth.seeds, keep.tolist(), strict=True) if kept])
        out["kept"] = round(float(keep.float().mean()), 4)
    arms = {
        "b_synthetic": (synth.images, synth.labels, None),
        "c_real_synthetic": _mix(real, synth, args.mix, args.synth_share),
    }
    for arm, (x, y, w) in arms.items():
        clf = train_classifier(x, y, k, recipe, seed=seed, device=args.device, weights=w)
        out[arm] = accuracy(clf, test.images, test.labels, k)["accuracy"]
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--data", default="sample", choices=["sample", "mnist"])
    p.add_argument("--mnist-wheel", default=None)
    p.add_argument("--models", default="cgan,cvae")
    p.add_argument("--seeds", default="0")
    p.add_argument("--train-per-class", type=int, default=0, help="0 = the whole training pool")
    p.add_argument("--test-size", type=int, default=2000, help="held-out images used (first N)")
    p.add_argument("--preset", default="auto")
    p.add_argument("--gen-steps", type=int, default=0)
    p.add_argument("--gen-minutes", type=float, default=0.0)
    p.add_argument("--synth-per-class", type=int, default=500)
    p.add_argument("--clf-steps", type=int, default=600)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"],
                   help="where everything runs; 'auto' presets follow it (cuda: quality)")
    p.add_argument("--mix", default="balanced", choices=["balanced", "concat"])
    p.add_argument("--synth-share", type=float, default=0.0, metavar="F",
                   help="arm c: draw this fraction of each batch from the synthetic images (0 = --mix)")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="P",
                   help="keep only synthetic images the real-only classifier gives their class with "
                   "probability >= P (as export --min-confidence; 0 = off)")
    p.add_argument("--set", action="append", help="override, e.g. model.width=48")
    p.add_argument("--save-grid", default="")
    args = p.parse_args()
    if not 0 <= args.synth_share < 1:
        raise SystemExit(f"--synth-share must be in [0, 1), not {args.synth_share}")
    torch.set_num_threads(args.threads)
    pool, test = load_benchmark_data(args.data, args.mnist_wheel)
    if args.test_size and len(test) > args.test_size:
        test = test.subset(torch.randperm(len(test), generator=torch.Generator().manual_seed(0))
                           [:args.test_size].sort().values)
    seeds = [int(s) for s in args.seeds.split(",")]
    for model in args.models.split(","):
        t0 = time.perf_counter()
        runs = [run_one(model, args, s, pool, test) for s in seeds]
        line = {"benchmark": "quality", "data": args.data, "model": model,
                "train_per_class": args.train_per_class or "all", "device": args.device,
                "preset": runs[0]["preset"],
                "overrides": args.set or [], "seeds": seeds,
                "synth_per_class": args.synth_per_class, "mix": args.mix,
                "synth_share": args.synth_share, "test_images": len(test),
                "min_confidence": args.min_confidence,
                "gen_steps": runs[0]["gen_steps"],
                "gen_wall_s": round(statistics.mean(r["gen_wall_s"] for r in runs), 1)}
        for arm in ("a_real", "b_synthetic", "c_real_synthetic"):
            vals = [100 * r[arm] for r in runs]
            line[arm] = round(statistics.mean(vals), 2)
            line[arm + "_sd"] = round(statistics.stdev(vals), 2) if len(vals) > 1 else 0.0
        gains = [100 * (r["c_real_synthetic"] - r["a_real"]) for r in runs]
        line["gain_c_minus_a"] = round(statistics.mean(gains), 2)
        line["gain_sd"] = round(statistics.stdev(gains), 2) if len(gains) > 1 else 0.0
        line["per_seed"] = runs
        line["wall_s"] = round(time.perf_counter() - t0, 1)
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
