"""Does the synthetic data help, on data nobody tuned on? Choices on validation, reports on test.

For one dataset, a number of real images per class and a generator seed, this trains generators
for a fixed wall-clock budget (the app's GAN and VAE with a preset, and the plain 40-line DCGAN of
benchmarks/plain_dcgan.py as the reference), then trains the same small classifier (the app's
judge recipe) several times (classifier seeds) on:

- ``real``: the real training images only;
- ``classical``: real with the app's classical augmentation (engine.evaluate.classical);
- ``<model>``: real + synthetic images of that generator, for every candidate amount (synthetic
  per class as a multiple of the real count) and sample selection ("none"; "judge": keep the
  images the real-only classifier assigns to their own class; "hard": of those, the ones it is
  least sure of first; "moved": the first ones, each moved once by the classical augmentation,
  as an export that writes moved images holds them; "spread": the real images take turns, each
  giving the synthetic images nearest to it; "diverse": farthest-point first); the candidate with the best
  *validation* accuracy is the one reported ("auto" amount);
- ``copies`` (``--copies``): real + as many moved copies of the real images, no generator: what
  the moves alone give to a classifier that trains on a folder without augmenting it; and
  ``copies+<model>``: the copies at the amount validation chose for them, plus the generator's
  unmoved images at each amount: does the generator add to the moves?
- ``<model>+classical``: real + synthetic images with the same classical augmentation applied to
  both (the practitioner's baseline plus the product); its amount and selection are chosen on
  validation within this arm, and its gain is reported against ``classical``: do synthetic images
  add anything on top of what a practitioner already does?
- ``<model>/only``: the synthetic images alone (classification accuracy score).

Three disjoint sets of real images: training (the generator and every classifier see only these),
validation (every choice is made on it) and test (reported, never used for a choice). Every test
figure comes with a 95% paired bootstrap interval of its gain over ``real``, resampling classifier
seeds and test images. Synthetic images are cached in ~/.cache/genaug-bench/synth, so a long run
can be split into short ones (``--stage gen`` per model, then the rest); every classifier fit is
cached too (~/.cache/genaug-bench/fits), so a run stopped half-way resumes where it stopped.
``--plan`` prints what a run would train (generators, judges, classifier fits) and what it would
take from the cache, and trains nothing.

    python benchmarks/quality.py --data sample --models cgan,plain --clf-seeds 3
    python benchmarks/quality.py --data mnist --train-per-class 50 --gen-minutes 5 --models cgan --stage gen
    python benchmarks/quality.py --data elpv --train-per-class 50 --gen-minutes 5 --models cgan,plain

One JSON line per generator seed. Run it alone: it uses both cores for minutes. Fashion-MNIST is
reserved for acceptance (issue 16) and is not a choice here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402
from datasets import CACHE, load_benchmark_data, train_val_split  # noqa: E402
from plain_dcgan import sample_plain, train_plain  # noqa: E402
from plain_ddpm import sample_ddpm, train_ddpm  # noqa: E402

from engine.config import RunConfig  # noqa: E402
from engine.data.dataset import ImageSet, stratified_split  # noqa: E402
from engine.evaluate.classical import GROUP, ClassicalAugment, choose_classical, moved_copies  # noqa: E402
from engine.evaluate.classifier import ClassifierRecipe, predict, train_classifier  # noqa: E402
from engine.evaluate.memorization import COPY_RMS, nearest_real  # noqa: E402
from engine.generate import generate  # noqa: E402
from engine.models.ema import standing_stats  # noqa: E402
from engine.runs import load_trained  # noqa: E402
from engine.train.presets import apply_preset  # noqa: E402
from engine.train.trainer import train  # noqa: E402

BOOTSTRAP = 2000  # resamples of the paired interval
# reference generators outside the app: name -> (train, sample, what the stats call them)
REFERENCES = {"plain": (train_plain, sample_plain, "plain DCGAN"),
              "ddpm": (train_ddpm, sample_ddpm, "small conditional DDPM, DDIM 25 steps, guidance 2")}


# ---------------------------------------------------------------------------- the generators
def _overrides(cfg: RunConfig, pairs: list[str]) -> None:
    """Apply ``section.key=value`` overrides (typed as the field's default)."""
    for kv in pairs:
        section, _, rest = kv.partition(".")
        key, _, value = rest.partition("=")
        sub = getattr(cfg, section)
        old = getattr(sub, key)
        setattr(sub, key, value.lower() in ("1", "true", "yes") if isinstance(old, bool)
                else type(old)(value))


def app_config(model: str, real: ImageSet, args, seed: int) -> tuple[RunConfig, str]:
    """The app's settings for ``model`` on ``real``: the preset (``auto`` resolved), the budget
    and the ``--set`` overrides; and the name of the preset applied."""
    cfg = RunConfig()
    cfg.model.name = model
    preset = apply_preset(cfg, args.preset, len(real), real.image_size, "cpu")
    cfg.train.seed, cfg.train.threads, cfg.train.device = seed, args.threads, "cpu"
    if args.gen_minutes:
        cfg.train.minutes = args.gen_minutes
    if args.gen_steps:
        cfg.train.steps = args.gen_steps
    _overrides(cfg, args.set or [])
    return cfg, preset


def synthesize(model: str, real: ImageSet, per_class: int, args, seed: int,
               match_s: float = 0.0, truncation: float = 0.0, standing: bool = False) -> dict:
    """Train ``model`` on ``real`` for the budget; return its images, labels and training stats.

    The plain DCGAN trains ``--gen-minutes``, or ``match_s`` seconds (the wall time of the app's
    model when that trained a number of steps). Cached on disk by every setting that changes the
    result. With ``--keep-run`` or ``--truncations`` the app's trained run is kept in the cache
    too, and every pool size and truncation (0 = off; ``truncation``: the export's option) samples
    the same generator; ``standing``: sampled after its batch-norm statistics were recomputed for
    the averaged weights (``engine.models.ema.standing_stats``).
    """
    if model in REFERENCES:
        key = json.dumps([args.data, len(real), model, args.gen_minutes, args.gen_steps, args.preset,
                          [], per_class, seed, real.image_size, round(match_s), 3])
    else:  # the settings the preset resolves to, not its name: "auto" changes with the app
        cfg, preset = app_config(model, real, args, seed)
        settings = cfg.to_dict()
        key = json.dumps([args.data, len(real), model, per_class, seed, real.image_size,
                          settings["model"], settings["train"], 4])
    kept = None  # the trained run, kept to sample it again at other truncations
    if (args.keep_run or args.truncations != "0" or args.standing) and model not in REFERENCES:
        run_key = json.dumps([args.data, len(real), model, seed, real.image_size,  # not the pool size
                              settings["model"], settings["train"], 4])
        kept = CACHE / "runs" / hashlib.sha256(run_key.encode()).hexdigest()[:16]
        key += f"|kept|truncation={truncation:g}" if truncation else "|kept"
        key += "|standing" if standing else ""
    path = CACHE / "synth" / (hashlib.sha256(key.encode()).hexdigest()[:16] + ".pt")
    if path.exists():
        return {**torch.load(path, weights_only=True), "key": key}
    if kept is not None and (kept / "run").is_dir() and not args.plan:  # trained already: sample it
        stats = json.loads((kept / "stats.json").read_text())
        trained = load_trained(kept / "run", "cpu")
        if standing:
            standing_stats(trained.nets[trained.spec.generator_key], trained.args.latent_dim,
                           trained.args.num_classes)
        synth = generate(trained, per_class, seed=10_000 * seed, truncation=truncation or None)
        out = {"images": synth.images, "labels": synth.labels,
               "stats": {**stats, "truncation": truncation, "standing": standing}}
        path.parent.mkdir(parents=True, exist_ok=True)
        torch.save(out, path)
        return {**out, "key": key}
    if args.plan:
        print(f"plan: TRAIN generator {model} ({key})", file=sys.stderr)
        return {"images": torch.empty(0, real.images.shape[1], real.image_size, real.image_size,
                                      dtype=torch.uint8),
                "labels": torch.empty(0, dtype=torch.long), "stats": {"wall_s": match_s}, "key": key}
    counts = [per_class] * real.num_classes
    t0 = time.perf_counter()
    if model in REFERENCES:
        seconds = 60 * args.gen_minutes or match_s or 60.0
        train_ref, sample_ref, stats_name = REFERENCES[model]
        g, stats = train_ref(real.images, real.labels, real.num_classes, seconds, seed)
        t_sample = time.perf_counter()
        images, labels = sample_ref(g, counts, 10_000 * seed)
        stats.update(preset=stats_name, sample_s=round(time.perf_counter() - t_sample, 1))
    else:
        stats = {"preset": preset}
        with tempfile.TemporaryDirectory() as tmp:
            result = train(cfg, real, (kept or Path(tmp)) / "run")
            wall = time.perf_counter() - t0
            synth = generate(load_trained(result.run_dir, "cpu"), per_class, seed=10_000 * seed,
                             truncation=truncation or None)
        images, labels = synth.images, synth.labels
        stats.update(steps=result.step, wall_s=round(wall, 1),
                     images_per_s=round(result.step * cfg.train.batch_size / wall, 1),
                     width=cfg.model.width, lr=cfg.train.lr, overrides=args.set or [])
        if kept is not None:
            (kept / "stats.json").write_text(json.dumps(stats))
            stats = {**stats, "truncation": truncation}
    out = {"images": images, "labels": labels, "stats": stats}
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(out, path)
    return {**out, "key": key}


# ---------------------------------------------------------------------------- the classifiers
def _correct(clf, data: ImageSet) -> torch.Tensor:
    """(N,) bool: which images of ``data`` the classifier gets right."""
    return predict(clf, data.images).argmax(1) == data.labels


def _fit(x, y, k, args, seed, val, test, augment=None, key: str = "", path: Path | None = None) -> dict:
    """Train one classifier; its right/wrong answers on validation and test (cached by ``key``,
    or at ``path``)."""
    path = path or CACHE / "fits" / (hashlib.sha256(f"{key}|{seed}|{args.clf_steps}|2".encode())
                                     .hexdigest()[:16] + ".pt")
    if path.exists():
        return torch.load(path, weights_only=True)
    if args.plan:
        print(f"plan: TRAIN classifier seed {seed} on {len(x)} images"
              f"{' (classical)' if augment is not None else ''}: {key[-60:]}", file=sys.stderr)
        return {"val": torch.zeros(len(val), dtype=torch.bool),
                "test": torch.zeros(len(test), dtype=torch.bool)}
    t0 = time.perf_counter()
    clf = train_classifier(x, y, k, ClassifierRecipe(steps=args.clf_steps), seed=seed, augment=augment)
    print(f"fit seed {seed}, {len(x)} images{' (classical)' if augment is not None else ''}: "
          f"{time.perf_counter() - t0:.0f} s ({key[-30:]})", file=sys.stderr, flush=True)
    out = {"val": _correct(clf, val), "test": _correct(clf, test)}
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(out, path)
    return out


def _interval(gain_rows: torch.Tensor, seed: int = 0) -> list[float]:
    """95% paired bootstrap interval (points) of the mean of (seeds, images) gains per image."""
    gen = torch.Generator().manual_seed(seed)
    s, n = gain_rows.shape
    means = torch.empty(BOOTSTRAP)
    for b in range(BOOTSTRAP):
        rows = gain_rows[torch.randint(0, s, (s,), generator=gen)]
        means[b] = rows[:, torch.randint(0, n, (n,), generator=gen)].mean()
    lo, hi = torch.quantile(means, torch.tensor([0.025, 0.975])).tolist()
    return [round(100 * lo, 2), round(100 * hi, 2)]


def run_seed(args, seed: int, pool: ImageSet, val: ImageSet, test: ImageSet) -> dict:
    real, val_extra = train_val_split(pool, args.train_per_class,
                                      0 if val is not None else args.val_per_class, seed)
    val = val if val is not None else val_extra
    k = real.num_classes
    per_real = min(real.class_counts())
    amounts = [float(a) for a in args.amounts.split(",")]
    most = round(max(*amounts, args.synth_multiple) * per_real)  # made per class (cache key)
    models = args.models.split(",")
    synth: dict[str, dict] = {}
    for m in sorted(models, key=lambda m: m in REFERENCES):  # the app's first: references match its time
        app = [s["stats"]["wall_s"] for s in synth.values()]
        synth[m] = synthesize(m, real, most, args, seed, app[0] if app else 0.0)
        for t in [float(t) for t in args.truncations.split(",") if float(t)] if m not in REFERENCES else ():
            synth[f"{m}@t{t:g}"] = synthesize(m, real, most, args, seed, truncation=t)
        if args.standing and m not in REFERENCES:
            synth[f"{m}@standing"] = synthesize(m, real, most, args, seed, standing=True)
    line = {"real_per_class": real.class_counts(), "val_images": len(val), "test_images": len(test),
            "test_per_class": test.class_counts(),
            "generators": {m: s["stats"] for m, s in synth.items()}}
    if args.stage == "gen":
        return line
    if not args.plan:  # how near the synthetic images come to the training images (pixels)
        line["nearest_real"] = {}
        for m, s in synth.items():
            dist, _ = nearest_real(s["images"], real.images)
            copies = 100 * float((dist < COPY_RMS).float().mean())
            line["nearest_real"][m] = {"copies_share": round(copies, 2),
                                       "rms_median": round(float(dist.median()), 4),
                                       "rms_p01": round(float(dist.quantile(0.01)), 4)}
    fits: dict[str, list[dict]] = {}
    cseeds = range(args.clf_seeds)
    judges: dict[int, object] = {}
    base_key = json.dumps([args.data, len(real), seed, len(val), len(test)])

    def judge(cs: int):
        """The real-only classifier of classifier seed ``cs``: sample selection and flips use it."""
        if cs not in judges:
            if args.plan:
                print(f"plan: TRAIN judge seed {cs} (real only)", file=sys.stderr)
                judges[cs] = None
                return None
            judges[cs] = train_classifier(real.images, real.labels, k,
                                          ClassifierRecipe(steps=args.clf_steps), seed=cs)
        return judges[cs]

    augments: dict[int, ClassicalAugment | None] = {}

    def classical(cs: int) -> ClassicalAugment | None:
        """The classical augmentation the judge of seed ``cs`` chooses (flips it measured safe),
        cached on disk: the choice needs a trained judge, the cached fits do not."""
        if cs not in augments:
            path = CACHE / "fits" / (hashlib.sha256(f"{base_key}|{cs}|{args.clf_steps}|augment"
                                                    .encode()).hexdigest()[:16] + ".json")
            if path.exists():
                d = json.loads(path.read_text())
                augments[cs] = ClassicalAugment(horizontal_flip=d["horizontal_flip"],
                                                vertical_flip=d["vertical_flip"], evidence=d["evidence"])
            elif judge(cs) is None:  # planning
                augments[cs] = ClassicalAugment()
            else:
                augments[cs] = choose_classical(judge(cs), real.images, real.labels)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(augments[cs].to_dict()))
        return augments[cs]

    for cs in cseeds:
        fits.setdefault("real", []).append(
            _fit(real.images, real.labels, k, args, cs, val, test, key=base_key + "real"))
        path = CACHE / "fits" / (hashlib.sha256(f"{base_key}|{cs}|{args.clf_steps}|classical".encode())
                                 .hexdigest()[:16] + ".pt")
        fits.setdefault("classical", []).append(
            _fit(real.images, real.labels, k, args, cs, val, test, classical(cs), "classical", path))
    line["classical_augment"] = {cs: classical(cs).to_dict() for cs in cseeds}
    probs: dict[tuple[str, int], torch.Tensor | None] = {}

    def judged(m: str, cs: int) -> torch.Tensor | None:
        """(N, K) the judge of seed ``cs``'s class probabilities for ``m``'s synthetic images,
        cached on disk (a later run selects the same images without training the judge again);
        None in a --plan run whose judge is not cached."""
        if (m, cs) not in probs:
            path = CACHE / "fits" / (hashlib.sha256(f"{base_key}|{synth[m]['key']}|{cs}|{args.clf_steps}"
                                                    f"|judged".encode()).hexdigest()[:16] + ".pt")
            if path.exists():
                probs[m, cs] = torch.load(path, weights_only=True)
            elif judge(cs) is None:  # planning
                probs[m, cs] = None
            else:
                probs[m, cs] = predict(judge(cs), synth[m]["images"])
                path.parent.mkdir(parents=True, exist_ok=True)
                torch.save(probs[m, cs], path)
        return probs[m, cs]

    selects = args.select.split(",")
    if set(selects) - {"none"} and not args.plan:  # the share of each generator's images the judge rejects
        line["judge_rejected"] = {}
        for m, s in synth.items():
            wrong = torch.stack([judged(m, cs).argmax(1) != s["labels"] for cs in cseeds]).float()
            line["judge_rejected"][m] = {
                "share": round(100 * float(wrong.mean()), 2),
                "per_seed": [round(100 * float(w.mean()), 2) for w in wrong],
                "per_class": [round(100 * float(wrong[:, s["labels"] == c].mean()), 2) for c in range(k)]}
    candidates: dict[str, list[str]] = {}
    for m, s in synth.items():
        for cs in cseeds if args.cas else ():
            fits.setdefault(f"{m}/only", []).append(
                _fit(s["images"], s["labels"], k, args, cs, val, test, key=base_key + s["key"] + "only"))
        for select in selects:
            for amount in amounts:
                for combined in {"yes": (False, True), "no": (False,), "only": (True,)}[args.combine]:
                    arm = f"{m}+classical" if combined else m
                    name = f"{arm}/x{amount:g}/{select}"
                    candidates.setdefault(arm, []).append(name)
                    for cs in cseeds:
                        x, y = _take(s, round(amount * per_real), k, select,
                                     judged(m, cs) if select in ("judge", "hard") else None, real)
                        if select == "moved":
                            x = moved_copies(x, classical(cs), cs, GROUP)
                        fits.setdefault(name, []).append(
                            _fit(torch.cat([real.images, x]), torch.cat([real.labels, y]), k, args, cs,
                                 val, test, classical(cs) if combined else None,
                                 key=base_key + s["key"] + name))
    for amount in amounts if args.copies else ():  # moved copies of the real images, as many
        name = f"copies/x{amount:g}"
        candidates.setdefault("copies", []).append(name)
        for cs in cseeds:
            x, y = _copies(real, round(amount * per_real))
            fits.setdefault(name, []).append(
                _fit(torch.cat([real.images, moved_copies(x, classical(cs), cs, GROUP)]),
                     torch.cat([real.labels, y]), k, args, cs, val, test, key=base_key + name))
    if args.copies and not args.plan:  # does a generator add to the moved copies validation chose?
        best = max(candidates["copies"], key=lambda n: sum(float(r["val"].float().mean()) for r in fits[n]))
        n_copies = round(float(best.split("/x")[1]) * per_real)
        for m, s in synth.items():
            for amount in amounts:
                name = f"copies+{m}/x{amount:g}"
                candidates.setdefault(f"copies+{m}", []).append(name)
                for cs in cseeds:
                    x, y = _copies(real, n_copies)
                    xs, ys = _take(s, round(amount * per_real), k, "none", None)
                    fits.setdefault(name, []).append(
                        _fit(torch.cat([real.images, moved_copies(x, classical(cs), cs, GROUP), xs]),
                             torch.cat([real.labels, y, ys]), k, args, cs, val, test,
                             key=base_key + s["key"] + best + name))
    if args.plan:
        return line
    line["arms"] = arms = {}
    for name, runs in fits.items():
        val_acc = [100 * float(r["val"].float().mean()) for r in runs]
        test_acc = [100 * float(r["test"].float().mean()) for r in runs]
        # balanced accuracy (mean per-class recall): what accuracy hides on an imbalanced test set
        test_bal = [100 * statistics.mean(float(r["test"][test.labels == c].float().mean())
                                          for c in range(k) if bool((test.labels == c).any()))
                    for r in runs]
        arms[name] = {"val": round(statistics.mean(val_acc), 2), "test": round(statistics.mean(test_acc), 2),
                      "test_sd": round(statistics.stdev(test_acc), 2) if len(test_acc) > 1 else 0.0,
                      "test_balanced": round(statistics.mean(test_bal), 2)}
    base = torch.stack([r["test"].float() for r in fits["real"]])  # (seeds, N)
    classical = torch.stack([r["test"].float() for r in fits["classical"]])

    def report(names: list[str]) -> dict:
        """The candidate of ``names`` with the best validation accuracy, and its test gains."""
        best = max(names, key=lambda n: (arms[n]["val"], -len(n)))  # on validation only
        chosen = torch.stack([r["test"].float() for r in fits[best]])
        return {"arm": best, "val": arms[best]["val"], "test": arms[best]["test"],
                "gain_vs_real": round(100 * float((chosen - base).mean()), 2),
                "ci_vs_real": _interval(chosen - base),
                "gain_vs_classical": round(100 * float((chosen - classical).mean()), 2),
                "ci_vs_classical": _interval(chosen - classical)}

    line["chosen"] = {m: report(names) for m, names in candidates.items()}
    if "copies" in line["chosen"]:  # copies + generator against the copies alone, paired
        copies = torch.stack([r["test"].float() for r in fits[line["chosen"]["copies"]["arm"]]])
        for m, chosen_m in line["chosen"].items():
            if m.startswith("copies+"):
                gain = torch.stack([r["test"].float() for r in fits[chosen_m["arm"]]]) - copies
                chosen_m.update(gain_vs_copies=round(100 * float(gain.mean()), 2),
                                ci_vs_copies=_interval(gain))
    if len(selects) > 1:  # what each selection alone would have chosen: does selecting change it?
        line["chosen_by_select"] = {m: {sel: report([n for n in names if n.endswith("/" + sel)])
                                        for sel in selects} for m, names in candidates.items()
                                    if not m.startswith("copies")}
    line["classical_gain"] = round(100 * float((classical - base).mean()), 2)
    line["classical_ci"] = _interval(classical - base)
    return line


SELECTIONS = ("none", "judge", "hard", "moved", "spread", "diverse")


def _copies(real: ImageSet, per_class: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``per_class`` images of every class taken from its real images in turn (repeated as needed)."""
    idx = torch.cat([torch.nonzero(real.labels == c).flatten().repeat(per_class)[:per_class]
                     for c in range(real.num_classes)])
    return real.images[idx], real.labels[idx]


def _spread_order(images: torch.Tensor, labels: torch.Tensor, real: ImageSet) -> torch.Tensor:
    """The order "spread" takes synthetic images in: every synthetic image belongs to the real
    image of its class nearest to it (pixels), and the real images take turns, so each real
    image's neighbourhood gets as many as any other and a mode the generator over-produces does
    not fill the quota (ties and turns in seed order)."""
    rank = torch.zeros(len(labels), dtype=torch.long)
    for c in labels.unique().tolist():
        idx = torch.nonzero(labels == c).flatten()
        owner = torch.cdist(images[idx].flatten(1).float(),
                            real.images[real.labels == c].flatten(1).float()).argmin(1)
        for o in owner.unique().tolist():
            mine = idx[owner == o]
            rank[mine] = torch.arange(len(mine))  # the o-th real image's 1st, 2nd, ... neighbour
    return (rank * len(labels) + torch.arange(len(labels))).argsort()


def _diverse_order(images: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """The order "diverse" takes synthetic images in: per class, farthest-point first (k-centre
    greedy in pixels, from the first seed), so near-duplicates of images already taken come last."""
    order = torch.empty(0, dtype=torch.long)
    for c in labels.unique().tolist():
        idx = torch.nonzero(labels == c).flatten()
        x = images[idx].flatten(1).float()
        picked = [0]
        dist = (x - x[0]).pow(2).sum(1)
        for _ in range(len(idx) - 1):
            j = int(dist.argmax())
            picked.append(j)
            dist = torch.minimum(dist, (x - x[j]).pow(2).sum(1))
        order = torch.cat([order, idx[torch.tensor(picked)]])
    return order


def _take(s: dict, per_class: int, k: int, select: str,
          judged: torch.Tensor | None, real: ImageSet | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """``per_class`` synthetic images of every class that pass ``select`` (``judged``: the real-only
    judge's (N, K) class probabilities for them; fewer than ``per_class`` where fewer pass).

    none: the first ones (the app's export); moved: the same, each moved once by the classical
    augmentation afterwards (:func:`engine.evaluate.classical.moved_copies`, as
    `export --moved-copies` moves the real images); judge: the first ones the judge assigns to their own
    class; hard: of those, the ones it is least sure of first (lowest probability of their own
    class): right but unlike what the real images already teach it; spread: the real images
    (``real``) take turns, each giving its nearest synthetic images (:func:`_spread_order`);
    diverse: farthest-point first (:func:`_diverse_order`).
    """
    images, labels = s["images"], s["labels"]
    if select not in SELECTIONS:
        raise SystemExit(f"unknown selection {select!r}: use one of {', '.join(SELECTIONS)}")
    keep = torch.ones(len(labels), dtype=torch.bool)
    order = torch.arange(len(labels))  # (N,) the order images are taken in
    if select == "spread":
        order = _spread_order(images, labels, real)
    elif select == "diverse":
        order = _diverse_order(images, labels)
    elif select != "none" and judged is not None:  # no probabilities: a --plan run (lists fits only)
        keep = judged.argmax(1) == labels  # reject samples the judge assigns to another class
        if select == "hard":
            order = judged.gather(1, labels[:, None]).squeeze(1).argsort(stable=True)
    idx = torch.cat([order[keep[order] & (labels[order] == c)][:per_class] for c in range(k)])
    return images[idx], labels[idx]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--data", default="sample", choices=["sample", "mnist", "elpv"])
    p.add_argument("--mnist-wheel", default=None)
    p.add_argument("--models", default="cgan,plain",
                   help="cgan, cvae (the app's), plain (plain_dcgan.py) and/or ddpm (plain_ddpm.py)")
    p.add_argument("--seeds", default="0", help="generator and training-subset seeds")
    p.add_argument("--clf-seeds", type=int, default=3, help="classifier seeds per arm")
    p.add_argument("--train-per-class", type=int, default=0, help="0 = the whole training pool")
    p.add_argument("--val-per-class", type=int, default=100, help="validation images per class")
    p.add_argument("--test-size", type=int, default=2000, help="test images used (a fixed random N)")
    p.add_argument("--preset", default="auto")
    p.add_argument("--gen-steps", type=int, default=0)
    p.add_argument("--gen-minutes", type=float, default=0.0, help="0 = the preset's steps")
    p.add_argument("--amounts", default="1,4,10", help="synthetic / real per class, chosen on validation")
    p.add_argument("--select", default="none,judge",
                   help="sample selections to choose from on validation: none, judge, hard, moved")
    p.add_argument("--clf-steps", type=int, default=400)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--copies", action="store_true",
                   help="also the arm real + moved copies of the real images (as many as the synthetic "
                   "ones, each moved once by the classical augmentation): what moving alone gives")
    p.add_argument("--no-cas", dest="cas", action="store_false",
                   help="skip the synthetic-only arms (classification accuracy score)")
    p.add_argument("--combine", default="yes", choices=["yes", "no", "only"],
                   help="real + classical + synthetic arms: beside the real + synthetic ones, none, or "
                        "only those")
    p.add_argument("--synth-multiple", type=float, default=10.0,
                   help="synthetic images made per class, a multiple of the real count (at least the "
                        "largest amount); part of the generator's cache key")
    p.add_argument("--plan", action="store_true",
                   help="print what would be trained and what comes from the cache; train nothing")
    p.add_argument("--stage", default="all", choices=["all", "gen"], help="gen: train and cache only")
    p.add_argument("--set", action="append", help="override of the app's config, e.g. model.width=48")
    p.add_argument("--keep-run", action="store_true",
                   help="keep the app's trained runs in the cache, so that another --synth-multiple\n"
                        "(a larger pool to select from) samples them again instead of training")
    p.add_argument("--truncations", default="0",
                   help="the app's generators sampled at these truncations too (0 = off, the export's\n"
                        "default), e.g. 0,2,1: one trained run each, kept in the cache; arms <model>@t<T>")
    p.add_argument("--standing", action="store_true",
                   help="the app's generators sampled with standing batch-norm statistics too (arms\n"
                        "<model>@standing; the trained run is kept in the cache)")
    args = p.parse_args()
    if set(args.select.split(",")) - set(SELECTIONS):  # before anything is trained
        p.error(f"--select: use some of {', '.join(SELECTIONS)}")
    torch.set_num_threads(args.threads)
    pool, test = load_benchmark_data(args.data, args.mnist_wheel)
    val = None
    if args.data == "sample":  # the app's own split: 20 per class train; the held-out part gives
        # validation (a stratified third, seed 0) and test (the rest)
        test_idx, val_idx = stratified_split(test.labels, test.num_classes, 1 / 3, 0)
        test, val = test.subset(test_idx), test.subset(val_idx)
    if args.test_size and len(test) > args.test_size:
        test = test.subset(torch.randperm(len(test), generator=torch.Generator().manual_seed(0))
                           [:args.test_size].sort().values)
    for seed in (int(s) for s in args.seeds.split(",")):
        t0 = time.perf_counter()
        line = {"benchmark": "quality", "data": args.data,
                "train_per_class": args.train_per_class or "all",
                "seed": seed, "gen_minutes": args.gen_minutes, "preset": args.preset,
                "overrides": args.set or [], "clf_seeds": args.clf_seeds, "clf_steps": args.clf_steps,
                **run_seed(args, seed, pool, val, test)}
        line["wall_s"] = round(time.perf_counter() - t0, 1)
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
