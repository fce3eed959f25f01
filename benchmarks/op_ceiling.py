"""How fast the FLOP-counted operations of one training step run alone: an upper bound on MFU.

``FlopCounterMode`` counts only matmuls and convolutions (``torch.utils.flop_counter.flop_registry``).
:func:`record` logs every such operation one step executes: the aten op, its arguments, the
shape, strides and dtype of each tensor, its FLOPs by the counter's own formula. :func:`replay`
runs them again, alone, on fresh random tensors of the same layout (channels_last stays
channels_last), in the step's order, each op twice in a row with the second call timed (warm
caches, oneDNN's primitive already built), ``passes`` times, and keeps each op's best time.
Counted FLOPs / the sum of those times is the rate the counted work reaches by itself on this
machine with this torch build; a training loop, whatever it does around these ops (element-wise
work, the optimiser, Python), cannot beat it. Used by ``train_throughput.py --ceiling``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils.flop_counter import FlopCounterMode, flop_registry

aten = torch.ops.aten
# The op kinds of the breakdown; a counted op not listed here (attention) goes to "other".
KINDS = {aten.convolution: "conv_forward", aten._convolution: "conv_forward",
         aten.convolution_backward: "conv_backward",
         aten.mm: "mm", aten.addmm: "mm", aten.bmm: "mm", aten.baddbmm: "mm"}  # linear layers, fwd + bwd
TOP = 5  # the most time-consuming distinct ops listed in the result


class TensorSpec(NamedTuple):
    """Everything of a recorded tensor but its values."""

    shape: tuple[int, ...]
    stride: tuple[int, ...]
    dtype: torch.dtype
    device: torch.device

    @classmethod
    def of(cls, t: torch.Tensor) -> TensorSpec:
        return cls(tuple(t.shape), tuple(t.stride()), t.dtype, t.device)

    def fresh(self) -> torch.Tensor:
        """Random values in the same shape and strides (channels_last, a transposed weight)."""
        if not all(self.shape):
            return torch.empty_strided(self.shape, self.stride, dtype=self.dtype, device=self.device)
        extent = 1 + sum((n - 1) * s for n, s in zip(self.shape, self.stride, strict=True))
        return torch.randn(extent, dtype=self.dtype, device=self.device).as_strided(self.shape, self.stride)


def _specs(value):
    """``value`` (args or kwargs) with each tensor replaced by its :class:`TensorSpec`."""
    if isinstance(value, torch.Tensor):
        return TensorSpec.of(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_specs(v) for v in value)
    if isinstance(value, dict):
        return {k: _specs(v) for k, v in value.items()}
    return value


def _fresh(value, made: dict):
    """``value`` with each :class:`TensorSpec` made into a random tensor (one per distinct spec)."""
    if isinstance(value, TensorSpec):
        if value not in made:
            made[value] = value.fresh()
        return made[value]
    if isinstance(value, (list, tuple)):
        return type(value)(_fresh(v, made) for v in value)
    if isinstance(value, dict):
        return {k: _fresh(v, made) for k, v in value.items()}
    return value


@dataclass
class Op:
    """One counted operation of the step, as recorded."""

    func: Any  # the aten OpOverload, e.g. aten.convolution_backward.default
    args: tuple  # tensors as TensorSpec
    kwargs: dict
    flops: int

    @property
    def kind(self) -> str:
        return KINDS.get(self.func.overloadpacket, "other")

    @property
    def label(self) -> str:
        """Kind and tensor shapes, e.g. ``conv_backward (64,32,14,14) (64,64,28,28) (32,64,4,4)``."""
        shapes = [a.shape for a in self.args if isinstance(a, TensorSpec)]
        if self.kind == "conv_forward" and self.args[6]:  # transposed
            return "conv_transpose_forward " + " ".join(str(s).replace(" ", "") for s in shapes)
        return self.kind + " " + " ".join(str(s).replace(" ", "") for s in shapes)


class _Recorder(TorchDispatchMode):
    """Logs each op that ``FlopCounterMode`` would count, with the same decomposition rule."""

    def __init__(self) -> None:
        super().__init__()
        self.ops: list[Op] = []

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if func is not torch.ops.prim.device.default:  # as FlopCounterMode: split composite ops first
            with self:
                out = func.decompose(*args, **kwargs)
            if out is not NotImplemented:
                return out
        out = func(*args, **kwargs)
        formula = flop_registry.get(func.overloadpacket)
        if formula is not None:
            self.ops.append(Op(func, _specs(args), _specs(kwargs), formula(*args, **kwargs, out_val=out)))
        return out


def record(step: Callable[[], None]) -> tuple[list[Op], int]:
    """The counted ops ``step()`` executes, in order, and ``FlopCounterMode``'s total for the same call.

    The two totals agree when the recording is complete (the caller checks).
    """
    with FlopCounterMode(display=False) as counter, _Recorder() as recorder:
        step()
    return recorder.ops, counter.get_total_flops()


@torch.no_grad()
def replay(ops: list[Op], passes: int, sync: Callable[[], None] = lambda: None) -> dict:
    """Time ``ops`` alone on fresh tensors; the best time of each op over ``passes`` passes.

    Returns ``ceiling_ms_per_step`` (the sum of the best times), ``median_pass_ms`` (the median
    over passes of the same sum, for the noise), ``in_step_order_ms`` (the median sum of the
    first calls, each op once in the step's order with its inputs cold: the plain replay, after
    the first pass), ``ceiling_gflops`` (counted FLOPs / ``ceiling_ms_per_step``), a breakdown by
    kind and the :data:`TOP` most time-consuming distinct ops.
    """
    made: dict = {}
    calls = [(op.func, _fresh(op.args, made), _fresh(op.kwargs, made)) for op in ops]
    best = [float("inf")] * len(ops)
    warm_ms, first_ms = [], []  # per pass: sums of the second (warm) and of the first calls
    for _ in range(passes):
        warm = first = 0.0
        for i, (func, args, kwargs) in enumerate(calls):
            times = []
            for _ in range(2):  # the first call comes in step order, the second finds its inputs warm
                sync()
                t0 = time.perf_counter()
                func(*args, **kwargs)
                sync()
                times.append(time.perf_counter() - t0)
            best[i] = min(best[i], times[1])
            warm, first = warm + times[1], first + times[0]
        warm_ms.append(warm * 1000)
        first_ms.append(first * 1000)
    return _summary(ops, best, warm_ms, first_ms[1:] or first_ms)  # pass 1 builds the primitives


def _summary(ops: list[Op], best: list[float], warm_ms: list[float], first_ms: list[float]) -> dict:
    flops, seconds = sum(op.flops for op in ops), sum(best)
    kinds: dict[str, dict] = {}
    labels: dict[str, dict] = {}
    for op, s in zip(ops, best, strict=True):
        for table, key in ((kinds, op.kind), (labels, op.label)):
            row = table.setdefault(key, {"ops": 0, "flops": 0, "s": 0.0})
            row["ops"] += 1
            row["flops"] += op.flops
            row["s"] += s

    def rates(row: dict) -> dict:
        return {"ops": row["ops"], "gflop": round(row["flops"] / 1e9, 3), "ms": round(row["s"] * 1000, 2),
                "gflops": round(row["flops"] / row["s"] / 1e9, 1)}

    top = sorted(labels.items(), key=lambda kv: -kv[1]["s"])[:TOP]
    return {"ops": len(ops), "distinct_ops": len(labels), "gflop_per_step": round(flops / 1e9, 3),
            "ceiling_ms_per_step": round(seconds * 1000, 2),
            "median_pass_ms": round(statistics.median(warm_ms), 2),
            "in_step_order_ms": round(statistics.median(first_ms), 2),
            "ceiling_gflops": round(flops / seconds / 1e9, 1),
            "by_kind": {k: rates(row) for k, row in sorted(kinds.items())},
            "slowest": [{"op": label, **rates(row)} for label, row in top]}


def relative_to(result: dict, matmul_gflops: float) -> dict:
    """``result`` of :func:`replay` with each rate also as a share of the matmul rate."""
    def add(row: dict) -> dict:
        return {**row, "of_matmul": round(row["gflops"] / matmul_gflops, 3)}

    return {**result, "ceiling_mfu": round(result["ceiling_gflops"] / matmul_gflops, 3),
            "by_kind": {k: add(row) for k, row in result["by_kind"].items()},
            "slowest": [add(row) for row in result["slowest"]]}
