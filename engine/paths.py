"""Where the app's own files are, from source or from a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Return the path of a file under ``resources/``, from source or frozen.

    PyInstaller unpacks data next to the executable and sets ``sys._MEIPASS``; from source the
    folder sits beside ``engine/``.
    """
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)
