"""``self-test``: a short end-to-end check that this installation (source or frozen bundle) works.

It runs offline by construction: the network guard (:mod:`engine.offline`) is switched on first
and any connection attempt, even one some code caught and ignored, fails the test. Each check is a
plain function; :func:`run_self_test` runs them in order, times them and stops at the first
failure with :class:`SelfTestFailed` naming the check and the reason. Everything is written into a
temporary folder that is deleted afterwards: never into the user's folders, never into the bundle.

The GUI part (open the main window offscreen, train from the Train panel, show the gallery, close
the window) lives in :mod:`gui.selftest`; the caller passes it in as ``window_check`` because the
engine never imports Qt.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from engine import __version__
from engine.errors import UserError

STEPS = 20  # optimiser steps per model: enough to exercise the loop, checkpoint and EMA
SCAN_FILES_PER_CLASS = 6  # files per class of the folder the scan check writes
EXPORT_PER_CLASS = 3  # synthetic images per class in the export check
CACHE_ENV = "GENAUG_CACHE_DIR"

WindowCheck = Callable[[Path], dict]  # (work folder) -> facts


class SelfTestFailed(UserError):
    """One check of the self-test failed; the message names the check and the reason."""


def run_self_test(window_check: WindowCheck | None = None, log: Callable[[str], None] | None = None,
                  ) -> dict:
    """Run every check; return a summary dict (the CLI's JSON line).

    Parameters
    ----------
    window_check : callable, optional
        ``window_check(work_dir) -> dict`` drives the main window offscreen and closes it
        (:func:`gui.selftest.check_main_window`); None reports the check as skipped.
    log : callable, optional
        Receives one line as each check starts (the CLI prints them to stderr).

    Returns
    -------
    dict
        ``ok``, ``version``, ``frozen``, seconds per check under ``checks``, ``total_s`` and the
        facts each check reported under ``facts``.

    Raises
    ------
    SelfTestFailed
        At the first failing check, with its name and the reason.
    """
    from engine.offline import ATTEMPTS, forbid_network

    forbid_network()  # first: every later check runs with the guard on
    start = time.perf_counter()
    seen_attempts = len(ATTEMPTS)
    timings: dict[str, float] = {}
    facts: dict[str, object] = {}
    bundle_before = _bundle_listing()
    with tempfile.TemporaryDirectory(prefix="genaug-selftest-") as tmp, _scratch_cache(Path(tmp)):
        work = Path(tmp)
        runs: dict[str, Path] = {}
        checks: list[tuple[str, Callable[[], object]]] = [
            ("network_guard", _check_network_guard),
            ("torch", _check_torch),
            ("sample", _check_sample),
            ("worker_processes", lambda: _check_worker_processes(work)),
            ("scan", lambda: _check_scan(work)),
            ("train_cgan", lambda: _check_train(work, "cgan", runs)),
            ("train_cvae", lambda: _check_train(work, "cvae", runs)),
            ("checkpoint_reload", lambda: _check_reload(runs)),
            ("export", lambda: _check_export(work, runs["cgan"])),
        ]
        if window_check is not None:
            checks.append(("window", lambda: window_check(work)))
        for name, fn in checks:
            if log is not None:
                log(f"self-test: {name}")
            t0 = time.perf_counter()
            try:
                facts[name] = fn()
            except Exception as exc:  # every failure, expected or not, becomes a named reason
                raise SelfTestFailed(f"self-test failed at {name}: {type(exc).__name__}: {exc}") from exc
            timings[name] = round(time.perf_counter() - t0, 3)
            if len(ATTEMPTS) > seen_attempts:
                raise SelfTestFailed(f"self-test failed at {name}: network access attempted: "
                                     f"{ATTEMPTS[seen_attempts:]}")
        if window_check is None:
            facts["window"] = "skipped (no GUI in this process)"
    changed = _bundle_changes(bundle_before, _bundle_listing())
    if changed:
        raise SelfTestFailed(f"self-test failed at bundle_untouched: the app wrote inside its own "
                             f"bundle: {changed[:5]}")
    return {"ok": True, "version": __version__, "frozen": bool(getattr(sys, "frozen", False)),
            "checks": timings, "total_s": round(time.perf_counter() - start, 3), "facts": facts}


# ------------------------------------------------------------------------------- the checks
def _check_network_guard() -> str:
    """The guard is on: a DNS look-up raises (the attempt it records is removed again)."""
    import socket

    from engine.offline import ATTEMPTS, NetworkBlocked

    before = len(ATTEMPTS)
    try:
        socket.getaddrinfo("example.invalid", 443)
    except NetworkBlocked:
        del ATTEMPTS[before:]
        return "blocks internet sockets"
    raise AssertionError("a DNS look-up was not blocked: the offline guard is off")


def _check_torch() -> dict:
    """torch and torchvision import, and one compiled torchvision op (NMS) gives the known answer."""
    import torch
    import torchvision
    from torchvision.ops import nms

    boxes = torch.tensor([[0, 0, 10, 10], [1, 1, 10, 10], [20, 20, 30, 30]], dtype=torch.float32)  # (3, 4)
    keep = nms(boxes, torch.tensor([0.9, 0.8, 0.7]), iou_threshold=0.5).tolist()
    if keep != [0, 2]:
        raise AssertionError(f"torchvision.ops.nms returned {keep}, expected [0, 2]")
    return {"torch": torch.__version__, "torchvision": torchvision.__version__,
            "cuda": torch.cuda.is_available(), "threads": torch.get_num_threads()}


def _check_sample() -> dict:
    """The built-in dataset ships with the app and loads at its default size."""
    from engine.data.sample import SAMPLE_DEFAULT_SIZE, SAMPLE_IMAGES, load_sample, sample_file

    data = load_sample()
    expected = (SAMPLE_IMAGES, 10, SAMPLE_DEFAULT_SIZE)
    if (len(data), data.num_classes, data.image_size) != expected:
        raise AssertionError(f"sample has {len(data)} images, {data.num_classes} classes, size "
                             f"{data.image_size}; expected {', '.join(map(str, expected))}")
    return {"file": str(sample_file()), "images": len(data)}


def _write_folder(work: Path) -> Path:
    """A small class-folder dataset (two classes of gray PNGs) to scan."""
    from PIL import Image

    root = work / "scan-data"
    rng = np.random.default_rng(0)
    for cls in ("a", "b"):
        (root / cls).mkdir(parents=True)
        for i in range(SCAN_FILES_PER_CLASS):
            pixels = rng.integers(0, 256, size=(20, 24), dtype=np.uint8)  # (H, W)
            Image.fromarray(pixels).save(root / cls / f"{i}.png")
    return root


def _check_worker_processes(work: Path) -> dict:
    """The scan's decode function runs in a worker process (started as the scan starts them).

    The scan falls back to threads when worker processes cannot start, so its result alone would
    not show that they work in this build; this check asks a worker for its process id.
    """
    from concurrent.futures import ProcessPoolExecutor

    from engine.data.decode import decode_many

    files = sorted(str(p) for p in _write_folder(work / "pool").rglob("*.png"))
    method = "forkserver" if sys.platform.startswith("linux") else "spawn"  # as engine.data.scan
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(method)) as pool:
        pid = pool.submit(os.getpid).result(timeout=120)
        decoded = pool.submit(decode_many, files, 16, "crop").result(timeout=120)
    if pid == os.getpid():
        raise AssertionError("the worker ran in this process")
    here = decode_many(files, 16, "crop")
    if [d.digest for d in decoded] != [d.digest for d in here] or not all(
            np.array_equal(a.array, b.array) for a, b in zip(decoded, here, strict=True)):
        raise AssertionError("a worker process decoded the files differently from this process")
    return {"start_method": method, "files": len(files)}


def _check_scan(work: Path) -> dict:
    """A folder scan with worker processes: every file decoded, two classes found."""
    from engine.data.scan import scan_folder

    root = _write_folder(work)
    data = scan_folder(root, image_size=16, parallel="processes", workers=2, use_cache=False)
    if len(data) != 2 * SCAN_FILES_PER_CLASS or data.class_names != ["a", "b"] or data.problems:
        raise AssertionError(f"scan found {len(data)} images in classes {data.class_names} with "
                             f"{len(data.problems)} problems")
    return {"images": len(data), "seconds": data.stats.get("seconds")}


def _check_train(work: Path, model: str, runs: dict[str, Path]) -> dict:
    """A few CPU steps of ``model`` on the sample, ending with a checkpoint."""
    import math

    from engine.config import RunConfig
    from engine.data.sample import load_sample
    from engine.train.trainer import train

    cfg = RunConfig()
    cfg.model.name = model
    cfg.model.width, cfg.model.latent_dim, cfg.model.embed_dim = 8, 16, 8  # tiny: seconds on a CPU
    cfg.train.steps, cfg.train.batch_size = STEPS, 16
    cfg.train.sample_every, cfg.train.log_every = 10, 5
    cfg.train.threads, cfg.train.device = min(2, os.cpu_count() or 1), "cpu"
    run_dir = work / "runs" / model
    result = train(cfg, load_sample(), run_dir)
    if result.step != STEPS or not all(math.isfinite(v) for v in result.metrics.values()):
        raise AssertionError(f"{model} stopped at step {result.step} of {STEPS} with metrics "
                             f"{result.metrics}")
    runs[model] = run_dir
    return {"steps": result.step, "images_per_s": round(result.images_per_s, 1)}


def _check_reload(runs: dict[str, Path]) -> dict:
    """Each checkpoint alone rebuilds its model, twice identically, and it generates every class."""
    import torch

    from engine.generate import generate
    from engine.runs import load_trained

    out = {}
    for name, run_dir in runs.items():
        first, second = load_trained(run_dir, "cpu"), load_trained(run_dir, "cpu")
        if first.step != STEPS:
            raise AssertionError(f"{name}: reloaded checkpoint is at step {first.step}, not {STEPS}")
        a = generate(first, 2, seed=7).images  # (2 * classes, C, H, W) uint8
        b = generate(second, 2, seed=7).images
        if not torch.equal(a, b):
            raise AssertionError(f"{name}: two loads of one checkpoint generate different images")
        want = (2 * len(first.class_names), first.args.channels, first.args.image_size,
                first.args.image_size)
        if tuple(a.shape) != want:
            raise AssertionError(f"{name}: generated {tuple(a.shape)}, expected {want}")
        out[name] = {"step": first.step, "generated": int(a.shape[0])}
    return out


def _check_export(work: Path, run_dir: Path) -> dict:
    """Export three synthetic images per class of the sample into a new folder, with its manifest."""
    from engine.export.dataset import ExportRequest, export_dataset

    out = work / "export"
    result = export_dataset(ExportRequest(run_dir=str(run_dir), data="sample", out=str(out),
                                          per_class=EXPORT_PER_CLASS, include_real=False))
    counts = {c.name: len(list(c.glob("*.png"))) for c in out.iterdir() if c.is_dir()}
    if len(counts) != 10 or set(counts.values()) != {EXPORT_PER_CLASS}:
        raise AssertionError(f"export wrote {counts} PNG files per class, expected "
                             f"{EXPORT_PER_CLASS} in each of 10 classes")
    if not (out / result["manifest"]).is_file():  # the summary names files relative to ``out``
        raise AssertionError(f"export wrote no manifest ({out / result['manifest']})")
    return {"synthetic": result["synthetic"], "classes": len(counts)}


# ------------------------------------------------------------------------------- helpers
@contextmanager
def _scratch_cache(work: Path) -> Iterator[None]:
    """Point the scan cache at the work folder while the checks run (the user's stays untouched)."""
    old = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(work / "cache")
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(CACHE_ENV, None)
        else:
            os.environ[CACHE_ENV] = old


def _bundle_listing() -> dict[str, tuple[int, int]] | None:
    """(size, mtime) of every file of the frozen bundle; None when running from source."""
    base = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or base is None:
        return None
    root = Path(sys.executable).resolve().parent  # the folder holding the executable and _internal/
    listing = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            listing[os.path.relpath(path, root)] = (st.st_size, st.st_mtime_ns)
    return listing


def _bundle_changes(before: dict | None, after: dict | None) -> list[str]:
    """Files of the bundle that appeared, vanished or changed between two listings."""
    if before is None or after is None:
        return []
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
