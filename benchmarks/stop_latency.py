"""How fast Stop and closing the window take effect while training (issue 8's "within 1 s").

    python benchmarks/stop_latency.py [--engine-runs 6] [--gui-stops 5] [--gui-closes 3]

- ``engine``: ``train()`` on the sample with the default settings; once it has reported step 20,
  ``should_stop`` starts returning True; the latency is from that first True to ``train()``
  returning (the last checkpoint written).
- ``gui_stop``: the main window (offscreen) trains the default settings on the sample; once the
  Train step shows step 10, its Stop is pressed; the latency is until the worker thread ends.
- ``gui_close``: the same, closing the window instead (closeEvent stops every task and waits).

The tests check that stopping works (tests/test_resilience.py, tests/test_gui_runs.py); this
measures how fast, which a test cannot assert on a busy machine. Prints one JSON line with the
latencies in seconds and their 95th percentiles. Run it alone (under the CPU lock if there is one).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from engine.config import RunConfig  # noqa: E402
from engine.data.sample import load_sample  # noqa: E402
from engine.train.trainer import train  # noqa: E402

TARGET_S = 1.0


def engine_latencies(runs: int, root: Path) -> list[float]:
    """Seconds from the first True of ``should_stop`` to ``train()`` returning, ``runs`` times."""
    data, latencies = load_sample(), []
    for i in range(runs):
        cfg = RunConfig()
        cfg.train.threads = torch.get_num_threads()
        reached, asked = [False], []

        def progress(p, reached=reached):
            reached[0] = reached[0] or p.step >= 20

        def should_stop(reached=reached, asked=asked):
            if reached[0] and not asked:
                asked.append(time.perf_counter())
            return bool(asked)

        train(cfg, data, root / f"engine{i}", progress, should_stop)
        latencies.append(time.perf_counter() - asked[0])
    return latencies


def gui_latencies(stops: int, closes: int, root: Path) -> tuple[list[float], list[float]]:
    """Seconds from Stop (and from closing the window) to the training thread's end."""
    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow
    from gui.state import AppState

    QStandardPaths.setTestModeEnabled(True)  # settings and folders away from the user's
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(root / "settings"))
    app = QApplication.instance() or QApplication([])

    def started_run(win) -> object:
        win.state.config = RunConfig()
        panel = win.train_panel
        panel.last_progress = None
        panel.start()
        deadline = time.perf_counter() + 120
        while panel.last_progress is None or panel.last_progress.step < 10:
            if time.perf_counter() > deadline:
                raise RuntimeError("training did not reach step 10 within 120 s")
            app.processEvents()
            time.sleep(0.005)
        return panel.worker

    def open_window():
        win = MainWindow(AppState(runs_root=root / "workspace"))
        win.show()
        app.processEvents()
        return win

    stop_s, close_s = [], []
    win = open_window()
    for _ in range(stops):
        worker = started_run(win)
        t0 = time.perf_counter()
        win.train_panel.stop()
        worker.wait(30_000)
        stop_s.append(time.perf_counter() - t0)
        while win.train_panel.busy:
            app.processEvents()
    win.setWindowModified(False)  # no "save the project?" question: nothing here is worth keeping
    win.close()
    for _ in range(closes):
        win = open_window()
        started_run(win)
        win.setWindowModified(False)
        t0 = time.perf_counter()
        win.close()
        close_s.append(time.perf_counter() - t0)
    return stop_s, close_s


def p95(values: list[float]) -> float | None:
    return round(float(np.percentile(values, 95)), 3) if values else None


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--engine-runs", type=int, default=6)
    p.add_argument("--gui-stops", type=int, default=5)
    p.add_argument("--gui-closes", type=int, default=3)
    p.add_argument("--threads", type=int, default=2, help="torch threads (the machine has 2 cores)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ.setdefault("GENAUG_CACHE_DIR", str(root / "cache"))
        os.environ.setdefault("GENAUG_LOG_DIR", str(root / "logs"))
        engine = engine_latencies(args.engine_runs, root)
        stop_s, close_s = gui_latencies(args.gui_stops, args.gui_closes, root)
    print(json.dumps({
        "benchmark": "stop_latency", "threads": args.threads, "target_s": TARGET_S,
        "engine_s": [round(x, 3) for x in engine], "engine_p95_s": p95(engine),
        "gui_stop_s": [round(x, 3) for x in stop_s], "gui_stop_p95_s": p95(stop_s),
        "gui_close_s": [round(x, 3) for x in close_s], "gui_close_p95_s": p95(close_s),
    }), flush=True)


if __name__ == "__main__":
    main()
