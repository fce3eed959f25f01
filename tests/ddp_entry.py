"""``main.py`` as torchrun starts it, instrumented for tests/test_distributed.py (not a test itself).

``python -m torch.distributed.run ... tests/ddp_entry.py OUT_DIR train ...`` runs ``main.py train
...`` unchanged in every process and, per rank, records into ``OUT_DIR``:

- ``writes_rank{R}.json``: every path the process opened for writing, created, renamed or removed
  (from Python's audit hooks, which see ``open``, ``os.open``, ``os.replace``, ``os.mkdir``...);
- ``nets_rank{R}.pt``: the state dicts of its networks (parameters and buffers) when training ended.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = Path(sys.argv[1])
RANK = int(os.environ.get("RANK", "0"))
WRITES: list[str] = []
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def _record(path) -> None:
    if isinstance(path, str | bytes | os.PathLike):  # not a file descriptor (os.truncate(fd))
        WRITES.append(os.fsdecode(path))


def _audit(event: str, args: tuple) -> None:
    if event == "open":
        path, mode, flags = args
        writing = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & _WRITE_FLAGS)
        if writing:
            _record(path)
    elif event in ("os.rename", "os.replace"):
        for path in args[:2]:
            _record(path)
    elif event in ("os.mkdir", "os.remove", "os.rmdir", "os.truncate", "shutil.rmtree"):
        _record(args[0])


def _capture_nets() -> None:
    """Save this rank's networks at the end of training (wraps the trainer's loop)."""
    import torch

    from engine.train import trainer

    run = trainer._Loop.run

    def run_and_save(self):
        result = run(self)
        torch.save({k: {n: t.detach().cpu().clone() for n, t in m.state_dict().items()}
                    for k, m in self.nets.items()}, OUT / f"nets_rank{RANK}.pt")
        return result

    trainer._Loop.run = run_and_save


def _dump() -> None:
    (OUT / f"writes_rank{RANK}.json").write_text(json.dumps(WRITES), encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    _capture_nets()
    sys.addaudithook(_audit)
    sys.argv = [str(REPO / "main.py"), *sys.argv[2:]]
    try:
        runpy.run_path(str(REPO / "main.py"), run_name="__main__")
    finally:
        _dump()
