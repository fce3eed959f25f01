"""Durations for people: shared by the command line's progress bar and the GUI's panels."""

from __future__ import annotations


def format_seconds(seconds: float | None) -> str:
    """1:05:03, 4:07 or 0:09; '?' when unknown."""
    if seconds is None:
        return "?"
    s = int(round(seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
