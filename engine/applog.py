"""The application log: one rotating file that the engine, the CLI and the GUI all write to.

Engine modules only ever call ``logging.getLogger(__name__)``; a front end (``main.py`` for the
command line, :mod:`gui.app` for the window) calls :func:`setup_logging` once, which attaches a
:class:`~logging.handlers.RotatingFileHandler` to the root logger. The folder follows the platform's
convention for logs (no Qt needed, so the headless CLI writes to the same place as the window).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from engine.paths import user_folder

LOG_ENV = "GENAUG_LOG_DIR"  # overrides the logs folder (the tests point it at a temp folder)
LOG_FILE = "genaug.log"  # the current log; rotated copies are genaug.log.1 ... .N
MAX_BYTES = 1_000_000  # about 10 000 lines per file: a few sessions, small enough to attach to a bug
BACKUPS = 4  # at most five files (5 MB) are ever kept
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
_MARK = "_genaug_app_log"  # set on our handler, so a second setup does not add another


def log_dir() -> Path:
    """Return the folder of the application log and crash reports (not created here).

    ``$GENAUG_LOG_DIR`` wins when set. Otherwise ``%LOCALAPPDATA%\\GenAugStudio\\Logs`` on Windows,
    ``~/Library/Logs/GenAugStudio`` on macOS, ``$XDG_STATE_HOME/GenAugStudio/logs`` (default
    ``~/.local/state``) elsewhere.
    """
    return user_folder(LOG_ENV, windows="Logs", macos="Logs", xdg=("XDG_STATE_HOME", ".local/state"),
                       leaf="logs")


def setup_logging(folder: Path | str | None = None, level: int = logging.INFO) -> Path | None:
    """Send every ``logging`` record at ``level`` or above to ``<folder>/genaug.log`` (rotating).

    Parameters
    ----------
    folder : path, optional
        The logs folder; :func:`log_dir` by default. Created if missing.
    level : int
        The lowest level written (the root logger is lowered to it if it is higher).

    Returns
    -------
    Path or None
        The log file, or None when it cannot be opened (a read-only home must not stop the app;
        the reason goes to stderr).
    """
    folder = Path(folder) if folder is not None else log_dir()
    path = folder / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            if Path(handler.baseFilename) == path.resolve():
                return path  # already set up here
            root.removeHandler(handler)  # another folder (tests): move the log
            handler.close()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                       encoding="utf-8", delay=False)
    except OSError as exc:
        print(f"GenAug Studio: cannot write the log in {folder}: {exc}", file=sys.stderr)
        return None
    setattr(handler, _MARK, True)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(level)
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    logging.captureWarnings(True)  # warnings.warn(...) lands in the log too
    return path


def current_log_file() -> Path | None:
    """The file :func:`setup_logging` writes to, or None if it was not called."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, _MARK, False):
            return Path(handler.baseFilename)
    return None
