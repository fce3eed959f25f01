"""Where the app's own files are, from source or from a PyInstaller bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Return the path of a file under ``resources/``, from source or frozen.

    PyInstaller unpacks data next to the executable and sets ``sys._MEIPASS``; from source the
    folder sits beside ``engine/``.
    """
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


CACHE_ENV = "GENAUG_CACHE_DIR"  # overrides the cache folder (the tests point it at a temp folder)
APP_DIR_NAME = "GenAugStudio"


def cache_dir() -> Path:
    """Return the app's cache folder (not created here).

    ``$GENAUG_CACHE_DIR`` wins when set. Otherwise the platform's convention: ``%LOCALAPPDATA%``
    on Windows, ``~/Library/Caches`` on macOS, ``$XDG_CACHE_HOME`` (default ``~/.cache``)
    elsewhere, each with a ``GenAugStudio`` sub-folder.
    """
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return base / APP_DIR_NAME / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / APP_DIR_NAME
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / APP_DIR_NAME
