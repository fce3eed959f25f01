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
    return user_folder(CACHE_ENV, windows="Cache", macos="Caches", xdg=("XDG_CACHE_HOME", ".cache"))


def user_folder(override_env: str, windows: str, macos: str, xdg: tuple[str, str], leaf: str = "") -> Path:
    """A per-user folder of the app, by the platform's convention (not created here).

    ``$override_env`` wins when set. Otherwise ``%LOCALAPPDATA%/GenAugStudio/<windows>`` on
    Windows, ``~/Library/<macos>/GenAugStudio`` on macOS, and ``$<xdg[0]>/GenAugStudio/<leaf>``
    elsewhere (``~/<xdg[1]>`` when that variable is not set).
    """
    override = os.environ.get(override_env)
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / APP_DIR_NAME / windows
    if sys.platform == "darwin":
        return home / "Library" / macos / APP_DIR_NAME
    folder = Path(os.environ.get(xdg[0]) or home / xdg[1]) / APP_DIR_NAME
    return folder / leaf if leaf else folder
