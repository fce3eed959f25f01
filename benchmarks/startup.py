"""Start-up time of the app to a shown window, from source and frozen, and the bundle's size.

    python benchmarks/startup.py [--runs 3] [--source-only] [--app dist/GenAugStudio/GenAugStudio]

Each run launches a fresh process with ``GENAUG_STARTUP_PROBE=1`` (``main.py`` then starts the GUI
as usual, prints ``window shown`` as soon as the first window is exposed (the start window,
shown before torch is imported), ``main window shown`` once the main window with the built-in
sample is, then quits) and times from just before the launch to each line. ``first_window`` is
the start-up the user sees; ``main_window`` includes importing torch and building every panel.
Without a frozen app (``make package``) only the source launches are measured. Qt runs offscreen;
settings and the workspace go to a temporary home, never the user's. The bundle was just built or run, so its
files are in the OS page cache: a first launch after a reboot reads them from disk and is slower.
The bundle size is the sum of its files' sizes. Prints one JSON line. Run it under the CPU lock.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_S = 2.0  # issue 17: a shown window within 2 s (issue 8 asked for 5 s)


def time_to_window(command: list[str], home: Path, timeout: float = 120.0) -> tuple[float, float]:
    """Seconds from launching ``command`` to its ``window shown`` and ``main window shown`` lines."""
    env = {**os.environ, "GENAUG_STARTUP_PROBE": "1", "QT_QPA_PLATFORM": "offscreen",
           "GENAUG_FORBID_NETWORK": "1", "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache")}
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=home)
    shown = {}
    try:
        for line in proc.stdout:
            if line.strip() in ("window shown", "main window shown"):
                shown[line.strip()] = time.perf_counter() - start
            if "main window shown" in shown:
                break
        if len(shown) < 2:
            raise RuntimeError(f"{command[0]} ended without showing its windows: {proc.stderr.read()}")
        proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if proc.returncode != 0:
        raise RuntimeError(f"{command[0]} exited with {proc.returncode}: {proc.stderr.read()}")
    return shown["window shown"], shown["main window shown"]


def bundle_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of every regular file under ``folder`` (links not followed)."""
    total = count = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            st = os.lstat(os.path.join(root, name))
            total += st.st_size
            count += 1
    return total, count


def measure(command: list[str], runs: int) -> dict:
    """Time ``runs`` launches of ``command``, each with a fresh home folder."""
    first, main = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="genaug-startup-") as home:
            a, b = time_to_window(command, Path(home))
        first.append(a)
        main.append(b)
    return {kind: {"runs_s": [round(t, 3) for t in times],
                   "median_s": round(statistics.median(times), 3), "max_s": round(max(times), 3)}
            for kind, times in (("first_window", first), ("main_window", main))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app", type=Path, default=REPO / "dist" / "GenAugStudio" / "GenAugStudio",
                        help="the frozen executable (default: dist/GenAugStudio/GenAugStudio)")
    parser.add_argument("--runs", type=int, default=3, help="launches of each kind (default 3)")
    parser.add_argument("--no-source", action="store_true", help="skip the from-source launches")
    parser.add_argument("--source-only", action="store_true", help="skip the frozen app")
    args = parser.parse_args()
    args.app = args.app.resolve()  # each launch runs in a temporary home folder
    frozen = not args.source_only and args.app.is_file()
    if not frozen and args.no_source:
        parser.error(f"no frozen app at {args.app}: run `make package` first")
    result: dict = {"benchmark": "startup", "target_s": TARGET_S, "cpus": os.cpu_count()}
    if not args.no_source:
        result["source"] = measure([sys.executable, str(REPO / "main.py")], args.runs)
    if frozen:
        result["frozen"] = measure([str(args.app)], args.runs)
        size, files = bundle_size(args.app.parent)
        result["bundle"] = {"path": str(args.app.parent), "bytes": size,
                            "gib": round(size / 2**30, 2), "files": files}
    result["meets_target"] = all(result[k]["first_window"]["max_s"] < TARGET_S
                                 for k in ("source", "frozen") if k in result)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
