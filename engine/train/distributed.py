"""Training on several processes, GPUs or machines: ``torchrun`` + DistributedDataParallel.

``torchrun --nproc_per_node N main.py train ...`` starts N copies of the same command and tells each
who it is through the environment (``RANK``, ``WORLD_SIZE``, ``LOCAL_RANK``, ``MASTER_ADDR``...).
:func:`setup` reads it and joins the process group: NCCL when the processes train on CUDA GPUs
(one GPU each, ``cuda:LOCAL_RANK``), Gloo on the CPU. Everything else is the one code path of
:class:`Distributed`, whose methods the trainer calls at a handful of points; in a single process
(no ``torchrun``, or the GUI) each of them is a no-op, so a plain run is bit-for-bit what it was.

What changes with N processes (N = the world size):

- Each process draws its batches from its own shard of the in-memory dataset (every N-th image of
  a class-balanced shuffle) with a generator seeded for its rank; ``--batch-size`` is per process,
  so the global batch is N times larger, and that is what the log and the results report.
- The trained networks are wrapped in ``DistributedDataParallel``: gradients are averaged over all
  processes during ``backward``, so every optimiser step, and hence every weight, is the same in all
  of them. Batch norm in those networks becomes :class:`SyncBatchNorm` (statistics of the global
  batch, as one process with the global batch would compute). Buffers (batch-norm running
  statistics, the power-iteration vectors of spectral norm) are broadcast from rank 0 before each
  forward pass, so spectral norm divides by the same sigma everywhere. The generator's moving
  average is updated from the synchronised weights after the step, so it is identical too.
- Only rank 0 writes: checkpoints, metrics, samples, the log, the status. Metrics are averaged over
  all processes before they are written. Checkpoints hold the weights once and every rank's random
  generator states, so a run resumes in any number of processes: ranks that have a saved state
  continue it, new ranks get a fresh stream seeded from (seed, rank, step).
- Decisions that depend on the clock (the minutes budget, a checkpoint every few minutes) and stop
  requests are taken by rank 0 and broadcast, so every process leaves the loop at the same step; a
  NaN anywhere is seen everywhere (the finite check sums over all processes), so all roll back
  together.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from engine.device import pick_device
from engine.errors import UserError
from engine.runs import RunFolder
from engine.runs.checkpoint import CheckpointStore
from engine.train import rng
from engine.train.sync_batch_norm import use_sync_batch_norm

# The variables torchrun sets for every process it starts.
ENV_KEYS = ("RANK", "WORLD_SIZE", "LOCAL_RANK", "LOCAL_WORLD_SIZE")


@dataclass(frozen=True)
class Distributed:
    """Who this process is among those training together, and the few things that differ.

    The default instance is a single process that is not part of any process group.
    """

    rank: int = 0
    world_size: int = 1
    local_rank: int = 0  # index of this process on its machine: picks the GPU
    local_world_size: int = 1  # processes on this machine: share its CPU cores
    backend: str = ""  # "nccl" or "gloo" once the process group is joined; "" for one process

    @property
    def enabled(self) -> bool:
        """True when launched by torchrun and joined to a process group (even of one process)."""
        return bool(self.backend)

    @property
    def is_main(self) -> bool:
        """Rank 0: the only process that writes the run folder and talks to the user."""
        return self.rank == 0

    # ------------------------------------------------------------------ set-up
    def device(self, name: str) -> torch.device:
        """The device of this process: ``cuda:LOCAL_RANK`` with NCCL, the CPU with Gloo."""
        if not self.enabled:
            return pick_device(name)
        if self.backend == "nccl":
            return torch.device("cuda", self.local_rank)
        return torch.device("cpu")

    def threads(self, requested: int) -> int:
        """CPU threads for this process: ``requested``, else OMP_NUM_THREADS (torchrun sets 1),
        else this machine's cores shared among its processes."""
        if requested > 0 or not self.enabled:
            return requested
        omp = os.environ.get("OMP_NUM_THREADS", "")
        if omp.isdigit() and int(omp) > 0:
            return int(omp)
        return max(1, (os.cpu_count() or 1) // self.local_world_size)

    def run_folder(self, path: Path) -> RunFolder:
        """The run folder for rank 0; a :class:`FollowerRunFolder` that never writes for the others."""
        return RunFolder(path) if self.is_main else FollowerRunFolder(path)

    def shard(self, labels: torch.Tensor, seed: int) -> torch.Tensor:
        """Indices of the images this process samples its batches from, (N_rank,).

        One process: all of them, in order. N processes: the images shuffled with ``seed`` (the
        same on every rank), ordered class by class, and dealt out like cards, so the shards are
        disjoint, cover the dataset, and hold every class in the same proportion.
        """
        n = len(labels)
        if self.world_size == 1:
            return torch.arange(n)
        if n < self.world_size:
            raise UserError(f"{n} training images cannot be shared among {self.world_size} processes")
        order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))  # (N,)
        order = order[torch.argsort(labels[order], stable=True)]  # class by class, shuffled within
        return order[self.rank::self.world_size].sort().values

    def seed_rank(self, seed: int, batch_gen: torch.Generator, step: int = 0) -> None:
        """Give ranks other than 0 their own batches, noise and augmentations (rank 0 keeps ``seed``).

        Called after the networks are built, so every rank starts from the same weights.
        """
        if self.rank == 0:
            return
        s = _rank_seed(seed, self.rank, step)
        torch.manual_seed(s)
        np.random.seed(s % 2**32)
        batch_gen.manual_seed(s + 1)

    def wrap(self, nets: dict[str, nn.Module], trained: tuple[str, ...]) -> dict[str, nn.Module]:
        """The networks the training step should call: trained ones under DistributedDataParallel.

        Batch norm in the trained networks is switched to :class:`SyncBatchNorm` in place (the
        same parameter and buffer objects, so optimisers and state-dict keys are unchanged). The
        others (the generator's moving average) stay plain: they are never trained, only copied.
        """
        if not self.enabled:
            return nets
        wrapped = dict(nets)
        for key in trained:
            use_sync_batch_norm(nets[key])
            device_ids = [self.local_rank] if self.backend == "nccl" else None
            wrapped[key] = DistributedDataParallel(nets[key], device_ids=device_ids,
                                                   broadcast_buffers=True)
        return wrapped

    # ------------------------------------------------------------------ agreeing
    def agree(self, *flags: bool) -> tuple[bool, ...]:
        """Rank 0's values of ``flags`` on every rank (for decisions that read the clock)."""
        if not self.enabled:
            return flags
        t = torch.tensor([float(f) for f in flags], device=self._comm_device())
        dist.broadcast(t, src=0)
        return tuple(bool(v) for v in t.tolist())

    def broadcast(self, obj):
        """Rank 0's ``obj`` (any picklable value) on every rank."""
        if not self.enabled:
            return obj
        box = [obj if self.is_main else None]
        dist.broadcast_object_list(box, src=0, device=self._comm_device())
        return box[0]

    def latest_checkpoint(self, store: CheckpointStore) -> tuple[Path, dict] | None:
        """The newest loadable checkpoint, read by rank 0 and sent to the others.

        The other ranks need no access to the run folder (nodes without a shared file system).
        """
        return self.broadcast(store.latest() if self.is_main else None)

    def sync_metrics(self, reporter) -> None:
        """Turn the reporter's pending sums into sums over every process (before a flush).

        A metric reported by some ranks only (a quality probe on rank 0) is averaged over the
        ranks that reported it.
        """
        if not self.enabled:
            return
        states = [None] * self.world_size
        dist.all_gather_object(states, _plain(reporter.state_dict()))
        sums: dict[str, float] = {}
        counts: dict[str, int] = {}
        for state in states:
            for k, v in state["sums"].items():
                sums[k] = sums.get(k, 0.0) + v
                counts[k] = counts.get(k, 0) + state["counts"].get(k, 0)
        reporter.load_state_dict({"sums": sums, "counts": counts})

    # ------------------------------------------------------------------ checkpoints
    def checkpoint_extras(self, batch_gen: torch.Generator) -> dict:
        """What a checkpoint needs beyond one process's state: every rank's generators."""
        if not self.enabled:
            return {}
        states = [None] * self.world_size
        dist.all_gather_object(states, rng.capture(batch_gen))
        return {"world_size": self.world_size, "rng_ranks": states}

    def restore_rng(self, payload: Mapping, batch_gen: torch.Generator, seed: int) -> None:
        """Put this rank's generators back as the checkpoint saved them.

        A rank the checkpoint has a state for continues it (rank 0 from a one-process run, every
        rank when the world size is unchanged); a rank it has none for starts a fresh stream
        seeded from (seed, rank, step), so no two ranks draw the same batches.
        """
        states = payload.get("rng_ranks") or [payload["rng"]]
        if self.rank < len(states):
            rng.restore(states[self.rank], batch_gen)
        else:
            self.seed_rank(seed, batch_gen, step=int(payload["step"]) + 1)

    def _comm_device(self) -> torch.device:
        return torch.device("cuda", self.local_rank) if self.backend == "nccl" else torch.device("cpu")


SINGLE = Distributed()
_current: Distributed = SINGLE


def from_env(environ: Mapping[str, str] | None = None) -> tuple[int, int, int, int] | None:
    """(rank, world size, local rank, local world size) set by torchrun, or None without it."""
    env = os.environ if environ is None else environ
    if "WORLD_SIZE" not in env or "RANK" not in env:
        return None
    values = []
    for key in ENV_KEYS:
        raw = env.get(key, "0" if key == "LOCAL_RANK" else env.get("WORLD_SIZE", "1"))
        if not raw.strip().isdigit():
            raise UserError(f"Environment variable {key}={raw!r} is not a number: start the "
                            "run with torchrun (see README, 'Training on several GPUs and machines')")
        values.append(int(raw))
    rank, world, local_rank, local_world = values
    if world < 1 or rank >= world:
        raise UserError(f"RANK={rank} does not fit WORLD_SIZE={world}")
    return rank, world, local_rank, local_world


def setup(device: str = "auto", environ: Mapping[str, str] | None = None) -> Distributed:
    """Join the process group torchrun prepared; a single process without torchrun.

    ``device`` is the ``--device`` option: "auto" or "cuda" with CUDA available trains on GPU
    ``LOCAL_RANK`` over NCCL; "cpu" (or no GPU) on the CPU over Gloo. Apple's MPS has no
    collective backend and is refused.
    """
    global _current
    found = from_env(environ)
    if found is None:
        _current = SINGLE
        return SINGLE
    rank, world, local_rank, local_world = found
    if device == "mps":
        raise UserError("--device mps cannot train in several processes: use cuda or cpu with torchrun")
    use_cuda = device == "cuda" or (device == "auto" and torch.cuda.is_available())
    if use_cuda:
        if not torch.cuda.is_available():
            raise UserError("Device 'cuda' was requested but no CUDA GPU is available (try --device cpu)")
        if local_rank >= torch.cuda.device_count():
            raise UserError(f"LOCAL_RANK {local_rank} has no GPU: this machine has "
                            f"{torch.cuda.device_count()}; use --nproc_per_node at most that")
        torch.cuda.set_device(local_rank)
    backend = "nccl" if use_cuda else "gloo"
    if not dist.is_initialized():
        dist.init_process_group(backend=backend, init_method="env://")
    _current = Distributed(rank, world, local_rank, local_world, backend)
    return _current


def current() -> Distributed:
    """The context :func:`setup` made (a single process when it was not called)."""
    return _current if dist.is_available() and dist.is_initialized() else SINGLE


def teardown() -> None:
    """Leave the process group (after the last collective of the run)."""
    global _current
    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()
    _current = SINGLE


def unwrap(net: nn.Module) -> nn.Module:
    """The network inside a DistributedDataParallel wrapper (or ``net`` itself)."""
    return net.module if isinstance(net, DistributedDataParallel) else net


class FollowerRunFolder(RunFolder):
    """The run folder as a rank other than 0 sees it: it reads nothing and writes nothing.

    Rank 0 owns the folder; the others get its checkpoint through :meth:`Distributed.broadcast`,
    so they work on machines that cannot see the folder at all.
    """

    @property
    def store(self) -> CheckpointStore:
        return _FollowerStore(self.path)

    def prepare(self, allow_existing: bool, source=None) -> None:
        """Nothing to create: rank 0 checks and creates the folder."""

    def lock(self) -> contextlib.nullcontext:
        """Rank 0 holds the training lock for all the processes of the run."""
        return contextlib.nullcontext()

    def open_events(self, purge_step: int | None = None) -> _NoEvents:
        """Rank 0 writes the TensorBoard events."""
        return _NoEvents()

    def log(self, message: str) -> None:
        """Rank 0 keeps the log."""

    def write_config(self, config, data) -> None:
        """Rank 0 writes config.json and dataset.json."""

    def write_status(self, **status) -> None:
        """Rank 0 writes status.json."""

    def save_grid(self, grid, step: int) -> Path:
        """Rank 0 saves the sample grids."""
        return self.samples_dir / f"step_{step:06d}.png"

    @property
    def metrics_path(self) -> None:  # type: ignore[override]
        """No metrics.csv: the reporter of this rank only averages (rank 0 writes the rows)."""
        return None


class _NoEvents:
    """The TensorBoard writer of a rank other than 0: every call does nothing."""

    def scalars(self, step: int, values: dict[str, float]) -> None:
        pass

    def image(self, name: str, step: int, grid) -> None:
        pass

    def close(self) -> None:
        pass


class _FollowerStore(CheckpointStore):
    """Checkpoints of a rank other than 0: never written, never pruned, never read."""

    def save(self, payload: dict, step: int, score: float | None = None) -> Path:
        return self.folder / self.name(step)

    def clean_stale(self) -> list[Path]:
        return []

    def latest(self) -> tuple[Path, dict] | None:
        return None


def _rank_seed(seed: int, rank: int, step: int) -> int:
    """A seed for (seed, rank, step) that no other triple shares in practice (NumPy SeedSequence)."""
    return int(np.random.SeedSequence([seed, rank, step]).generate_state(1, np.uint64)[0] >> 1)


def _plain(state: dict) -> dict:
    """A reporter state with Python floats (tensors may live on a GPU)."""
    return {"sums": {k: float(v) for k, v in state["sums"].items()}, "counts": dict(state["counts"])}
