"""What the training loop saves and rolls back to: its checkpoints, and the recovery from a fault.

A non-finite loss or gradient rolls the run back to the last good checkpoint with half the learning
rate; an out-of-memory error halves the batch; a failing ``torch.compile`` goes back to eager mode
from the last checkpoint. :class:`CheckpointedLoop` is the part of the trainer's ``_Loop`` that does
this (the loop's state is in ``_Loop.__init__`` of :mod:`engine.train.trainer`).
"""

from __future__ import annotations

import time
from pathlib import Path

import torch

from engine.errors import UserError
from engine.models.faults import MIN_BATCH
from engine.train import accel, rng
from engine.train.progress import TrainingFault


class CheckpointedLoop:
    """Checkpoints (payload, restore, save) and fault recovery of the training loop's state."""

    # ------------------------------------------------------------------------------------------
    def _payload(self, finished: bool) -> dict:
        """Everything needed to rebuild the model and continue bit-for-bit.

        The family's ``before_save`` runs first (the GAN recomputes its moving average's batch-norm
        statistics; training never reads them, the next step copies the raw generator's again).
        """
        if self.spec.before_save is not None:
            self.spec.before_save(self.nets, self.args)
        return {
            "model": self.config.model.name,
            "model_args": self.args.to_dict(),
            "config": self.config.to_dict(),
            "class_names": list(self.data.class_names),
            "step": self.step,
            "finished": finished,
            "elapsed_s": self._elapsed() if hasattr(self, "t0") else self.elapsed_before,
            "nets": {k: m.state_dict() for k, m in self.nets.items()},
            "optims": {k: o.state_dict() for k, o in self.optims.items()},
            "rng": rng.capture(self.batch_gen),
            "reporter": self.reporter.state_dict(),
            "batch_size": self.batch_size,
            "lr_scale": self.lr_scale,
            **self.dist.checkpoint_extras(self.batch_gen),  # every rank's generators
            "scaler": self.precision.state_dict(),  # fp16 loss scale (empty in fp32 and bf16)
        }

    def _restore(self, payload: dict) -> None:
        for k, net in self.nets.items():
            net.load_state_dict(payload["nets"][k])
        for k, opt in self.optims.items():
            opt.load_state_dict(payload["optims"][k])
        self.dist.restore_rng(payload, self.batch_gen, self.config.train.seed)
        self.precision.load_state_dict(payload.get("scaler"))
        self.guard.clear()  # flags of steps after the checkpoint no longer apply
        self.reporter.load_state_dict(payload["reporter"])
        self.step = int(payload["step"])
        self.batch_size = int(payload["batch_size"])
        self.lr_scale = float(payload["lr_scale"])
        self.elapsed_before = float(payload["elapsed_s"])
        if hasattr(self, "t0"):  # a rollback mid-run: the clock restarts from the checkpoint
            self.t0, self.paused_s = time.perf_counter(), 0.0
            self.start_step = self.step

    def _checkpoint(self, finished: bool, may_fail: bool = False) -> Path | None:
        """Save a checkpoint; a periodic save that fails is reported and training goes on.

        The caller has synced (:meth:`_sync`): no fault pending, every row drained.
        """
        score = self.metrics.get(self.monitor) if self.monitor else None
        try:
            path = self.store.save(self._payload(finished), self.step, score)
        except UserError as exc:
            if not may_fail:
                raise
            self._note(f"{exc} (training goes on; the previous checkpoint is intact)")
            return None
        self.run_folder.write_status(step=self.step, finished=finished)
        return path

    # ------------------------------------------------------------------------------------------
    def _recover(self, fault: tuple[str, str], bad_step: int) -> None:
        """Handle a fault of step ``bad_step`` outside the ``except`` block that caught it."""
        kind, detail = fault
        tc = self.config.train
        for opt in self.optims.values():
            opt.zero_grad(set_to_none=True)
        if kind == "compile":
            accel.uncompile_nets(self.nets)
            self.compiled, self.compile_checked = [], True
            latest = self.dist.latest_checkpoint(self.store)
            self._restore(latest[1])
            self.reporter.truncate_after(self.step)
            self._note(f"torch.compile failed ({detail}): training goes on without it "
                       f"from step {self.step}")
            return
        if kind == "oom":
            if self.device.type == "cuda":
                torch.cuda.empty_cache()
            if self.batch_size <= MIN_BATCH:
                raise TrainingFault(
                    f"Out of memory at step {self.step} even with a batch of {self.batch_size}: "
                    "use a smaller image size or model width, or train on the CPU"
                )
            self.batch_size = max(MIN_BATCH, self.batch_size // 2)
            self._note(f"out of memory at step {self.step}: batch size halved to {self.batch_size}")
            return
        failures = sum(1 for f in self.faults if f.startswith("NaN"))
        if failures >= tc.max_fault_retries:
            self.run_folder.log(f"{detail} non-finite at step {self.step}; giving up")
            raise TrainingFault(
                f"Training diverged: {detail} became NaN or infinite at step {self.step}, "
                f"{failures + 1} times, even after lowering the learning rate to "
                f"{self.base_lr * self.lr_scale:.1e}. Try a lower learning rate, a smaller "
                "batch, or check the dataset for unusual images"
            )
        latest = self.dist.latest_checkpoint(self.store)
        if latest is None:
            raise TrainingFault(f"{detail} became NaN at step {bad_step} and no checkpoint exists")
        self._restore(latest[1])
        self.reporter.truncate_after(self.step)
        self.lr_scale *= 0.5
        self._set_lr()
        self._note(f"NaN in {detail} at step {bad_step}: rolled back to step {self.step} with "
                   f"learning rate {self.base_lr * self.lr_scale:.1e}")

    def _note(self, message: str) -> None:
        self.faults.append(message)
        self.run_folder.log(message)

    def _set_lr(self) -> None:
        for opt in self.optims.values():
            for group in opt.param_groups:
                group["lr"] = self.base_lr * self.lr_scale
