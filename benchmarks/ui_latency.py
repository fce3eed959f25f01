"""UI responsiveness while training: a 10 ms timer's lateness on the GUI thread, per torch thread count.

    python benchmarks/ui_latency.py [--steps 300] [--threads 1,2,cores-1] [--no-draw] [--busy 1]

In one process, like the application: the trainer runs on a QThread (``gui.workers.TaskWorker``) on
the built-in sample with the default preset (cgan, batch 64, 16 px), while a 10 ms ``QTimer`` on the
GUI thread records how late each tick comes (interval minus 10 ms, floored at 0). The progress
reports are drawn into a loss plot and a sample grid, as the Train panel does. One JSON line per
setting, plus one for the idle window (no training) as the floor. ``--busy N`` adds N processes
that spin a core each during every setting: a machine where something else is busy too (a
browser, a second job). Run it alone (under the shared CPU
lock): anything else busy on the machine changes the numbers several-fold.
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
from PySide6.QtWidgets import QHBoxLayout, QWidget  # noqa: E402

from engine.config import RunConfig  # noqa: E402
from engine.data.dataset import stratified_split  # noqa: E402
from engine.data.sample import load_sample  # noqa: E402
from engine.train.trainer import TrainProgress, train  # noqa: E402
from gui.app import create_app  # noqa: E402
from gui.widgets.image_grid import ImageGrid  # noqa: E402
from gui.widgets.loss_plot import LossPlot  # noqa: E402
from gui.workers import TaskWorker  # noqa: E402

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


def run_one(config: RunConfig, data, probe: LatenessProbe, view) -> dict:
    """Train ``config`` on a TaskWorker while the probe runs; return throughput and lateness."""
    plot, grid = view
    if plot is not None:
        plot.reset()
    grid.set_array(None)
    with tempfile.TemporaryDirectory() as tmp:
        run_dir = Path(tmp) / "run"
        worker = TaskWorker(lambda progress, should_stop: train(config, data, run_dir, progress,
                                                                 should_stop))
        got: dict = {}

        def on_progress(p: TrainProgress) -> None:
            if p.metrics and plot is not None:
                plot.extend([(p.step, p.metrics)])
            if p.grid is not None:
                grid.set_array(p.grid)

        worker.progress.connect(on_progress)
        worker.succeeded.connect(lambda r: got.setdefault("result", r))
        worker.failed.connect(lambda m: got.setdefault("error", m))
        probe.start()
        worker.start()
        wait_for(worker.isFinished)
        probe.stop()
        wait_for(lambda: "result" in got or "error" in got, 10)
    if "error" in got:
        raise RuntimeError(got["error"])
    result = got["result"]
    return {"images_per_s": result.images_per_s, "steps": result.step,
            "train_s": result.elapsed_s, **probe.summary()}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--steps", type=int, default=300, help="training steps per setting")
    p.add_argument("--threads", default="1,2,cores-1", help="comma-separated settings")
    p.add_argument("--no-draw", action="store_true", help="do not draw progress into widgets")
    p.add_argument("--busy", type=int, default=0, help="background processes spinning a core each")
    args = p.parse_args()

    app = create_app([])  # sets inter-op threads to 1, as the application does
    data = load_sample()
    train_idx, _ = stratified_split(data.labels, data.num_classes, 0.2, 0)
    data = data.subset(train_idx)  # the training split, as the Train panel uses
    window = QWidget()
    plot, grid = LossPlot(), ImageGrid("samples", min_scale=2)
    row = QHBoxLayout(window)
    row.addWidget(plot, 1)
    row.addWidget(grid, 1)
    window.resize(1000, 500)
    window.show()
    view = (None, grid) if args.no_draw else (plot, grid)
    probe = LatenessProbe()
    common = {"benchmark": "ui_latency", "torch": torch.__version__, "cores": os.cpu_count(),
              "draw": not args.no_draw, "busy": args.busy, "tick_ms": TICK_MS}

    warm = RunConfig()
    warm.train.steps, warm.train.device, warm.train.threads = 20, "cpu", 1
    run_one(warm, data, probe, view)  # first-use costs (allocator, kernels) out of the way

    probe.start()  # the floor: the same timer with nothing else running
    wait_for(lambda: len(probe.lateness_ms) >= 500)
    probe.stop()
    print(json.dumps({**common, "setting": "idle", "threads": 0, **probe.summary()}), flush=True)

    for setting in args.threads.split(","):
        cfg = RunConfig()  # the default preset: cgan, batch 64, auto width, 16 px on the sample
        cfg.train.steps, cfg.train.device = args.steps, "cpu"
        cfg.train.threads = resolve(setting)
        spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
                    for _ in range(args.busy)]
        try:
            out = run_one(cfg, data, probe, view)
        finally:
            for proc in spinners:
                proc.kill()
                proc.wait()
        print(json.dumps({**common, "setting": setting, "threads": cfg.train.threads,
                          "batch_size": cfg.train.batch_size, **out}), flush=True)
    window.close()
    del app


if __name__ == "__main__":
    main()
