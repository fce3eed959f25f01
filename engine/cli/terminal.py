"""A progress bar for the terminal (stderr), drawn only when stderr is a terminal."""

from __future__ import annotations

import sys
import time

from engine.format import format_seconds

__all__ = ["ProgressBar", "format_seconds"]


class ProgressBar:
    """Redraw one line on stderr at most 10 times a second; silent when not a TTY."""

    def __init__(self, label: str, stream=None):
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last = 0.0
        self._drawn = False

    def update(self, fraction: float, detail: str = "", force: bool = False) -> None:
        """Show ``fraction`` (0..1) and a short detail text."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        width = 30
        filled = int(round(width * min(1.0, max(0.0, fraction))))
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {fraction * 100:5.1f}% {detail}\033[K")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End the bar's line."""
        if self.enabled and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
