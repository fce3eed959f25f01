"""The fast path: no host sync per step, fused optimisers, layout, autocast, compile fallback,
a window before torch, a worker that yields to the GUI. CUDA tests skip cleanly without CUDA."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import torch
from conftest import TEST_SIZE, tiny_config

from engine.data.sample import load_sample
from engine.errors import UserError
from engine.models.faults import NonFiniteError, StepGuard, optimise
from engine.models.layout import to_memory_format
from engine.runs.checkpoint import CheckpointStore, load_checkpoint
from engine.train import accel
from engine.train import trainer as trainer_module
from engine.train.reporter import Reporter
from engine.train.trainer import train

REPO = Path(__file__).resolve().parent.parent
needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


def _tiny_problem(device="cpu"):
    torch.manual_seed(0)
    net = torch.nn.Linear(4, 1).to(device)
    opt = accel.make_adam(net.parameters(), 1e-2, (0.5, 0.999), torch.device(device))
    return net, opt


def test_a_non_finite_step_is_skipped_on_the_device_and_found_later():
    net, opt = _tiny_problem()
    assert opt.defaults.get("fused")  # the kernel that can skip on a device flag
    guard = StepGuard()
    x = torch.randn(8, 4)
    with guard.active(0):
        optimise("loss/a", opt, net(x).square().mean())  # a good step
    before = [p.detach().clone() for p in net.parameters()]
    state_steps = [s["step"].clone() for s in opt.state.values()]
    with guard.active(1):
        optimise("loss/a", opt, net(x * float("nan")).square().mean())  # no exception here
    with guard.active(2):
        optimise("loss/b", opt, net(x * float("inf")).square().mean())
    assert all(torch.equal(a, b) for a, b in zip(before, net.parameters(), strict=True))
    assert [s["step"] for s in opt.state.values()] == state_steps  # Adam's step count not advanced
    assert guard.check() == ("loss/a", 1)  # the first one, by step
    guard.clear()
    assert guard.check() is None


def test_outside_a_guard_a_non_finite_loss_raises_at_once():
    net, opt = _tiny_problem()
    with pytest.raises(NonFiniteError, match="loss/x"):
        optimise("loss/x", opt, net(torch.full((2, 4), float("nan"))).mean())


def test_reporter_rows_are_the_same_whenever_they_are_drained(tmp_path):
    values = [torch.tensor(v) for v in (0.5, 1.25, 2.0, 4.0, 8.5, 0.125)]
    early, late = Reporter(tmp_path / "a.csv"), Reporter(tmp_path / "b.csv")
    drained = []
    for step, v in enumerate(values, 1):
        for r in (early, late):
            r.report("loss/D", v)
            r.report("q", 3.0)
            if step % 2 == 0:
                r.flush(step)
        drained += early.drain()  # every step
    assert late.pending == 3
    assert late.drain() == drained
    assert drained[0] == {"step": 2, "loss/D": pytest.approx(0.875), "q": 3.0}
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()
    with pytest.raises(RuntimeError):  # a checkpoint must not be taken with rows in flight
        late.report("x", 1.0)
        late.flush(7)
        late.state_dict()


def test_channels_last_keeps_every_convolution_input_in_that_layout():
    from engine.models.registry import ModelArgs, get_model

    nets = get_model("cgan").build(ModelArgs(16, 3, 1, 16, 8, 8, False, "cbn"))
    z, y = torch.randn(4, 16), torch.arange(4) % 3
    torch.manual_seed(0)
    nchw = nets["G"](z, y).detach()
    seen = []
    assert to_memory_format(nets, torch.device("cpu")) is torch.channels_last
    for m in nets["G"].modules():
        if isinstance(m, torch.nn.Conv2d):
            m.register_forward_pre_hook(
                lambda mod, args: seen.append(args[0].is_contiguous(memory_format=torch.channels_last)))
    out = nets["G"](z, y)
    assert seen and all(seen)
    assert torch.allclose(out, nchw, atol=1e-5)  # the same function, another layout


def test_compile_settings(monkeypatch):
    cpu, cuda = torch.device("cpu"), torch.device("cuda")
    assert not accel.compile_wanted("auto", cpu)  # measured: not worth it on a CPU by default
    assert not accel.compile_wanted("off", cuda)
    monkeypatch.setenv(accel.COMPILE_ENV, "0")
    assert not accel.compile_wanted("on", cpu)
    monkeypatch.delenv(accel.COMPILE_ENV)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert not accel.compile_wanted("on", cpu)  # the frozen app has no compiler
    monkeypatch.delattr(sys, "frozen")
    assert accel.compile_wanted("on", cpu)
    with pytest.raises(UserError, match="compile"):
        accel.compile_wanted("fast", cpu)
    with pytest.raises(UserError, match="precision"):
        accel.Precision.for_device(cpu, "fp8")
    assert accel.Precision.for_device(cpu).name == "fp32"


def test_a_compile_that_fails_falls_back_to_eager_and_finishes(tmp_path, monkeypatch):
    def broken_compile(nets, keys):  # as a missing compiler surfaces: at the first call
        def fail(*args, **kwargs):
            raise RuntimeError("InductorError: no working C++ compiler found")

        for key in keys:
            nets[key]._compiled_call_impl = fail
        return list(keys)

    monkeypatch.setattr(accel, "compile_nets", broken_compile)
    cfg = tiny_config("cgan", steps=12)
    cfg.train.compile = "on"
    result = train(cfg, load_sample(TEST_SIZE), tmp_path / "r")
    assert result.step == 12 and not result.stopped_early
    assert any("torch.compile failed" in f and "C++ compiler" in f for f in result.faults)
    eager = train(tiny_config("cgan", steps=12), load_sample(TEST_SIZE), tmp_path / "e")
    a, b = (load_checkpoint(Path(r.checkpoint)) for r in (result, eager))
    for name, tensor in a["nets"]["G"].items():  # the fallback redid step 0: the same run as eager
        assert torch.equal(tensor, b["nets"]["G"][name]), name


def test_the_loop_reads_the_device_only_at_sync_points(tmp_path, monkeypatch):
    calls = []
    real_check = StepGuard.check

    def counted(self):
        calls.append(1)
        return real_check(self)

    monkeypatch.setattr(StepGuard, "check", counted)
    monkeypatch.setattr(trainer_module, "SYNC_S", 3600.0)  # only probes, grids, checkpoints, end
    monkeypatch.setattr(trainer_module, "READ_EACH_ROW", ())  # the CPU behaves as a GPU here
    cfg = tiny_config("cgan", steps=40)
    cfg.train.sample_every, cfg.train.checkpoint_every, cfg.train.quality_every = 20, 0, 0
    cfg.train.log_every = 1
    result = train(cfg, load_sample(TEST_SIZE), tmp_path / "r")
    assert result.step == 40
    # grids at 20 and 40 (two reads each) and a few at the end: a constant, not one per step
    assert len(calls) <= 8, len(calls)
    rows = (tmp_path / "r" / "metrics.csv").read_text().splitlines()
    assert len(rows) == 41  # every step still logged: rows are read in batches, not lost


@needs_cuda
def test_cuda_autocast_keeps_its_scaler_in_the_checkpoint(tmp_path):
    cfg = tiny_config("cgan", steps=6)
    cfg.train.device = "cuda"
    result = train(cfg, load_sample(TEST_SIZE), tmp_path / "r")
    payload = load_checkpoint(Path(result.checkpoint))
    assert "scaler" in payload
    assert "bf16" in (tmp_path / "r" / "train.log").read_text() or payload["scaler"]
    again = tiny_config("cgan", steps=8)
    again.train.device = "cuda"
    assert train(again, load_sample(TEST_SIZE), tmp_path / "r", resume=True).step == 8


@needs_cuda
def test_cuda_compiled_training_runs(tmp_path):
    cfg = tiny_config("cgan", steps=4)
    cfg.train.device, cfg.train.compile = "cuda", "on"
    result = train(cfg, load_sample(TEST_SIZE), tmp_path / "r")
    assert result.step == 4 and not result.faults


@needs_cuda
def test_fused_adam_skips_on_cuda_without_a_sync():
    net, opt = _tiny_problem("cuda")
    guard = StepGuard()
    before = [p.detach().clone() for p in net.parameters()]
    with guard.active(0):
        optimise("loss", opt, net(torch.full((2, 4), float("nan"), device="cuda")).mean())
    assert all(torch.equal(a, b) for a, b in zip(before, net.parameters(), strict=True))
    assert guard.check() == ("loss", 0)


def test_the_first_window_needs_no_torch():
    code = ("import sys; import gui.app, gui.splash; "
            "assert 'torch' not in sys.modules, 'torch imported before the window'")
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=60)


def test_the_start_window_gives_way_to_the_main_window(qtbot, isolated_qsettings):
    from gui.splash import BackgroundImport, StartWindow

    loader = BackgroundImport(("json",))
    loader.start()
    qtbot.waitUntil(lambda: loader.done, timeout=5000)
    assert loader.error is None
    failing = BackgroundImport(("no_such_module_genaug",))
    failing.start()
    qtbot.waitUntil(lambda: failing.done, timeout=5000)
    assert isinstance(failing.error, ModuleNotFoundError)
    window = StartWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "GenAug Studio"
    from gui.main_window import STEPS
    from gui.splash import STEPS as START_STEPS

    assert START_STEPS == STEPS  # the start window shows the main window's steps


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread niceness is Linux's")
def test_worker_threads_yield_to_the_gui_thread():
    from gui.workers import WORKER_NICE, lower_thread_priority

    seen = {}

    def body():
        tid = threading.get_native_id()
        seen["before"] = os.getpriority(os.PRIO_PROCESS, tid)
        lower_thread_priority()
        seen["after"] = os.getpriority(os.PRIO_PROCESS, tid)

    t = threading.Thread(target=body)
    t.start()
    t.join()
    assert seen["after"] == min(19, seen["before"] + WORKER_NICE)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == seen["before"]  # GUI's


SERIAL_GUI_THREAD = """
import os, threading, torch
from gui.app import configure_threads
from gui.preferences import Preferences
configure_threads()
seen = {}
t = threading.Thread(target=lambda: seen.update(n=torch.get_num_threads()))
t.start(); t.join()
threads_before = len(os.listdir("/proc/self/task"))
a = torch.randn(512, 512)
for _ in range(5):
    torch.nn.functional.conv2d(torch.randn(32, 8, 32, 32), torch.randn(16, 8, 3, 3)); a @ a
print(torch.get_num_threads(), seen["n"], Preferences.load().training_threads(),
      len(os.listdir("/proc/self/task")) - threads_before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts threads in /proc")
def test_the_gui_thread_runs_torch_serially_and_workers_get_the_preferred_pool(tmp_path):
    """A pool on the GUI thread beside the worker's made training 0.8x slower (serial_here)."""
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path),
           "OMP_NUM_THREADS": "3", "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", SERIAL_GUI_THREAD], cwd=Path(__file__).parent.parent,
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    gui_thread, worker, preferred, new_threads = map(int, out.stdout.split())
    assert gui_thread == 1
    assert worker == preferred >= 1
    assert new_threads == 0  # the GUI thread's operations started no pool threads


def test_periodic_checkpoints_follow_the_synced_state(tmp_path):
    cfg = tiny_config("cvae", steps=20)
    cfg.train.checkpoint_every, cfg.train.keep_checkpoints = 5, 10
    train(cfg, load_sample(TEST_SIZE), tmp_path / "r")
    steps = sorted(load_checkpoint(p)["step"] for p in CheckpointStore(tmp_path / "r").paths())
    assert steps == [0, 5, 10, 15, 20]


def test_the_evaluations_classifiers_train_and_predict_in_channels_last(tmp_path):
    from engine.evaluate.classifier import (
        ClassifierRecipe,
        load_classifier,
        predict,
        save_classifier,
        train_classifier,
    )

    images = torch.randint(0, 256, (32, 1, 16, 16), dtype=torch.uint8)
    labels = torch.arange(32) % 4
    clf = train_classifier(images, labels, 4, ClassifierRecipe(steps=3, batch_size=8, width=4))
    save_classifier(clf, tmp_path / "judge.pt")
    loaded = load_classifier(tmp_path / "judge.pt")
    for net in (clf, loaded):
        convs = [m for m in net.modules() if isinstance(m, torch.nn.Conv2d)]
        assert convs and all(m.weight.is_contiguous(memory_format=torch.channels_last) for m in convs)
        seen = []
        for m in convs:
            m.register_forward_pre_hook(
                lambda mod, args, seen=seen: seen.append(
                    args[0].is_contiguous(memory_format=torch.channels_last)))
        probs = predict(net, images)
        assert seen and all(seen) and probs.shape == (32, 4)
    assert torch.allclose(predict(loaded, images), predict(clf, images), atol=1e-6)  # the same function


def test_optimisers_are_fused_where_the_device_has_the_kernel():
    from engine.models.optim import fused

    params = [torch.nn.Parameter(torch.zeros(3))]
    adamw = fused(torch.optim.AdamW, params, "cpu", lr=1e-3)
    assert isinstance(adamw, torch.optim.AdamW)
    try:  # the CPU kernel came with torch 2.4: older ones fall back to foreach
        torch.optim.AdamW([torch.nn.Parameter(torch.zeros(1))], fused=True)
        assert adamw.defaults["fused"]
    except RuntimeError:
        assert adamw.defaults["foreach"]
    meta = fused(torch.optim.Adam, [torch.nn.Parameter(torch.zeros(3, device="meta"))], "meta", lr=1e-3)
    assert meta.defaults["foreach"] and not meta.defaults.get("fused")


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="needs CPU affinity (Linux)")
def test_torch_never_gets_more_threads_than_the_cores_it_may_use():
    """A process kept to one core (taskset, a container, a test worker) trains on one thread,
    whatever was asked: two threads on one core only wait on each other."""
    code = """
import os
os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
import torch
from engine.device import set_threads, usable_cores
print(usable_cores(), set_threads(4), torch.get_num_threads(), set_threads(0), set_threads(1))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.split() == ["1"] * 5
