"""Choosing the compute device and sizing torch's CPU thread pool."""

from __future__ import annotations

import os
import threading

import torch

from engine.errors import UserError


def pick_device(name: str = "auto") -> torch.device:
    """Return the device for ``name`` ("auto", "cpu", "cuda", "cuda:N", "mps"); refuse one that is absent."""
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if name.startswith("cuda:") and name[5:].isdigit():  # one GPU of several, as Preferences names it
        index = int(name[5:])
        if index >= torch.cuda.device_count():
            raise UserError(f"Device '{name}' was requested but this machine has "
                            f"{torch.cuda.device_count()} CUDA GPU(s) (choose another in Preferences)")
        return torch.device("cuda", index)
    if name == "cuda" and not torch.cuda.is_available():
        raise UserError("Device 'cuda' was requested but no CUDA GPU is available (try --device cpu)")
    if name == "mps" and not (
        getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()
    ):
        raise UserError("Device 'mps' was requested but Apple Metal is not available")
    if name not in ("cpu", "cuda", "mps"):
        raise UserError(f"Unknown device '{name}': choose auto, cpu, cuda or mps")
    return torch.device(name)


def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity where the platform keeps one (taskset,
    a container's cpuset, a test worker pinned to a core), else every core of the machine."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call in Python
        return os.cpu_count() or 1


def set_threads(threads: int = 0) -> int:
    """Size torch's intra-op pool: ``threads`` if given, else every usable core, and never more
    than the usable cores (threads beyond them only wait on each other). Returns the number set."""
    n = min(threads, usable_cores()) if threads > 0 else usable_cores()
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)
    return n


def serial_here(threads_elsewhere: int) -> None:
    """Run torch on one thread in the calling thread, on ``threads_elsewhere`` in threads started later.

    For the GUI thread, which only paints while workers train. A thread that runs one parallel
    operation keeps its OpenMP pool's threads alive; beside a worker's own pool, libgomp then
    counts more of its threads than cores and puts every pool thread to sleep after each
    operation instead of letting it spin, and training on the worker ran at about 0.8x its speed
    (``benchmarks/worker_thread.py``). With the GUI thread serial, the worker's pool is the only
    one and trains as fast as the main thread of the command line.
    """
    torch.set_num_threads(1)
    torch.get_num_threads()  # this thread's first query fixes its size; later defaults leave it
    # ``set_num_threads`` also sets the size each new thread starts with: set that from a thread
    # of its own, so that this one stays serial.
    setter = threading.Thread(target=torch.set_num_threads, args=(max(1, threads_elsewhere),),
                              name="torch-threads")
    setter.start()
    setter.join()
