"""A thin QThread adapter that runs one engine function and turns its callbacks into signals.

Engine functions take ``progress`` and ``should_stop`` callbacks and know nothing about Qt
(STYLE.md, point 2). :class:`TaskWorker` calls such a function on its own thread, forwards progress
as a signal at a rate the UI can draw, and reports how it ended. It never touches a widget and is
stopped by a flag, never ``terminate()``.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from engine.errors import Cancelled, UserError

log = logging.getLogger(__name__)
MAX_RATE_HZ = 15.0  # progress signals per second; more only makes the UI thread busy
# Niceness added to a worker thread (Linux), so the GUI thread wins the cores whenever it wants
# one: a CFS weight of 110 against the GUI's 1024. Torch's CPU pool threads, started by the worker
# on its first parallel operation, inherit it. Elsewhere QThread.LowPriority does the same.
WORKER_NICE = 10

Task = Callable[[Callable[..., None], Callable[[], bool]], Any]


def must_forward(report: Any) -> bool:
    """Whether a report is sent even when throttled: it carries a new grid or an event message."""
    return getattr(report, "grid", None) is not None or bool(getattr(report, "message", ""))


class TaskWorker(QThread):
    """Run ``fn(progress, should_stop)`` on a worker thread.

    Parameters
    ----------
    fn : callable
        ``fn(progress, should_stop) -> result``. ``progress`` takes any positional arguments; a
        single argument is emitted as is, several as a tuple (``(done, total)``).
    parent : QObject, optional
        Qt parent.

    Signals
    -------
    progress(object)
        At most :data:`MAX_RATE_HZ` per second, plus every report that carries a new grid or an
        event message, plus the last report before the end (so the final state is always shown).
    succeeded(object)
        The function's return value. (``QThread.finished`` still means "the thread ended"; it
        follows whichever of succeeded / failed / cancelled was emitted.)
    failed(str, str)
        A one-line message and the details: a :class:`~engine.errors.UserError`'s text as is with
        no details (its message is complete); anything else as ``"Unexpected error: ..."`` with
        the full traceback (also written to the application log).
    cancelled()
        The function stopped early because :meth:`stop` was called.

    Notes
    -----
    Data crossing threads should be CPU numpy arrays or plain Python values, never GPU tensors.
    """

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal()

    def __init__(self, fn: Task, parent: QObject | None = None):
        super().__init__(parent)
        self._fn = fn
        self._stop = threading.Event()
        self._last_emit = 0.0
        self._pending: Any = None
        self._has_pending = False

    def stop(self) -> None:
        """Ask the task to end at its next ``should_stop()`` check; returns at once."""
        self._stop.set()

    def should_stop(self) -> bool:
        """True once :meth:`stop` was called (the callback handed to the task)."""
        return self._stop.is_set()

    def run(self) -> None:
        """Run the task on this thread and emit how it ended."""
        lower_thread_priority()
        try:
            result = self._fn(self._on_progress, self.should_stop)
        except Cancelled:
            self._flush()
            self.cancelled.emit()
            return
        except UserError as exc:
            self._flush()
            log.info("task stopped: %s", exc)
            self.failed.emit(str(exc), "")
            return
        except Exception as exc:  # noqa: BLE001 - a bug: one line up front, the traceback behind it
            self._flush()
            details = traceback.format_exc()
            log.error("task failed: %s\n%s", _one_line(exc), details.rstrip())
            self.failed.emit(_one_line(exc), details)
            return
        self._flush()
        # A task that honours a stop by returning early (the trainer) still has a result.
        self.succeeded.emit(result)

    def _on_progress(self, *args: Any) -> None:
        """The ``progress`` callback: emit now, or keep the report until the next slot."""
        report = args[0] if len(args) == 1 else args
        now = time.monotonic()
        if must_forward(report) or now - self._last_emit >= 1.0 / MAX_RATE_HZ:
            self._last_emit = now
            self._pending, self._has_pending = None, False
            self.progress.emit(report)
        else:
            self._pending, self._has_pending = report, True

    def _flush(self) -> None:
        """Emit the last throttled report, if any, so the UI ends on the final state."""
        if self._has_pending:
            report, self._pending, self._has_pending = self._pending, None, False
            self.progress.emit(report)


def lower_thread_priority() -> None:
    """Make the calling worker thread (and the threads it starts) yield to the GUI thread."""
    if sys.platform.startswith("linux"):
        try:
            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + WORKER_NICE)
        except OSError:  # not permitted in some sandboxes: the thread keeps its priority
            pass
        return
    thread = QThread.currentThread()
    if thread is not None:
        thread.setPriority(QThread.Priority.LowPriority)


def _one_line(exc: BaseException) -> str:
    """``Unexpected error: <Type>: <first line of the message>``."""
    text = str(exc).strip().splitlines()
    detail = f": {text[0]}" if text else ""
    return f"Unexpected error: {type(exc).__name__}{detail}"
