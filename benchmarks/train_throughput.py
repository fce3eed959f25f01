"""Training throughput as images/s and as model-FLOP utilisation, against the matmul rate.

    python benchmarks/train_throughput.py [--quick] [--image-size 28] [--threads 2] [--device cpu]
                                          [--seconds 20] [--compile] [--nchw]
                                          [--models default,reference] [--ceiling]

For each model, one JSON line:

- ``flops_per_step``: counted with ``torch.utils.flop_counter.FlopCounterMode`` over one whole
  training step (D and G forward and backward; the optimiser adds no matmul FLOPs);
- ``images_per_s``: the app's model trained by the real loop (``engine.train.trainer.train``,
  headless, probes off) on the built-in sample resized to ``--image-size``; the reference by its
  own plain loop;
- ``mfu``: flops_per_step x steps/s / ``matmul_gflops``, the fp32 (CPU) or bf16 (GPU) rate of a
  2048 x 2048 matrix multiply measured in the same run (the best of three measurements, one before
  each model and one at the end), as issue 17 defines it; ``mfu_dense``: the same against
  ``dense_gflops``, the best of that rate and of the same FLOPs done as a 1 x 1 convolution
  (:func:`dense_gflops`), which is the distance to what this machine can do where the matmul
  library is the slower of the two;
- for the app's model, ``probes``: what the live grid, the quality probe and a checkpoint cost
  each (ms) and as a share of training time at the default cadence.

``default`` is the preset ``auto`` picks for the sample on the device; ``reference`` is the plain
conditional DCGAN of ``benchmarks/plain_dcgan.py``. ``--compile`` adds the default model with
``torch.compile`` (about 40 s of compiling on 2 CPU cores); ``--nchw`` adds it (and, with
``--compile``, its compiled version) with ``channels_last`` off, so one run shows what each of the
two does. ``--ceiling`` adds, for each model, the rate its counted ops reach alone: the matmuls
and convolutions of one step, recorded and replayed on fresh tensors of the same layout by
``op_ceiling.py``; ``ceiling_mfu`` = that rate / ``matmul_gflops`` bounds ``mfu`` from above,
whatever the loop does around those ops. Run it alone (under the shared CPU lock).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import op_ceiling  # noqa: E402
import torch  # noqa: E402
from plain_dcgan import PlainDCGAN  # noqa: E402
from torch.utils.flop_counter import FlopCounterMode  # noqa: E402

from engine.config import RunConfig  # noqa: E402
from engine.data.sample import load_sample  # noqa: E402
from engine.device import pick_device, set_threads  # noqa: E402
from engine.models import layout  # noqa: E402
from engine.models.registry import ModelArgs, get_model  # noqa: E402
from engine.runs.checkpoint import save_checkpoint  # noqa: E402
from engine.train import accel  # noqa: E402
from engine.train.grid import sample_grid  # noqa: E402
from engine.train.presets import apply_preset  # noqa: E402
from engine.train.quality import QualityProbe  # noqa: E402
from engine.train.trainer import GRID_PER_CLASS, train  # noqa: E402


def matmul_gflops(device: torch.device, n: int = 2048, seconds: float = 2.0) -> float:
    """GFLOP/s of an n x n matrix multiply: fp32 on the CPU, bf16 on a GPU."""
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    a = torch.randn(n, n, device=device, dtype=dtype)
    b = torch.randn(n, n, device=device, dtype=dtype)
    for _ in range(3):
        a @ b
    _sync(device)
    count, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for _ in range(10 if device.type == "cuda" else 1):
            a @ b
            count += 1
        _sync(device)
    return count * 2 * n**3 / (time.perf_counter() - t0) / 1e9


def dense_gflops(device: torch.device, n: int = 2048, seconds: float = 2.0) -> float:
    """GFLOP/s of the same 2 n^3 FLOPs as a 1 x 1 convolution (oneDNN on the CPU, cuDNN on a GPU).

    The same arithmetic as the matmul, by the library that runs the models' convolutions: on some
    CPUs (an AMD EPYC here, where torch's fp32 matmul goes through oneMKL) it is much faster, so the
    matmul alone would understate what the machine can do.
    """
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    x = torch.randn(1, n, 32, n // 32, device=device, dtype=dtype).contiguous(  # (1, n, 32, 64): n pixels
        memory_format=torch.channels_last)
    w = torch.randn(n, n, 1, 1, device=device, dtype=dtype).contiguous(memory_format=torch.channels_last)
    conv = torch.nn.functional.conv2d
    for _ in range(3):
        conv(x, w)
    _sync(device)
    count, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for _ in range(10 if device.type == "cuda" else 1):
            conv(x, w)
            count += 1
        _sync(device)
    return count * 2 * n**3 / (time.perf_counter() - t0) / 1e9


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def build(cfg: RunConfig, data, device: torch.device):
    """Networks and optimisers exactly as the trainer builds them."""
    mc, tc = cfg.model, cfg.train
    spec = get_model(mc.name)
    args = ModelArgs.from_config(mc, data.num_classes, data.channels, data.image_size)
    nets = {k: m.to(device) for k, m in spec.build(args).items()}
    layout.to_memory_format(nets, device)
    lr = tc.lr or spec.default_lr
    optims = {k: accel.make_adam(nets[k].parameters(), lr, (tc.beta1, 0.999), device)
              for k in spec.trained}
    return spec, nets, optims


def count_flops(fn) -> int:
    """FLOPs of the matmuls and convolutions ``fn()`` runs, forward and backward."""
    with FlopCounterMode(display=False) as counter:
        fn()
    return counter.get_total_flops()


def default_config(args, data, device: torch.device) -> tuple[RunConfig, str]:
    """The config the real loop trains the default model with (probes off), and the preset's name."""
    cfg = RunConfig()
    preset = apply_preset(cfg, "auto", len(data), data.image_size, device.type)
    cfg.train.threads, cfg.train.device = args.threads, device.type
    cfg.train.sample_every = 10**9  # the loop alone; probes are costed separately
    cfg.train.quality_every, cfg.train.checkpoint_every, cfg.train.checkpoint_minutes = 0, 0, 0.0
    return cfg, preset


def default_net(cfg: RunConfig) -> str:
    return f"{cfg.model.name} width {cfg.model.width} {cfg.model.conditioning}"


def default_step(cfg: RunConfig, data, device: torch.device):
    """One training step of the default model (fresh networks, the first batch), as a closure."""
    spec, nets, optims = build(cfg, data, device)
    x = data.images[: cfg.train.batch_size].to(device).float() / 255  # (B, C, H, W)
    y = data.labels[: cfg.train.batch_size].to(device)
    precision = accel.Precision.for_device(device, cfg.train.precision)

    def one_step():
        with precision.autocast():
            spec.step(nets, optims, x, y, step=0, config=cfg, report=lambda name, value: None)

    return one_step


def default_flops(cfg: RunConfig, data, device: torch.device) -> int:
    return count_flops(default_step(cfg, data, device))


def probe_costs(cfg: RunConfig, data, device: torch.device, step_s: float) -> dict:
    """Milliseconds per live grid, quality measurement and checkpoint; share at the default cadence."""
    spec, nets, optims = build(cfg, data, device)
    tc = RunConfig().train  # the default cadence
    z = torch.randn(data.num_classes * GRID_PER_CLASS, cfg.model.latent_dim, device=device)
    y = torch.arange(data.num_classes, device=device).repeat_interleave(GRID_PER_CLASS)

    def timed(fn, repeat: int) -> float:
        fn()
        _sync(device)
        t0 = time.perf_counter()
        for _ in range(repeat):
            fn()
        _sync(device)
        return (time.perf_counter() - t0) / repeat * 1000

    grid_ms = timed(lambda: sample_grid(spec, nets, z, y, GRID_PER_CLASS), 5)
    t0 = time.perf_counter()
    probe = QualityProbe(data.images.to(device), data.labels.to(device), data.num_classes,
                         cfg.model.latent_dim, device, 0)
    judge_s = time.perf_counter() - t0
    quality_ms = timed(lambda: probe.measure(spec, nets), 3)
    with tempfile.TemporaryDirectory() as tmp:
        payload = {"nets": {k: m.state_dict() for k, m in nets.items()},
                   "optims": {k: o.state_dict() for k, o in optims.items()}}
        ckpt_ms = timed(lambda: save_checkpoint(Path(tmp) / "c.pt", payload), 3)
    step_ms = step_s * 1000
    share = {"grid": grid_ms / (tc.sample_every * step_ms),
             "quality": quality_ms / (tc.quality_every * step_ms),
             "checkpoint": ckpt_ms / (tc.checkpoint_every * step_ms)}
    return {"grid_ms": round(grid_ms, 1), "quality_ms": round(quality_ms, 1),
            "quality_judge_s": round(judge_s, 2), "checkpoint_ms": round(ckpt_ms, 1),
            "every": {"grid": tc.sample_every, "quality": tc.quality_every,
                      "checkpoint": tc.checkpoint_every},
            "share_of_training": {k: round(v, 4) for k, v in share.items()},
            "total_share": round(sum(share.values()), 4)}


def run_default(args, data, device, compiled: bool = False, channels_last: bool = True) -> dict:
    """The default model in the real loop; ``channels_last`` False runs it in NCHW instead."""
    saved = dict(layout.CHANNELS_LAST)
    layout.CHANNELS_LAST[device.type] = channels_last and saved.get(device.type, False)
    try:
        return _run_default(args, data, device, compiled, channels_last)
    finally:
        layout.CHANNELS_LAST.clear()
        layout.CHANNELS_LAST.update(saved)


def _run_default(args, data, device, compiled: bool, channels_last: bool) -> dict:
    cfg, preset = default_config(args, data, device)
    cfg.train.compile = "on" if compiled else "off"
    flops = default_flops(cfg, data, device)
    with tempfile.TemporaryDirectory() as tmp:
        warm = RunConfig.from_dict(cfg.to_dict())
        warm.train.steps = 40 if compiled else 5  # kernels chosen, memory allocated (and compiled)
        t0 = time.perf_counter()
        train(warm, data, Path(tmp) / "warm")
        warm_s = time.perf_counter() - t0
        cfg.train.minutes = args.seconds / 60
        result = train(cfg, data, Path(tmp) / "run")
    steps_per_s = result.step / result.elapsed_s
    name = "default" + (" compiled" if compiled else "") + ("" if channels_last else " nchw")
    out = {"model": name, "preset": preset, "channels_last": layout.CHANNELS_LAST.get(device.type, False),
           "net": default_net(cfg),
           "batch_size": cfg.train.batch_size, "steps": result.step,
           "flops_per_step": flops, "mflop_per_image": round(flops / cfg.train.batch_size / 1e6, 1),
           "images_per_s": result.images_per_s, "ms_per_step": round(1000 / steps_per_s, 2),
           "achieved_gflops": round(flops * steps_per_s / 1e9, 1)}
    if compiled:
        out["compile_and_warmup_s"] = round(warm_s, 1)
    elif channels_last:
        out["probes"] = probe_costs(cfg, data, device, 1 / steps_per_s)
    return out


REFERENCE_NET = "plain conditional DCGAN (benchmarks/plain_dcgan.py)"
REFERENCE_BATCH = 64


def reference_step(data, device: torch.device):
    """One training step of the plain DCGAN on a random batch, as a closure (a new one each call)."""
    torch.manual_seed(0)
    ref = PlainDCGAN(data.num_classes, data.channels, data.image_size, device=device)
    gen = torch.Generator().manual_seed(0)
    images, labels = data.images.to(device), data.labels.to(device)

    def one_step():
        idx = torch.randint(0, len(images), (REFERENCE_BATCH,), generator=gen).to(device)
        ref.step(images[idx].float() / 127.5 - 1, labels[idx])

    return one_step


def run_reference(args, data, device) -> dict:
    batch = REFERENCE_BATCH
    one_step = reference_step(data, device)
    flops = count_flops(one_step)
    for _ in range(5):
        one_step()
    _sync(device)
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < args.seconds:
        one_step()
        steps += 1
    _sync(device)
    steps_per_s = steps / (time.perf_counter() - t0)
    return {"model": "reference", "net": REFERENCE_NET,
            "batch_size": batch, "steps": steps, "flops_per_step": flops,
            "mflop_per_image": round(flops / batch / 1e6, 1),
            "images_per_s": round(steps_per_s * batch, 1), "ms_per_step": round(1000 / steps_per_s, 2),
            "achieved_gflops": round(flops * steps_per_s / 1e9, 1)}


def run_ceiling(args, data, device, model: str) -> dict:
    """The counted ops of one step of ``model`` ("default" or "reference") replayed alone."""
    if model == "default":
        cfg, _ = default_config(args, data, device)
        step = default_step(cfg, data, device)
        net, batch = default_net(cfg), cfg.train.batch_size
    else:
        step, net, batch = reference_step(data, device), REFERENCE_NET, REFERENCE_BATCH
    ops, counted = op_ceiling.record(step)
    if sum(op.flops for op in ops) != counted:  # the replay would not be the counted work
        raise RuntimeError(f"recorded {sum(op.flops for op in ops)} FLOPs, FlopCounterMode {counted}")
    ceiling = op_ceiling.replay(ops, args.ceiling_passes, sync=lambda: _sync(device))
    return {"model": f"{model} ceiling", "net": net, "batch_size": batch,
            "channels_last": layout.CHANNELS_LAST.get(device.type, False) if model == "default" else False,
            "flops_per_step": counted, "passes": args.ceiling_passes, **ceiling}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="8 s per model (make bench)")
    p.add_argument("--seconds", type=float, default=20.0, help="training time per model")
    p.add_argument("--image-size", type=int, default=28)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cpu")
    p.add_argument("--models", default="default,reference")
    p.add_argument("--compile", action="store_true", help="also the default model compiled")
    p.add_argument("--nchw", action="store_true",
                   help="also the default model (and compiled, with --compile) without channels_last")
    p.add_argument("--ceiling", action="store_true",
                   help="also each model's counted ops replayed alone (op_ceiling.py): ceiling_mfu")
    p.add_argument("--ceiling-passes", type=int, default=20, help="replays of the ops (best time each)")
    args = p.parse_args()
    if args.quick:
        args.seconds = 8.0
    set_threads(args.threads)
    device = pick_device(args.device)
    data = load_sample(args.image_size)
    runs = {"default": lambda: run_default(args, data, device),
            "reference": lambda: run_reference(args, data, device)}
    runs["default_compiled"] = lambda: run_default(args, data, device, compiled=True)
    runs["default_nchw"] = lambda: run_default(args, data, device, channels_last=False)
    runs["default_compiled_nchw"] = lambda: run_default(args, data, device, True, False)
    names = args.models.split(",") + (["default_nchw"] if args.nchw else [])
    names += (["default_compiled"] if args.compile else [])
    names += (["default_compiled_nchw"] if args.compile and args.nchw else [])
    for model in ("default", "reference"):
        runs[f"{model}_ceiling"] = lambda model=model: run_ceiling(args, data, device, model)
    if args.ceiling:
        names += [f"{m}_ceiling" for m in args.models.split(",") if m in ("default", "reference")]
    rates, dense, results = [], [], []
    for name in names:
        rates.append(matmul_gflops(device))
        dense.append(dense_gflops(device))
        results.append(runs[name]())
    rates.append(matmul_gflops(device))
    dense.append(dense_gflops(device))
    peak, best = max(rates), max(*rates, *dense)
    for r in results:
        line = {"benchmark": "train_throughput", "device": str(device), "threads": args.threads,
                "torch": torch.__version__, "image_size": args.image_size, **r,
                "matmul_gflops": round(peak, 1), "matmul_gflops_runs": [round(x, 1) for x in rates],
                "dense_gflops": round(best, 1), "conv1x1_gflops_runs": [round(x, 1) for x in dense],
                "matmul_dtype": "bf16" if device.type == "cuda" else "fp32"}
        if "ceiling_gflops" in r:
            line = op_ceiling.relative_to(line, peak)  # ceiling_mfu and each kind's share
            line["ceiling_mfu_dense"] = round(r["ceiling_gflops"] / best, 3)
        else:
            line["mfu"] = round(r["achieved_gflops"] / peak, 3)
            line["mfu_dense"] = round(r["achieved_gflops"] / best, 3)
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
