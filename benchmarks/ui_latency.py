"""UI responsiveness while training, and the GUI's training throughput against headless.

    python benchmarks/ui_latency.py [--quick] [--steps 300] [--threads 1,2] [--image-size 28]
                                    [--busy 1] [--no-probe]

In one process, like the application: the real Train panel (``gui.panels.train_panel``) trains the
default preset (``auto``) on the built-in sample at ``--image-size`` on its worker thread, with its
live loss curves, quality curve and sample grid, while a 10 ms ``QTimer`` on the GUI thread
records how late each tick comes (interval minus 10 ms, floored at 0). The same run is also
trained headless (``engine.train.trainer.train`` on the main thread of a fresh process, no Qt,
as the command line does) right before, and ``gui_vs_headless`` is the ratio of the two images/s.
(In this process the headless run would leave an OpenMP pool on the GUI thread, which slows the
worker's training: see ``engine.device.serial_here``.) One JSON line per thread setting, plus one
for the idle window (no training) as the floor. ``--busy N`` adds N processes that spin a core
each during every setting: a machine where something else is busy too. Run it alone (under the
shared CPU lock): anything else busy on the machine changes the numbers several-fold.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer  # noqa: E402

from engine.config import RunConfig  # noqa: E402
from engine.data.sample import load_sample  # noqa: E402
from engine.data.split import holdout_split  # noqa: E402
from engine.train.presets import apply_preset  # noqa: E402
from engine.train.trainer import train  # noqa: E402
from gui.app import create_app  # noqa: E402
from gui.panels.train_panel import TrainPanel  # noqa: E402
from gui.state import AppState  # noqa: E402

TICK_MS = 10


class LatenessProbe:
    """A 10 ms precise timer on the GUI thread; ``lateness_ms`` collects each tick's delay."""

    def __init__(self):
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._on_tick)
        self.clock = QElapsedTimer()
        self.lateness_ms: list[float] = []
        self._last_ns = 0

    def start(self) -> None:
        self.lateness_ms.clear()
        self.clock.start()
        self._last_ns = self.clock.nsecsElapsed()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _on_tick(self) -> None:
        now = self.clock.nsecsElapsed()
        self.lateness_ms.append(max(0.0, (now - self._last_ns) / 1e6 - TICK_MS))
        self._last_ns = now

    def summary(self) -> dict:
        a = np.asarray(self.lateness_ms or [0.0])
        return {"ticks": len(self.lateness_ms), "lateness_p50_ms": round(float(np.percentile(a, 50)), 2),
                "lateness_p99_ms": round(float(np.percentile(a, 99)), 2),
                "lateness_max_ms": round(float(a.max()), 2)}


def wait_for(predicate, timeout_s: float = 600.0) -> None:
    """Spin the GUI event loop until ``predicate()`` holds."""
    loop, t0 = QEventLoop(), time.monotonic()
    while not predicate():
        if time.monotonic() - t0 > timeout_s:
            raise RuntimeError("timed out")
        QTimer.singleShot(5, loop.quit)
        loop.exec()


def resolve(setting: str) -> int:
    """``"cores-1"`` -> every core but one (at least 1); a number as is."""
    if setting == "cores-1":
        return max(1, (os.cpu_count() or 1) - 1)
    return int(setting)


def config_for(state: AppState, steps: int, threads: int) -> RunConfig:
    """The default preset for the loaded data, ``steps`` long, on ``threads`` CPU threads."""
    cfg = RunConfig()
    data = state.train_data()
    apply_preset(cfg, "auto", len(data), data.image_size, "cpu")
    cfg.data.image_size = data.image_size
    cfg.train.steps, cfg.train.device, cfg.train.threads = steps, "cpu", threads
    return cfg


def run_headless(config: RunConfig, image_size: int) -> float:
    """images/s of ``config`` trained on the sample on the main thread of a fresh process, no Qt."""
    child = subprocess.run([sys.executable, __file__, "--headless", json.dumps(config.to_dict()),
                            "--image-size", str(image_size)], capture_output=True, text=True, check=True)
    return float(child.stdout.split()[-1])


def headless_child(config: dict, image_size: int) -> None:
    """The child of :func:`run_headless`: one warm-up run, then the measured one; prints images/s."""
    cfg = RunConfig.from_dict(config)
    torch.set_num_threads(cfg.train.threads)
    sample = load_sample(image_size)
    train_idx, _ = holdout_split(sample, cfg.data.holdout_fraction, cfg.data.split_seed)
    data = sample.subset(train_idx)  # the Train panel's training split
    with tempfile.TemporaryDirectory() as tmp:
        warm = RunConfig.from_dict(config)
        warm.train.steps = 20
        train(warm, data, Path(tmp) / "warm")
        print(train(cfg, data, Path(tmp) / "run").images_per_s)


def run_panel(panel: TrainPanel, config: RunConfig, probe: LatenessProbe | None) -> dict:
    """Train ``config`` from the Train panel (while the probe runs, if given); return throughput,
    lateness and the share of one core the GUI thread used (its CPU time over the wall time)."""
    panel.state.config = config
    panel.last_result = None
    if probe is not None:
        probe.start()
    cpu0, wall0 = time.thread_time(), time.perf_counter()
    panel.start()
    wait_for(lambda: not panel.busy)
    gui_cpu = (time.thread_time() - cpu0) / (time.perf_counter() - wall0)
    if probe is not None:
        probe.stop()
    result = panel.last_result
    if result is None:
        raise RuntimeError("the Train panel ended without a result")
    return {"images_per_s": result.images_per_s, "steps": result.step, "train_s": result.elapsed_s,
            "gui_thread_cpu_share": round(gui_cpu, 3), **(probe.summary() if probe is not None else {})}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="150 steps, threads 1,2 (make bench)")
    p.add_argument("--steps", type=int, default=300, help="training steps per setting")
    p.add_argument("--threads", default="1,2", help="comma-separated settings (a number or cores-1)")
    p.add_argument("--image-size", type=int, default=28)
    p.add_argument("--busy", type=int, default=0, help="background processes spinning a core each")
    p.add_argument("--no-probe", action="store_true",
                   help="no 10 ms timer while training: throughput without the probe's own wake-ups")
    p.add_argument("--headless", help=argparse.SUPPRESS)  # a child process: one headless run
    args = p.parse_args()
    if args.headless:
        headless_child(json.loads(args.headless), args.image_size)
        return
    if args.quick:
        args.steps = 150

    app = create_app([])  # sets inter-op threads to 1, as the application does
    with tempfile.TemporaryDirectory() as tmp:
        state = AppState(runs_root=Path(tmp) / "workspace")
        state.set_dataset(load_sample(args.image_size), "sample")
        state.config.data.image_size = args.image_size
        panel = TrainPanel(state)
        panel.resize(1000, 600)
        panel.show()
        probe = LatenessProbe()
        common = {"benchmark": "ui_latency", "torch": torch.__version__, "cores": os.cpu_count(),
                  "image_size": args.image_size, "busy": args.busy, "tick_ms": TICK_MS}

        run_panel(panel, config_for(state, 20, 1), probe)  # first-use costs out of the way

        probe.start()  # the floor: the same timer with nothing else running
        wait_for(lambda: len(probe.lateness_ms) >= 300)
        probe.stop()
        print(json.dumps({**common, "setting": "idle", "threads": 0, **probe.summary()}), flush=True)

        for setting in args.threads.split(","):
            cfg = config_for(state, args.steps, resolve(setting))
            spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
                        for _ in range(args.busy)]
            try:
                headless = run_headless(cfg, args.image_size)
                out = run_panel(panel, cfg, None if args.no_probe else probe)
            finally:
                for proc in spinners:
                    proc.kill()
                    proc.wait()
            print(json.dumps({**common, "setting": setting, "threads": cfg.train.threads,
                              "batch_size": cfg.train.batch_size, "width": cfg.model.width,
                              "headless_images_per_s": headless, **out,
                              "gui_vs_headless": round(out["images_per_s"] / headless, 3)}),
                  flush=True)
        panel.close()
        del app


if __name__ == "__main__":
    main()
