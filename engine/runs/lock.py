"""One trainer per run folder: an advisory lock on a file in the folder, released by the OS.

Two processes training into the same folder (two terminals, or the GUI and the command line) would
interleave their metrics rows and race on checkpoints; the second one gets a :class:`UserError`
instead. The lock is an OS lock on an open file (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on
Windows), so when the holder dies, even by SIGKILL, the OS releases it and ``--resume`` proceeds;
the file left behind means nothing by itself. Where neither exists, the fallback is a lock file
created exclusively holding the owner's process id, taken over when that process is gone.

Within one process the lock is re-entrant (the command line holds it while it writes the split
and then trains), and it is per folder: the same folder by another path is the same lock.
"""

from __future__ import annotations

import os
from pathlib import Path

from engine.errors import UserError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
try:
    import msvcrt
except ImportError:  # POSIX
    msvcrt = None

_HELD: dict[str, list] = {}  # resolved run folder -> [file descriptor or None, depth], this process


class TrainingLock:
    """Hold the training lock of ``run_dir`` (via its lock file ``lock_path``) in a ``with`` block.

    Raises
    ------
    UserError
        On entry, when another process holds the lock (it names the folder and that process).
    """

    def __init__(self, run_dir: Path, lock_path: Path):
        self.run_dir, self.lock_path = Path(run_dir), Path(lock_path)

    def __enter__(self) -> TrainingLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    @property
    def _key(self) -> str:
        return str(self.run_dir.resolve())

    def acquire(self) -> None:
        held = _HELD.get(self._key)
        if held is not None:
            held[1] += 1
            return
        try:
            self.run_dir.mkdir(parents=True, exist_ok=True)
        except FileExistsError as exc:
            raise UserError(f"Run folder is a file, not a folder: {self.run_dir}") from exc
        except OSError as exc:
            raise UserError(f"Cannot create run folder {self.run_dir}: {exc.strerror}") from exc
        fd = _lock_os(self.lock_path) if (fcntl or msvcrt) else _lock_pid_file(self.lock_path)
        if fd is False:
            raise UserError(f"The run folder {self.run_dir} is in use: another process "
                            f"{_owner(self.lock_path)}is training in it. Wait for it to finish or "
                            "stop it, or choose another folder")
        _HELD[self._key] = [fd, 1]

    def release(self) -> None:
        held = _HELD.get(self._key)
        if held is None:
            return
        held[1] -= 1
        if held[1] > 0:
            return
        del _HELD[self._key]
        fd = held[0]
        if fd is None:  # the pid-file fallback
            self.lock_path.unlink(missing_ok=True)
            return
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        elif msvcrt is not None:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.close(fd)


def _lock_os(path: Path) -> int | bool:
    """An open descriptor of ``path`` holding an exclusive OS lock; False if another holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        os.close(fd)
        return False
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode())
    return fd


def _lock_pid_file(path: Path) -> None | bool:
    """The portable fallback: create ``path`` exclusively with our pid; a dead owner's is taken over."""
    for _ in range(2):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            if _pid_alive(_read_pid(path)):
                return False
            path.unlink(missing_ok=True)  # stale: its process is gone
            continue
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        return None
    return False


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _pid_alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _owner(path: Path) -> str:
    pid = _read_pid(path)
    return f"(pid {pid}) " if pid is not None else ""
