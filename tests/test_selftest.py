"""``self-test``: passes from source as a user runs it, and fails loudly, with the reason, when broken.

The frozen build runs the same command in CI (``.ci/run``: ``make package package-test``).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from engine import __version__, cli
from engine.cli import selftest
from engine.offline import ATTEMPTS

REPO = Path(__file__).resolve().parent.parent
ENGINE_CHECKS = ["network_guard", "torch", "sample", "worker_processes", "scan", "train_cgan",
                 "train_cvae", "checkpoint_reload", "export"]


def test_help_lists_self_test():
    assert "self-test" in cli.build_parser().format_help()


@pytest.fixture
def short_tmp():
    """An empty folder with a short path. The worker-process check's forkserver listens on a Unix
    socket inside the temp folder, and a socket's path may not exceed 107 bytes: pytest's own
    ``tmp_path`` (longer still under pytest-xdist) plus the names below came within a few bytes of it."""
    folder = Path(tempfile.mkdtemp(prefix="st-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_source_self_test_passes_and_writes_only_to_its_temp_folder(short_tmp):
    """The whole check in a fresh process, offline and offscreen: exit 0 and one JSON line.

    The user's folders (config, data, cache) and the temp folder are pointed at empty folders that
    must still be empty afterwards: the self-test keeps everything in a temp folder it deletes.
    """
    tmp_path = short_tmp
    folders = {v: tmp_path / v.lower() for v in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
                                                 "XDG_CACHE_HOME", "TMPDIR")}
    for folder in folders.values():
        folder.mkdir()
    env = {**os.environ, "GENAUG_FORBID_NETWORK": "1", "QT_QPA_PLATFORM": "offscreen",
           "OMP_NUM_THREADS": "2", **{k: str(v) for k, v in folders.items()}}
    env.pop("GENAUG_CACHE_DIR", None)  # the self-test must choose its own cache folder
    result = subprocess.run([sys.executable, str(REPO / "main.py"), "self-test"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert line["ok"] is True and line["version"] == __version__ and line["frozen"] is False
    assert list(line["checks"]) == ENGINE_CHECKS + ["window"]
    assert line["facts"]["export"] == {"synthetic": 30, "classes": 10}
    window = line["facts"]["window"]
    assert window["platform"] == "offscreen" and window["gallery_images"] == 3
    assert line["facts"]["worker_processes"]["start_method"] in ("forkserver", "spawn")
    # ``import torchvision`` makes torch create an empty ``torchinductor_<user>`` folder in the temp
    # folder (torch's doing, not a file of ours); anything else left behind is a leak.
    leftovers = {k: sorted(p.name for p in v.rglob("*")
                           if not (p.name.startswith("torchinductor_") and p.is_dir()
                                   and not any(p.iterdir())))
                 for k, v in folders.items()}
    assert all(not names for names in leftovers.values()), leftovers


def test_a_broken_resource_fails_with_the_check_and_the_reason(tmp_path, monkeypatch, capsys):
    broken = tmp_path / "digits.npz"
    broken.write_bytes(b"not an npz archive")
    monkeypatch.setattr("engine.data.sample.sample_file", lambda: broken)
    assert cli.main(["self-test"]) == cli.EXIT_USER_ERROR
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("error: self-test failed at sample:"), err


def test_a_swallowed_network_attempt_fails_the_self_test(monkeypatch, capsys):
    """Code that opens a socket and ignores the error is still caught (the offline guarantee)."""
    def sneaky_sample():
        try:
            socket.create_connection(("192.0.2.1", 80), timeout=1)
        except OSError:
            pass
        return {}

    start = len(ATTEMPTS)
    monkeypatch.setattr(selftest, "_check_sample", sneaky_sample)
    try:
        with pytest.raises(selftest.SelfTestFailed, match="at sample: network access attempted"):
            selftest.run_self_test()
    finally:
        del ATTEMPTS[start:]  # recorded on purpose here; the autouse no_network check stays clean


def test_a_write_into_the_bundle_fails_the_self_test(tmp_path, monkeypatch):
    """Frozen, the app must not write inside its own folder: a check that does is reported."""
    bundle = tmp_path / "GenAugStudio"
    internal = bundle / "_internal"
    shutil.copytree(REPO / "resources" / "sample", internal / "resources" / "sample")
    (bundle / "GenAugStudio").write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle / "GenAugStudio"))
    for name in ("_check_worker_processes", "_check_scan"):  # a fake frozen app starts no workers
        monkeypatch.setattr(selftest, name, lambda work: {})
    real_export = selftest._check_export

    def export_and_litter(work, run_dir):
        (internal / "resources" / "settings.ini").write_text("written by mistake")
        return real_export(work, run_dir)

    monkeypatch.setattr(selftest, "_check_export", export_and_litter)
    with pytest.raises(selftest.SelfTestFailed, match=r"bundle_untouched.*settings\.ini"):
        selftest.run_self_test()


def test_a_failing_window_check_is_reported():
    def window_check(work):
        raise TimeoutError("waited 180 s for the main window to be shown")

    with pytest.raises(selftest.SelfTestFailed, match="at window: TimeoutError: waited 180 s"):
        selftest.run_self_test(window_check)
