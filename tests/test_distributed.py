"""Training under torchrun (DistributedDataParallel): two processes, Gloo on the CPU, the sample.

The two-process run is started once per module, exactly as a user would start it (``python -m
torch.distributed.run --standalone --nproc_per_node 2 main.py train ...``), through
tests/ddp_entry.py, which records per rank every file it writes and its final weights. The NCCL
path on GPUs is the same code with another backend and device (engine/train/distributed.py); it
cannot run on this CPU-only machine.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
from conftest import tiny_config

from engine.cli import build_parser
from engine.cli import main as cli_main
from engine.errors import UserError
from engine.runs.checkpoint import load_checkpoint
from engine.train import distributed
from engine.train.cluster import ClusterPlan, torchrun_command
from engine.train.distributed import Distributed
from engine.train.sync_batch_norm import SyncBatchNorm, use_sync_batch_norm

REPO = Path(__file__).resolve().parent.parent
STEPS, PER_RANK = 20, 8  # two processes x 8 = a global batch of 16
# Mean losses over each 5 steps of the first 20, one process (batch 16) vs two (8 + 8), same seed:
# the batches differ (each rank draws from its own shard), so they agree statistically, not bit
# for bit. Measured on the sample at 16 px: at most 0.16 apart in loss/D (which falls from 1.8 to
# 0.35 over those steps) and 0.15 in loss/G (0.44 to 1.3).
LOSS_TOLERANCE = {"loss/D": 0.2, "loss/G": 0.25}


def _config_file(folder: Path) -> Path:
    """A tiny GAN with every part that DDP must keep in step: batch norm (class-conditional, in
    G), spectral norm (D), the EMA of G, DiffAugment and the mode-seeking term."""
    cfg = tiny_config("cgan", STEPS)
    cfg.model.spectral_norm = True
    # 16 px, where the tolerance below was measured: at the sample's own 28 px this tiny D wins
    # within 20 steps and the early means swing with the batches each process happens to draw.
    cfg.data.image_size = 16
    cfg.train.threads = 0  # torchrun gives each process OMP_NUM_THREADS=1
    cfg.train.checkpoint_every = 10  # a checkpoint mid-run gathers every rank's generators
    path = folder / "tiny.json"
    cfg.save_json(path)
    return path


def torchrun(nproc: int, probe: Path, *args, timeout: int = 180) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node",
           str(nproc), str(REPO / "tests" / "ddp_entry.py"), str(probe), *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=REPO)


def _json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def _metrics(run: Path) -> list[dict]:
    with (run / "metrics.csv").open(newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def two_procs(tmp_path_factory):
    """A 20-step run of two processes (8 images each per step) into a fresh run folder."""
    root = tmp_path_factory.mktemp("ddp")
    probe = root / "probe"
    probe.mkdir()
    cfg = _config_file(root)
    run = root / "run"
    result = torchrun(2, probe, "train", "--config", cfg, "--out", run, "--batch-size", PER_RANK,
                      "--device", "cpu")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return SimpleNamespace(root=root, probe=probe, cfg=cfg, run=run, result=result)


# ------------------------------------------------------------------------------ two processes
@pytest.mark.slow
def test_two_processes_finish_and_rank_0_alone_writes_the_run_folder(two_procs):
    lines = _json_lines(two_procs.result.stdout)
    assert len(lines) == 1, "only rank 0 prints the result line"
    line = lines[0]
    assert line["step"] == STEPS and not line["stopped_early"]
    assert (line["processes"], line["batch_size"], line["global_batch_size"]) == (2, PER_RANK, 16)

    run = two_procs.run.resolve()

    def in_run(rank: int) -> list[Path]:
        writes = json.loads((two_procs.probe / f"writes_rank{rank}.json").read_text())
        paths = [Path(os.path.abspath(os.path.join(REPO, p))) for p in writes]
        return [p for p in paths if p == run or run in p.parents]

    assert in_run(1) == [], f"rank 1 wrote into the run folder: {in_run(1)[:5]}"
    names = {p.name for p in in_run(0)}
    for expected in ("metrics.csv", "train.log", "config.json", "split.json", "step_00000020.pt",
                     "step_000020.png"):
        assert expected in names, f"rank 0 did not write {expected}"

    assert [int(r["step"]) for r in _metrics(run)] == [5, 10, 15, 20]  # one row per report, once
    log = (run / "train.log").read_text()
    assert log.count("training cgan from step 0") == 1
    assert log.count("2 processes (gloo) x batch 8 = global batch 16") == 1
    assert "global batch 16" in two_procs.result.stderr


@pytest.mark.slow
def test_weights_are_identical_on_both_ranks(two_procs):
    nets = [torch.load(two_procs.probe / f"nets_rank{r}.pt", weights_only=True) for r in (0, 1)]
    assert set(nets[0]) == set(nets[1]) == {"G", "D", "G_ema"}
    for name in nets[0]:
        for key, value in nets[0][name].items():
            assert torch.equal(value, nets[1][name][key]), f"{name}.{key} differs between ranks"
    # The state compared includes what DDP must keep in step besides the weights:
    assert any(k.endswith("_u") for k in nets[0]["D"]), "spectral norm's power-iteration vector"
    assert any(k.endswith("running_var") for k in nets[0]["G"]), "batch-norm statistics"

    saved = load_checkpoint(two_procs.run / "checkpoints" / "step_00000020.pt")
    for name, state in saved["nets"].items():  # rank 0's checkpoint holds those weights
        assert all(torch.equal(v, nets[0][name][k]) for k, v in state.items())
    assert saved["world_size"] == 2 and len(saved["rng_ranks"]) == 2
    batch0, batch1 = (s["batch"] for s in saved["rng_ranks"])
    assert not torch.equal(batch0, batch1), "each rank draws its batches with its own generator"
    assert torch.equal(saved["rng"]["batch"], batch0)


@pytest.mark.slow
def test_one_and_two_processes_with_the_same_global_batch_give_the_same_losses(two_procs, capsys):
    one = two_procs.root / "one"
    code = cli_main(["train", "--config", str(two_procs.cfg), "--out", str(one),
                     "--batch-size", "16", "--device", "cpu"])
    assert code == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["global_batch_size"] == 16
    rows1, rows2 = _metrics(one), _metrics(two_procs.run)
    assert [r["step"] for r in rows1] == [r["step"] for r in rows2]
    for name, tolerance in LOSS_TOLERANCE.items():
        for a, b in zip(rows1, rows2, strict=True):
            assert abs(float(a[name]) - float(b[name])) <= tolerance, (name, a["step"], a[name], b[name])
    # The tolerance is small beside what training does to the losses in those steps.
    for rows in (rows1, rows2):
        assert float(rows[0]["loss/D"]) - float(rows[-1]["loss/D"]) > 4 * LOSS_TOLERANCE["loss/D"]


@pytest.mark.slow
def test_a_two_process_run_resumes_in_one_process(two_procs, capsys):
    run = two_procs.root / "resumed"
    shutil.copytree(two_procs.run, run)
    code = cli_main(["train", "--config", str(two_procs.cfg), "--out", str(run), "--resume",
                     "--steps", "30", "--device", "cpu"])
    assert code == 0
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (line["resumed_from"], line["step"], line["processes"]) == (20, 30, 1)
    assert line["batch_size"] == PER_RANK  # per process, as the checkpoint had it
    assert [int(r["step"]) for r in _metrics(run)] == [5, 10, 15, 20, 25, 30]
    assert "resumed from step 20" in (run / "train.log").read_text()
    before = load_checkpoint(run / "checkpoints" / "step_00000020.pt")
    after = load_checkpoint(run / "checkpoints" / "step_00000030.pt")
    assert "rng_ranks" not in after and after["step"] == 30
    assert not torch.equal(before["nets"]["G"]["to_image.0.weight"], after["nets"]["G"]["to_image.0.weight"])
    # Rank 0's generator went on from where the checkpoint left it, in this single process.
    from engine.runs import load_trained

    model = load_trained(run, device="cpu")
    images = model.images(torch.randn(4, model.args.latent_dim), torch.arange(4))
    assert torch.isfinite(images).all() and model.step == 30


@pytest.mark.slow
def test_a_one_process_run_resumes_in_two_processes(two_procs):
    run = two_procs.root / "grown"
    assert cli_main(["train", "--config", str(two_procs.cfg), "--out", str(run), "--steps", "10",
                     "--batch-size", "8", "--device", "cpu"]) == 0
    probe = two_procs.root / "probe_grown"
    probe.mkdir()
    result = torchrun(2, probe, "train", "--config", two_procs.cfg, "--out", run, "--resume",
                      "--steps", "15", "--device", "cpu")
    assert result.returncode == 0, result.stderr[-4000:]
    line = _json_lines(result.stdout)[0]
    assert (line["resumed_from"], line["step"], line["processes"], line["global_batch_size"]) == (
        10, 15, 2, 16)
    nets = [torch.load(probe / f"nets_rank{r}.pt", weights_only=True) for r in (0, 1)]
    assert all(torch.equal(v, nets[1]["G"][k]) for k, v in nets[0]["G"].items())


@pytest.mark.slow
@pytest.mark.gui
def test_the_runs_list_opens_a_run_trained_elsewhere(two_procs, qtbot, tmp_path, isolated_qsettings):
    from gui.main_window import MainWindow
    from gui.state import AppState

    workspace = tmp_path / "workspace"
    shutil.copytree(two_procs.run, workspace / "from-cluster")
    window = MainWindow(AppState(runs_root=workspace))
    qtbot.addWidget(window)
    panel = window.runs_panel
    panel.refresh()
    assert [r.path.name for r in panel.runs] == ["from-cluster"]
    assert panel.runs[0].finished and panel.runs[0].step == STEPS
    assert window.open_run(panel.runs[0].path)
    assert window.state.trained_run == workspace / "from-cluster"


# ------------------------------------------------------------------------------ the parts
def test_shards_are_disjoint_cover_the_data_and_keep_the_class_balance():
    labels = torch.arange(10).repeat_interleave(30)  # 10 classes x 30
    shards = [Distributed(rank=r, world_size=3, backend="gloo").shard(labels, seed=0) for r in range(3)]
    joined = torch.cat(shards)
    assert len(joined) == 300 and len(set(joined.tolist())) == 300
    for shard in shards:
        assert labels[shard].bincount(minlength=10).tolist() == [10] * 10
    assert torch.equal(distributed.SINGLE.shard(labels, 0), torch.arange(300))
    with pytest.raises(UserError):
        Distributed(rank=0, world_size=4, backend="gloo").shard(labels[:3], 0)


def test_torchrun_environment_is_read_and_checked():
    assert distributed.from_env({}) is None
    env = {"RANK": "3", "WORLD_SIZE": "4", "LOCAL_RANK": "1", "LOCAL_WORLD_SIZE": "2"}
    assert distributed.from_env(env) == (3, 4, 1, 2)
    with pytest.raises(UserError, match="RANK"):
        distributed.from_env({**env, "RANK": "x"})
    with pytest.raises(UserError, match="does not fit"):
        distributed.from_env({**env, "RANK": "4"})
    assert distributed.current() is distributed.SINGLE  # the tests run in one process


def test_sync_batch_norm_keeps_the_parameters_and_names():
    net = torch.nn.Sequential(torch.nn.Linear(4, 6), torch.nn.BatchNorm1d(6),
                              torch.nn.Sequential(torch.nn.BatchNorm2d(3, affine=False)))
    params, keys = list(net.parameters()), list(net.state_dict())
    use_sync_batch_norm(net)
    assert isinstance(net[1], SyncBatchNorm) and isinstance(net[2][0], SyncBatchNorm)
    assert all(a is b for a, b in zip(params, net.parameters(), strict=True))  # optimisers still fit
    assert list(net.state_dict()) == keys  # checkpoints load into the plain model


def _sync_bn_worker(rank: int, rdv: str, x: torch.Tensor, c: torch.Tensor, weight: torch.Tensor,
                    out: str) -> None:
    """One of two processes: SyncBatchNorm on its half of ``x``, loss sum(c * y) on that half."""
    import torch.distributed as dist

    dist.init_process_group("gloo", init_method=f"file://{rdv}", rank=rank, world_size=2)
    bn = SyncBatchNorm(x.shape[1])
    with torch.no_grad():
        bn.weight.copy_(weight)
    half = x.chunk(2)[rank].clone().requires_grad_(True)
    y = bn(half)
    (c.chunk(2)[rank] * y).sum().backward()
    torch.save({"y": y.detach(), "dx": half.grad, "dw": bn.weight.grad, "db": bn.bias.grad,
                "mean": bn.running_mean, "var": bn.running_var}, f"{out}{rank}.pt")
    dist.destroy_process_group()


@pytest.mark.slow
def test_sync_batch_norm_over_two_processes_equals_batch_norm_over_the_global_batch(tmp_path):
    import torch.multiprocessing as mp

    g = torch.Generator().manual_seed(0)
    x = torch.randn(8, 3, 4, 4, generator=g) * 3 + 1  # (B, C, H, W): the global batch
    c = torch.randn(8, 3, 4, 4, generator=g)  # the loss sum(c * y) weighs every output differently
    weight = torch.rand(3, generator=g) + 0.5
    mp.spawn(_sync_bn_worker, args=(str(tmp_path / "rdv"), x, c, weight, str(tmp_path / "rank")),
             nprocs=2, join=True)
    parts = [torch.load(tmp_path / f"rank{r}.pt", weights_only=True) for r in (0, 1)]

    ref = torch.nn.BatchNorm2d(3)  # one process, the whole batch
    with torch.no_grad():
        ref.weight.copy_(weight)
    full = x.clone().requires_grad_(True)
    y = ref(full)
    (c * y).sum().backward()
    torch.testing.assert_close(torch.cat([p["y"] for p in parts]), y.detach())
    # The statistics are shared, so each half's input gradient is that of the global loss.
    torch.testing.assert_close(torch.cat([p["dx"] for p in parts]), full.grad)
    # Parameter gradients are per process; their sum is the global one (DDP then averages).
    torch.testing.assert_close(parts[0]["dw"] + parts[1]["dw"], ref.weight.grad)
    torch.testing.assert_close(parts[0]["db"] + parts[1]["db"], ref.bias.grad)
    for name, expected in (("mean", ref.running_mean), ("var", ref.running_var)):
        torch.testing.assert_close(parts[0][name], expected)
        torch.testing.assert_close(parts[1][name], expected)


def test_the_cluster_command_is_one_the_command_line_accepts(tmp_path):
    plan = ClusterPlan(run_dir=str(tmp_path / "my run"), data="/data/digits", nproc_per_node=4)
    cmd = torchrun_command(plan)
    assert cmd[:6] == ["torchrun", "--standalone", "--nnodes", "1", "--nproc_per_node", "4"]
    args = build_parser().parse_args(cmd[cmd.index("main.py") + 1:])
    assert (args.command, args.out, args.data, args.device) == (
        "train", str(tmp_path / "my run"), "/data/digits", "auto")
    assert args.config == str(tmp_path / "my run" / "config.json")

    multi = torchrun_command(ClusterPlan(run_dir="/runs/a", data="sample", nproc_per_node=8,
                                         nnodes=2, rdzv_endpoint="node1:29400"))
    assert multi[multi.index("--rdzv-endpoint") + 1] == "node1:29400"
    assert "--standalone" not in multi and multi[multi.index("--nnodes") + 1] == "2"
    with pytest.raises(UserError, match="rendezvous"):
        torchrun_command(ClusterPlan(run_dir="/runs/a", data="sample", nnodes=2))


def test_train_settings_come_from_config_then_the_command_line(tmp_path):
    from engine.cli.main import _train_config

    cfg = tiny_config("cvae", 7)
    cfg.train.minutes = 3.0
    cfg.data.resize = "pad"
    path = tmp_path / "c.json"
    cfg.save_json(path)
    args = build_parser().parse_args(["train", "--config", str(path), "--out", "x", "--seed", "5"])
    got = _train_config(args)
    assert (got.model.name, got.model.width, got.data.resize, got.train.seed) == ("cvae", 8, "pad", 5)
    assert got.train.minutes == 3.0 and got.train.batch_size == 16
    args = build_parser().parse_args(["train", "--config", str(path), "--out", "x", "--steps", "9",
                                      "--model", "cgan", "--data", "elsewhere"])
    got = _train_config(args)
    assert (got.train.steps, got.train.minutes, got.model.name, got.data.path) == (9, 0.0, "cgan",
                                                                                    "elsewhere")
    with pytest.raises(UserError, match="--config"):
        _train_config(build_parser().parse_args(["train", "--out", "x"]))
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(UserError, match="bad.json"):
        _train_config(build_parser().parse_args(["train", "--config", str(tmp_path / "bad.json"),
                                                 "--out", "x"]))


def test_mode_seeking_with_no_class_twice_in_a_small_batch_stays_finite():
    """One process's share of the batch may hold no class twice: the target distance is then 0."""
    from engine.models.losses import mode_seeking_loss, real_pair_distance

    real = torch.rand(4, 1, 8, 8)
    target = real_pair_distance(real, torch.arange(4))  # four different classes
    assert float(target) == 0.0
    fake = torch.rand(4, 1, 8, 8, requires_grad=True)
    z = torch.randn(4, 16)
    loss = mode_seeking_loss(fake[:2], fake[2:], z[:2], z[2:], target)
    loss.backward()
    assert float(loss.detach()) == 0.0 and torch.isfinite(fake.grad).all()
