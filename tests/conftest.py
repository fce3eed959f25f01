"""Shared test set-up: offscreen Qt, a small torch thread pool, no network, tiny trained runs."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# Under pytest-xdist (`make test` runs one worker per core) each worker keeps to a core of its own,
# and so does every process it starts: torch then sizes each pool to that core
# (engine.device.set_threads), and two workers never ask for more threads than there are cores.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", ... ; "" without xdist
if WORKER.startswith("gw") and hasattr(os, "sched_setaffinity"):
    _cores = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {_cores[int(WORKER[2:]) % len(_cores)]})

import torch  # noqa: E402

from engine.device import usable_cores  # noqa: E402

torch.set_num_threads(min(2, usable_cores()))  # the CI machine has 2 cores; never oversubscribe them


def pytest_xdist_auto_num_workers(config) -> int:
    """``-n auto``: one worker per core this process may use (as the pinning above counts them)."""
    return usable_cores()

# Tests train and evaluate on the sample at 16 px: its own 28 px costs three times the work per image
# and tests nothing more (tests/test_native_size.py covers the native size).
TEST_SIZE = 16


# ---------------------------------------------------------------------------------------------
# Offline guarantee: any attempt to reach the network fails the test that made it, here and in
# every process the tests start (they inherit GENAUG_FORBID_NETWORK=1; main.py honours it).
# ---------------------------------------------------------------------------------------------
from engine.offline import ATTEMPTS as NETWORK_ATTEMPTS  # noqa: E402
from engine.offline import ENV_VAR, NetworkBlocked, forbid_network  # noqa: E402, F401

os.environ[ENV_VAR] = "1"
forbid_network()


@pytest.fixture(autouse=True, scope="session")
def scan_cache_dir(tmp_path_factory):
    """The scan cache goes to a throw-away folder, never the user's (engine.paths.cache_dir)."""
    folder = tmp_path_factory.mktemp("scan-cache")
    os.environ["GENAUG_CACHE_DIR"] = str(folder)  # inherited by the CLI subprocesses too
    return folder


@pytest.fixture(autouse=True, scope="session")
def log_dir(tmp_path_factory):
    """The application log and crash reports go to a throw-away folder (engine.applog.log_dir)."""
    folder = tmp_path_factory.mktemp("logs")
    os.environ["GENAUG_LOG_DIR"] = str(folder)  # inherited by the CLI subprocesses too
    return folder


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """After each test, before its fixtures are torn down: stop every GUI worker thread it left.

    A panel's :class:`gui.workers.TaskWorker` may still be running when a test returns (a model
    loading for the gallery, a training the test did not wait for). pytest-qt then closes and
    drops the panel while its thread runs, and Qt may crash or hang later, inside another test.
    Each worker is asked to stop and waited for, as the main window does when it closes.
    """
    yield
    if "gui.workers" not in sys.modules:
        return
    from PySide6.QtWidgets import QApplication

    from gui.workers import TaskWorker

    if QApplication.instance() is None:
        return
    for widget in QApplication.topLevelWidgets():
        for worker in widget.findChildren(TaskWorker):
            worker.stop()
            worker.wait()


@pytest.fixture(autouse=True)
def qt_garbage_collected_on_the_gui_thread():
    """After each test and its fixtures (pytest-qt closes its widgets first): collect garbage here.

    Left automatic, a collection may run on a worker thread (a gallery loading its model) and
    delete Qt widgets that a test dropped in reference cycles: that deadlocked a test (seen in
    CI, stops 21 and 22). As in the app (``gui.app.collect_garbage_on_gui_thread``), once Qt is
    loaded the automatic collection is off and garbage is collected on the GUI thread only.
    """
    yield
    if "PySide6.QtWidgets" in sys.modules:
        gc.disable()
        gc.collect()


@pytest.fixture(autouse=True)
def no_network():
    """Fail the test if it (or code it ran) tried to open a network connection, even if caught."""
    start = len(NETWORK_ATTEMPTS)
    yield
    attempts = NETWORK_ATTEMPTS[start:]
    del NETWORK_ATTEMPTS[start:]
    assert not attempts, f"network access attempted: {attempts}"


# ---------------------------------------------------------------------------------------------
# Tiny trained runs shared by the generate / export tests.
# ---------------------------------------------------------------------------------------------
def tiny_config(model: str, steps: int = 30):
    """A RunConfig small enough to train in a couple of seconds on the sample."""
    from engine.config import RunConfig

    cfg = RunConfig()
    cfg.model.name = model
    cfg.model.width = 8
    cfg.model.latent_dim = 16
    cfg.model.embed_dim = 8
    cfg.train.steps = steps
    cfg.train.batch_size = 16
    cfg.train.sample_every = 10
    cfg.train.log_every = 5
    cfg.train.threads = 2
    cfg.train.device = "cpu"
    return cfg


def train_tiny(run_dir: Path, model: str = "cgan", steps: int = 30, holdout: bool = False):
    """Train a tiny run on the sample: all of it, or (``holdout``) its training split, saved as the
    CLI and the Train step save it (``split.json``), so the run can be evaluated."""
    from engine.data.sample import load_sample
    from engine.runs import split_for_run
    from engine.train.trainer import train

    data, cfg = load_sample(TEST_SIZE), tiny_config(model, steps)
    if holdout:
        train_idx, _ = split_for_run(run_dir, data, cfg.data)
        data = data.subset(train_idx)
    return train(cfg, data, run_dir)


@pytest.fixture(scope="session", params=["cgan", "cvae"])
def trained_run(request, tmp_path_factory) -> Path:
    """A run folder holding a trained tiny model of each family."""
    run_dir = tmp_path_factory.mktemp(f"run_{request.param}")
    train_tiny(run_dir, request.param)
    return run_dir


@pytest.fixture(scope="session")
def gan_run(tmp_path_factory) -> Path:
    run_dir = tmp_path_factory.mktemp("gan_run")
    train_tiny(run_dir, "cgan")
    return run_dir


@pytest.fixture(scope="session", params=["cgan", "cvae"])
def split_run(request, tmp_path_factory) -> Path:
    """A tiny run of each family trained on the sample's training split, with its split.json."""
    run_dir = tmp_path_factory.mktemp(f"split_run_{request.param}")
    train_tiny(run_dir, request.param, holdout=True)
    return run_dir


@pytest.fixture(scope="session")
def gan_split_run(tmp_path_factory) -> Path:
    """A tiny cGAN trained on the sample's training split, with its split.json."""
    run_dir = tmp_path_factory.mktemp("gan_split_run")
    train_tiny(run_dir, "cgan", holdout=True)
    return run_dir


def write_png(path: Path, array, mode: str | None = None) -> Path:
    """Save a numpy array as an image file (creating folders)."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array, mode).save(path) if mode else Image.fromarray(array).save(path)
    return path


@pytest.fixture
def workers_end_at_once(monkeypatch):
    """Every worker thread has ended (and emitted its signals) before ``start()`` returns: the
    worst case of a fast task on a busy machine, for code that must not miss a worker's end."""
    from PySide6.QtCore import QThread

    from gui.workers import TaskWorker

    def start_and_wait(self, *args):
        QThread.start(self, *args)
        self.wait()

    monkeypatch.setattr(TaskWorker, "start", start_and_wait)


@pytest.fixture
def isolated_qsettings(tmp_path_factory):
    """Keep QSettings and QStandardPaths of GUI tests away from the real user folders."""
    from PySide6.QtCore import QSettings, QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)


@pytest.fixture
def dialogs(monkeypatch) -> list[tuple[str, str]]:
    """Capture QMessageBox warnings / errors in GUI tests instead of showing them."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []

    def fake(parent, title, text, *args, **kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(fake))
    return shown


@pytest.fixture(autouse=True)
def unsaved_prompts(monkeypatch) -> list[str]:
    """Answer "Discard" to every "save your changes?" question (a modal box would block offscreen).

    The window asks with ``QMessageBox.question`` when it closes with unsaved project changes;
    tests that check the prompt replace this answer with their own. The texts asked are listed.
    """
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def discard(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", staticmethod(discard))
    return asked
