"""The training loop: a plain function with ``progress``, ``should_stop`` and ``is_paused`` hooks.

It never knows who is watching: the CLI draws a terminal bar from the progress reports, the GUI
turns them into Qt signals. A stop request is checked before every step, so it takes effect within
one step; the run then ends with a checkpoint like any other.

Faults are caught here and handled outside the ``except`` blocks (:mod:`engine.train.rollback`): a
NaN or infinite loss or gradient (the optimiser skips that update) rolls back to the last good
checkpoint with half the learning rate; an out-of-memory error halves the batch.

Under ``torchrun`` the same loop runs in every process; the few points where that matters call
``self.dist`` (:mod:`engine.train.distributed`), which does nothing in a single process.

The loop never makes the host wait for the device in a step: losses stay tensors until the
reporter drains them, and the non-finite flags stay on the device until :meth:`_Loop._sync` reads
both, a few times a second (:data:`SYNC_S`) and before every probe, grid and checkpoint (on the
CPU, where reading waits for nothing, at every logged row). The fast
path itself (fused Adam, autocast, torch.compile, memory layout) is chosen in
:mod:`engine.train.accel`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

from engine.config import RunConfig
from engine.data.dataset import ImageSet
from engine.device import set_threads
from engine.models.faults import MIN_BATCH, NonFiniteError, StepGuard, is_out_of_memory
from engine.models.layout import to_memory_format
from engine.models.registry import ModelArgs, get_model
from engine.train import accel, distributed
from engine.train.grid import sample_grid
from engine.train.progress import TrainingFault, TrainProgress, TrainResult
from engine.train.quality import QUALITY_METRICS, QualityProbe
from engine.train.reporter import Reporter
from engine.train.rollback import CheckpointedLoop

__all__ = ["TrainProgress", "TrainResult", "TrainingFault", "train"]

log = logging.getLogger(__name__)
GRID_PER_CLASS = 8  # columns of the live sample grid (one row per class)
GRID_MAX_CLASSES = 16  # rows shown; more classes would make each cell too small to read
SYNC_S = 0.25  # seconds between reads of losses and fault flags from the device
# Device types whose rows are read as soon as they are logged (every log_every steps): on the CPU
# a "read back" waits for nothing, so progress keeps its every-log_every-steps rhythm there.
READ_EACH_ROW = ("cpu",)


def train(
    config: RunConfig,
    data: ImageSet,
    run_dir: Path | str,
    progress: Callable[[TrainProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    resume: bool = False,
    is_paused: Callable[[], bool] | None = None,
) -> TrainResult:
    """Train ``config.model.name`` on ``data`` (the training split) and checkpoint into ``run_dir``.

    Parameters
    ----------
    config : RunConfig
        Model and training settings; saved into the run folder. On resume the model settings
        come from the checkpoint and the budget from ``config``.
    data : ImageSet
        Images the model learns from; the held-out split must already be removed.
    run_dir : path
        The run folder; created if missing. A folder that already holds a checkpoint is refused
        unless ``resume`` is True.
    progress : callable, optional
        Receives a :class:`TrainProgress` with the rows logged since the last one (every
        ``log_every`` steps on the CPU, a few times a second on a GPU), with each sample grid and
        with each event (resume, fault, pause).
    should_stop : callable, optional
        Polled before every step; returning True ends the run early (with a checkpoint).
    resume : bool
        Continue from the newest loadable checkpoint; without one, start from the beginning.
    is_paused : callable, optional
        While it returns True the loop waits (still honouring ``should_stop``); paused time does
        not count against a minutes budget.

    Raises
    ------
    TrainingFault
        After repeated divergence, or out of memory at the smallest batch.
    UserError
        For a refused run folder (inside the dataset, holding a run unless resuming, or locked
        by another process training in it) or a final checkpoint that cannot be written.
    """
    run = distributed.current().run_folder(run_dir)  # under torchrun, rank 0's alone
    run.check_outside(data.source)  # before anything is written
    with run.lock():
        loop = _Loop(config, data, run.path, progress, should_stop, resume, is_paused)
        try:
            return loop.run()
        finally:
            loop.events_out.close()


class _Loop(CheckpointedLoop):
    """The state of one training run between steps; everything in it goes into checkpoints."""

    def __init__(self, config, data, run_dir, progress, should_stop, resume, is_paused):
        self.dist = distributed.current()  # one process unless started by torchrun
        self.run_folder = self.dist.run_folder(run_dir)  # rank 0 alone writes it
        self.run_folder.prepare(allow_existing=resume, source=data.source)
        self.store = self.run_folder.store
        self.store.keep_last = config.train.keep_checkpoints
        removed = self.store.clean_stale()
        self.progress_cb, self.should_stop, self.is_paused = progress, should_stop, is_paused
        self.data = data
        self.events: list[str] = [f"removed {len(removed)} stale temporary file(s)"] if removed else []
        self.faults: list[str] = []

        latest = self.dist.latest_checkpoint(self.store) if resume else None
        if latest is not None:  # the model is what the checkpoint says; the budget is ours
            config = RunConfig.from_saved({**latest[1]["config"], "train": config.to_dict()["train"]})
        self.config = config
        tc, mc = config.train, config.model
        self.spec = get_model(mc.name)
        self.step_fn = self.spec.step
        self.monitor = self.spec.monitor

        set_threads(self.dist.threads(tc.threads))
        self.device = self.dist.device(tc.device)
        torch.manual_seed(tc.seed)
        self.args = ModelArgs.from_config(mc, data.num_classes, data.channels, data.image_size)
        self.nets = {k: m.to(self.device) for k, m in self.spec.build(self.args).items()}
        to_memory_format(self.nets, self.device)  # convolutions see channels_last maps
        self.base_lr = tc.lr or self.spec.default_lr
        self.optims = {
            k: accel.make_adam(m.parameters(), self.base_lr, (tc.beta1, 0.999), self.device)
            for k, m in self.nets.items() if k in self.spec.trained
        }
        self.precision = accel.Precision.for_device(self.device, tc.precision)
        self.guard = StepGuard(self.precision.scaler)
        # Under torchrun "auto" stays eager: compiling inside DDP has not been checked here.
        wanted = accel.compile_wanted(tc.compile, self.device) and not (
            self.dist.enabled and tc.compile == "auto")
        self.compiled = accel.compile_nets(self.nets, self.spec.trained) if wanted else []
        self.compile_checked = not self.compiled  # the first compiled step falls back on failure
        self.lr_scale = 1.0
        self.batch_size = max(MIN_BATCH, tc.batch_size)
        # Batches are drawn where the data lives: on a GPU a CPU draw would be a copy and a sync.
        self.batch_gen = torch.Generator(device=self.device).manual_seed(tc.seed)
        self.dist.seed_rank(tc.seed, self.batch_gen)  # after the build: same weights on every rank
        # Quality columns exist from the first row: the CSV header is written once.
        extra = QUALITY_METRICS if tc.quality_every > 0 else ()
        self.reporter = Reporter(self.run_folder.metrics_path, extra_columns=extra)
        self.probe: QualityProbe | None = None  # built at the first measurement
        self.metrics: dict[str, float] = {}  # the newest row read back from the reporter
        self.drained: list[tuple[int, dict[str, float]]] = []  # rows read back, not yet reported
        self.step, self.elapsed_before = 0, 0.0
        self.resumed_from: int | None = None

        if latest is not None:
            path, payload = latest
            self._restore(payload)
            self.resumed_from = self.step
            self.events.append(f"resumed from step {self.step} ({path.name})")
        elif resume:
            self.events.append("no checkpoint in the run folder yet: starting from the beginning")
        self.reporter.truncate_after(self.step)  # rows logged after that checkpoint are redone
        # TensorBoard's view of the same rows and grids (only with the optional package)
        self.events_out = self.run_folder.open_events(purge_step=self.step + 1 if latest else None)
        self.reporter.on_row = self.events_out.scalars
        self.run_folder.write_config(config, data)
        self.step_nets = self.dist.wrap(self.nets, self.spec.trained)  # DDP + SyncBatchNorm

        # The whole training set lives on the device as uint8; a batch is one gather.
        self.images = data.images.to(self.device)  # (N, C, H, W) uint8
        self.labels = data.labels.to(self.device)  # (N,)
        self.shard = self.dist.shard(data.labels, tc.seed).to(self.device)  # (N_rank,) batches come from
        # Fixed noise: the live grid shows the same z every time, so changes are the model's.
        classes = torch.arange(min(data.num_classes, GRID_MAX_CLASSES), device=self.device)
        self.grid_y = classes.repeat_interleave(GRID_PER_CLASS)  # (K * 8,)
        noise_gen = torch.Generator(device="cpu").manual_seed(tc.seed + 1)
        self.grid_z = torch.randn(len(self.grid_y), mc.latent_dim, generator=noise_gen).to(self.device)

    # ------------------------------------------------------------------------------------------
    def run(self) -> TrainResult:
        tc = self.config.train
        budget_s = tc.minutes * 60.0 if tc.minutes > 0 else None
        total = None if budget_s else tc.steps
        self._start(total, budget_s)
        stopped = False
        while True:
            over_time, stop = self.dist.agree(  # rank 0 reads the clock for every process
                budget_s is not None and self._elapsed() >= budget_s,
                self.should_stop is not None and self.should_stop())
            if stop or over_time or (total is not None and self.step >= total):
                if self._sync(total, budget_s):  # a fault in the last steps: redo them
                    continue
                stopped = stop
                break
            if self.is_paused is not None and self.is_paused():
                self._wait_while_paused(total, budget_s)
                continue
            fault = self._one_step()
            if fault is not None:
                self._recover(fault, self.step)
                self._report(total, budget_s, message=self.faults[-1])
                continue
            self.step += 1
            self._after_step(total, budget_s)
        return self._finish(total, budget_s, stopped)

    def _start(self, total, budget_s) -> None:
        """Log what is trained where, save step 0 of a new run, start the clocks, report."""
        for event in self.events:
            self.run_folder.log(event)
        self.run_folder.log(f"training {self.config.model.name} from step {self.step} "
                            f"on {len(self.data)} images, device {self.device}, "
                            f"{self.precision.name}, compiled: {', '.join(self.compiled) or 'no'}")
        log.info("training %s from step %d on %d images, device %s, in %s", self.config.model.name,
                 self.step, len(self.data), self.device, self.run_folder.path)
        if self.dist.enabled:
            self.run_folder.log(f"{self.dist.world_size} processes ({self.dist.backend}) x batch "
                                f"{self.batch_size} = global batch {self.global_batch}")
        if self.resumed_from is None:
            self._checkpoint(finished=False)  # step 0: a good state to roll back to
        self.t0 = time.perf_counter()
        self.start_step, self.paused_s = self.step, 0.0
        self.last_sync = self.last_checkpoint_t = time.perf_counter()
        self._report(total, budget_s, message="; ".join(self.events))

    def _after_step(self, total, budget_s) -> None:
        """What is due after step ``self.step``: quality probe, logged row, grid, checkpoint.

        Returns early when a sync finds a fault (the run has rolled back; the loop goes on)."""
        tc = self.config.train
        quality = tc.quality_every > 0 and self.step % tc.quality_every == 0
        grid_due = self.step % tc.sample_every == 0
        due_steps = tc.checkpoint_every > 0 and self.step % tc.checkpoint_every == 0
        due_time = (tc.checkpoint_minutes > 0
                    and self.dist.agree(time.perf_counter() - self.last_checkpoint_t
                                        >= tc.checkpoint_minutes * 60)[0])
        at_end = total is not None and self.step >= total  # the final save follows
        checkpoint = (due_steps or due_time) and not at_end
        # Probes, grids and checkpoints read the device anyway: check for faults first.
        if (quality or grid_due or checkpoint) and self._sync(total, budget_s):
            return
        if quality:
            self._measure_quality()
        logged = self.step % tc.log_every == 0
        if logged and self.dist.enabled:  # a row holds the means over every process
            if self._sync(total, budget_s):
                return
            self.dist.sync_metrics(self.reporter)
        if logged:
            self.reporter.flush(self.step)
        # Every process must read at the same steps (a fault read rolls them all back), so
        # under torchrun the clock does not decide: each logged row is read.
        timely = (self.dist.enabled and logged) or (
            not self.dist.enabled and time.perf_counter() - self.last_sync >= SYNC_S)
        read = (grid_due or checkpoint or timely
                or (self.device.type in READ_EACH_ROW and self.reporter.pending))
        if read and self._sync(total, budget_s):
            return
        rows, self.drained = self.drained, []
        grid = self._grid() if grid_due else None
        if rows or grid is not None:
            self._report(total, budget_s, self.metrics if rows else None, grid, rows=rows)
        if checkpoint:
            self._checkpoint(finished=False, may_fail=True)
            self.last_checkpoint_t = time.perf_counter()

    def _finish(self, total, budget_s, stopped: bool) -> TrainResult:
        """The last rows, grid and checkpoint of the run, and its result."""
        self._sync(total, budget_s)
        self.dist.sync_metrics(self.reporter)  # means over every process's batches
        self.reporter.flush(self.step)
        self._sync(total, budget_s)
        rows, self.drained = self.drained, []
        grid = self._grid()
        path = self._checkpoint(finished=not stopped)
        elapsed = self._elapsed() - self.elapsed_before
        self._report(total, budget_s, self.metrics, grid, rows=rows)
        self.run_folder.log(f"{'stopped' if stopped else 'finished'} at step {self.step}")
        log.info("%s %s at step %d in %s (%.1f s)", self.config.model.name,
                 "stopped" if stopped else "finished", self.step, self.run_folder.path, elapsed)
        done = self.step - self.start_step
        return TrainResult(
            run_dir=str(self.run_folder.path), model=self.config.model.name, step=self.step,
            elapsed_s=round(elapsed, 3),
            images_per_s=round(done * self.global_batch / elapsed, 1) if elapsed > 0 else 0.0,
            metrics={k: round(v, 5) for k, v in self.metrics.items()}, checkpoint=str(path),
            stopped_early=stopped, resumed_from=self.resumed_from, batch_size=self.batch_size,
            faults=list(self.faults), processes=self.dist.world_size,
            global_batch_size=self.global_batch,
        )

    @property
    def global_batch(self) -> int:
        """Images per optimiser step over all processes."""
        return self.batch_size * self.dist.world_size

    def _one_step(self) -> tuple[str, str] | None:
        """One optimisation step; returns (kind, detail) of a fault instead of raising."""
        for net in self.nets.values():
            net.train()
        pick = torch.randint(0, len(self.shard), (self.batch_size,), generator=self.batch_gen,
                             device=self.batch_gen.device)  # (B,)
        idx = self.shard[pick]  # (B,) this process's share of the global batch
        x = self.images[idx].float().div_(255.0)  # (B, C, H, W) in [0, 1]
        try:
            with self.guard.active(self.step), self.precision.autocast():
                self.step_fn(self.step_nets, self.optims, x, self.labels[idx], step=self.step,
                             config=self.config, report=self.reporter.report)
            if self.precision.scaler is not None:
                self.precision.scaler.update()
        except NonFiniteError as exc:
            return "nan", exc.name
        except Exception as exc:
            if is_out_of_memory(exc) and self.dist.enabled:  # the other processes cannot follow
                raise TrainingFault(f"Out of memory at step {self.step} with a batch of "
                                    f"{self.batch_size} per process: use a smaller --batch-size") from None
            if is_out_of_memory(exc):
                return "oom", str(exc).splitlines()[0] if str(exc) else "out of memory"
            if not self.compile_checked:  # the compiler, not the model: go on without it
                first = (str(exc).strip().splitlines() or [""])[0]
                return "compile", f"{type(exc).__name__}: {first}"
            raise
        self.compile_checked = True
        return None

    def _sync(self, total, budget_s) -> bool:
        """Read the fault flags and the reporter's rows from the device (the only sync points).

        Returns True when a non-finite step was found and the run rolled back; the rows read
        are added to ``self.drained`` (until reported) and the newest is ``self.metrics``.
        """
        self.last_sync = time.perf_counter()
        fault = self.guard.check()
        if fault is not None:
            name, step = fault
            self._recover(("nan", name), step)
            self._report(total, budget_s, message=self.faults[-1])
            return True
        rows = self.reporter.drain()
        if rows:
            self.metrics = {k: v for k, v in rows[-1].items() if k != "step"}
            self.drained += [(int(r["step"]), {k: v for k, v in r.items() if k != "step"})
                             for r in rows]
        return False

    def _wait_while_paused(self, total, budget_s) -> None:
        t_pause = time.perf_counter()
        self._report(total, budget_s, message="paused", paused=True)
        while self.is_paused() and not (self.should_stop and self.should_stop()):
            time.sleep(0.02)
        self.paused_s += time.perf_counter() - t_pause
        self._report(total, budget_s, message="continued")

    def _elapsed(self) -> float:
        """Training time of the whole run so far, pauses excluded, earlier sessions included."""
        return self.elapsed_before + time.perf_counter() - self.t0 - self.paused_s

    def _measure_quality(self) -> None:
        """Report FD and label agreement of the live samples (the probe's judge is trained once)."""
        if not self.dist.is_main:  # the samples are the same on every rank: measured once
            return
        if self.probe is None:
            self.probe = QualityProbe(self.images, self.labels, self.data.num_classes,
                                      self.config.model.latent_dim, self.device, self.config.train.seed)
        for name, value in self.probe.measure(self.spec, self.nets).items():
            self.reporter.report(name, value)

    def _grid(self) -> np.ndarray | None:
        if not self.dist.is_main:
            return None
        grid = sample_grid(self.spec, self.nets, self.grid_z, self.grid_y, GRID_PER_CLASS)
        self.run_folder.save_grid(grid, self.step)
        self.events_out.image("samples", self.step, grid)
        return grid

    def _report(self, total, budget_s, metrics=None, grid=None, message="", paused=False,
                rows=None) -> None:
        if self.progress_cb is None:
            return
        elapsed = self._elapsed()
        session = elapsed - self.elapsed_before
        done = self.step - self.start_step
        if budget_s:
            fraction, eta = min(1.0, elapsed / budget_s), max(0.0, budget_s - elapsed)
        else:
            fraction = self.step / max(1, total)
            eta = session / done * (total - self.step) if done else None
        self.progress_cb(TrainProgress(
            step=self.step, total_steps=total, fraction=fraction, elapsed_s=elapsed, eta_s=eta,
            images_per_s=done * self.global_batch / session if session > 0 else 0.0,
            metrics=metrics or {}, rows=list(rows or []), grid=grid, message=message, paused=paused,
        ))
