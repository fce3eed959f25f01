"""Hand a run over to other machines: write its run folder, say the exact torchrun command.

The GUI's "Run on a cluster..." calls these. The run folder gets the run's ``config.json``,
``dataset.json`` and ``split.json`` (nothing is trained yet); the command trains it with
``main.py train --config RUN_DIR/config.json --out RUN_DIR`` under ``torchrun``. Copy the folder
back into the workspace when it is done (or train it in place on a shared disk): the Runs list
opens it, and Continue trains it on locally from its last checkpoint.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

import torch

from engine.config import RunConfig
from engine.data.dataset import ImageSet
from engine.errors import UserError
from engine.runs import RunFolder


@dataclass
class ClusterPlan:
    """Where and how a run is trained elsewhere; what :func:`torchrun_command` turns into a command."""

    run_dir: str  # the run folder as the cluster sees it
    data: str  # the dataset folder as the cluster sees it ("sample" for the built-in one)
    nproc_per_node: int = 1  # processes per machine: one per GPU (or a few on CPUs)
    nnodes: int = 1  # machines; more than one needs a rendezvous endpoint
    rdzv_endpoint: str = ""  # HOST:PORT of one machine that all can reach, e.g. node1:29400
    device: str = "auto"  # "auto" (GPUs if any: NCCL), "cuda" or "cpu" (Gloo)
    launcher: str = "torchrun"  # or "python -m torch.distributed.run"
    main: str = "main.py"  # GenAug Studio's entry point on the cluster

    def validate(self) -> None:
        """Raise :class:`UserError` for settings torchrun would refuse."""
        if self.nproc_per_node < 1 or self.nnodes < 1:
            raise UserError("Processes per machine and machines must be at least 1")
        if not self.run_dir.strip() or not self.data.strip():
            raise UserError("The run folder and the dataset folder on the cluster are needed")
        if self.nnodes > 1:
            host, _, port = self.rdzv_endpoint.strip().rpartition(":")
            if not host or not port.isdigit():
                raise UserError("Several machines need a rendezvous endpoint HOST:PORT that every "
                                f"machine can reach (e.g. node1:29400), not {self.rdzv_endpoint!r}")
        if self.device not in ("auto", "cuda", "cpu"):
            raise UserError(f"Device {self.device!r} cannot train under torchrun: use auto, cuda or cpu")


def torchrun_command(plan: ClusterPlan) -> list[str]:
    """The command (one argument per item) that trains ``plan.run_dir`` under torchrun.

    One machine uses ``--standalone`` (a local rendezvous on a free port). Several machines use
    the c10d rendezvous at ``plan.rdzv_endpoint``, with the run folder's name as the job id; the
    same command is started on every machine.
    """
    plan.validate()
    cmd = shlex.split(plan.launcher)
    if plan.nnodes == 1:
        cmd += ["--standalone", "--nnodes", "1"]
    else:
        cmd += ["--nnodes", str(plan.nnodes), "--rdzv-backend", "c10d",
                "--rdzv-endpoint", plan.rdzv_endpoint.strip(),
                "--rdzv-id", Path(plan.run_dir).name or "genaug"]
    cmd += ["--nproc_per_node", str(plan.nproc_per_node), plan.main, "train",
            "--config", str(RunFolder(plan.run_dir).config_path), "--out", plan.run_dir,
            "--data", plan.data, "--device", plan.device]
    return cmd


def format_command(cmd: list[str]) -> str:
    """``cmd`` as one line to paste into a POSIX shell (quoted where needed)."""
    return shlex.join(cmd)


def write_cluster_run(config: RunConfig, data: ImageSet, train_idx: torch.Tensor,
                      held_idx: torch.Tensor, run_dir: Path | str) -> Path:
    """Create ``run_dir`` holding the run's settings, data description and held-out split.

    ``data`` is the whole loaded dataset; ``train_idx`` / ``held_idx`` its split. The folder must
    not hold a trained run yet.

    Raises
    ------
    UserError
        If the folder holds checkpoints already, or cannot be written.
    """
    run = RunFolder(Path(run_dir))
    if run.has_checkpoint():
        raise UserError(f"Run folder already holds a trained run: {run.path} (choose a new name)")
    run.save_split(data, train_idx, held_idx, config.data)  # creates the folder
    try:
        run.write_config(config, data.subset(train_idx))
    except OSError as exc:
        raise UserError(f"Cannot write the settings into {run.path}: {exc.strerror or exc}") from exc
    return run.config_path
