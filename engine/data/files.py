"""Find the files of a class-folder dataset: layout, hidden files, symlink loops, unreadable folders.

Layouts: one sub-folder per class (its name is the label; deeper folders are flattened into their
first level), or a flat folder of files (one class, named after the folder). Whether a file is an
image is decided later, by its content; here every non-hidden file is listed with its size and
times (the cache key). Nothing here raises on a bad entry: it becomes a :class:`Problem`.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from engine.data.problems import Problem
from engine.errors import Cancelled, UserError

# System files that are never data; skipped without a report (compared in lower case).
SKIPPED_NAMES = {".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db", "icon\r"}
SKIPPED_DIRS = {"__macosx", "@eadir", "$recycle.bin", "system volume information", ".trashes"}
_SKIPPED = SKIPPED_NAMES | SKIPPED_DIRS
_WIN_HIDDEN = getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 2) | getattr(stat, "FILE_ATTRIBUTE_SYSTEM", 4)
_WIN_LONG = 240  # Windows paths at least this long get the \\?\ prefix (MAX_PATH is 260)


@dataclass
class Listing:
    """Every candidate file of a dataset folder, in a stable (sorted) order.

    Attributes
    ----------
    root : str
        The folder as an absolute path (symlinks not resolved: paths are shown as the user knows them).
    class_names : list of str
        Every class folder (or the one flat class), in label order, including classes with no file.
    files : list of str
        Absolute paths.
    labels, sizes, mtimes, ctimes : list of int
        Class index, byte size, modification and status-change times (ns) of each file.
    problems : list of Problem
        Entries that could not be listed: unreadable folders, symlink loops, broken links,
        stray files beside the class folders.
    """

    root: str
    class_names: list[str]
    files: list[str] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    mtimes: list[int] = field(default_factory=list)
    ctimes: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: str, label: int, st: os.stat_result) -> None:
        self.files.append(path)
        self.labels.append(label)
        self.sizes.append(st.st_size)
        self.mtimes.append(st.st_mtime_ns)
        self.ctimes.append(st.st_ctime_ns)


def io_path(path: str) -> str:
    """The path to hand to the OS: on Windows, long paths get the ``\\\\?\\`` prefix."""
    if sys.platform == "win32" and len(path) >= _WIN_LONG and not path.startswith("\\\\?\\"):
        return "\\\\?\\" + os.path.abspath(path)
    return path


def is_hidden(name: str, entry: os.DirEntry | None = None) -> bool:
    """Dot files, AppleDouble ``._x`` files, system files and folders, Windows hidden/system files."""
    lower = name.lower()
    if name.startswith(".") or lower in SKIPPED_NAMES or lower in SKIPPED_DIRS:
        return True
    if entry is not None and sys.platform == "win32":
        try:
            return bool(entry.stat(follow_symlinks=False).st_file_attributes & _WIN_HIDDEN)
        except OSError:
            return False
    return False


def _scandir(path: str) -> list[os.DirEntry]:
    """The entries of one folder (a seam the tests use to simulate permission errors as root)."""
    with os.scandir(io_path(path)) as it:
        return list(it)


def list_dataset(root: Path | str, should_stop: Callable[[], bool] | None = None) -> Listing:
    """List every candidate file under ``root`` with its class.

    Raises
    ------
    UserError
        When ``root`` is missing, not a folder, unreadable, or holds no files at all.
    Cancelled
        When ``should_stop()`` returned True.
    """
    root_str = os.path.abspath(os.path.expanduser(str(root)))
    if not os.path.exists(io_path(root_str)):
        raise UserError(f"Dataset folder not found: {root_str}")
    if not os.path.isdir(io_path(root_str)):
        raise UserError(f"Dataset path is not a folder: {root_str}")
    try:
        entries = sorted((e for e in _scandir(root_str) if not is_hidden(e.name, e)),
                         key=lambda e: e.name)
    except OSError as exc:
        raise UserError(f"Cannot read dataset folder {root_str}: {exc.strerror or exc}") from exc

    dirs, top_files = [], []
    for e in entries:
        (dirs if _is_dir(e) else top_files).append(e)
    if dirs:
        listing = Listing(root_str, [e.name for e in dirs])
        for e in top_files:
            listing.problems.append(Problem(e.path, "not in a class folder (a file beside the class "
                                                    "folders)", "skipped"))
        for label, e in enumerate(dirs):
            _walk(listing, e.path, label, {_dir_id(root_str)}, should_stop)
    else:
        listing = Listing(root_str, [os.path.basename(root_str) or "images"])
        for e in top_files:
            _add_file(listing, e, 0)
    if not listing.files and not listing.problems:
        raise UserError(f"No files found in dataset folder: {root_str}")
    return listing


def _walk(listing: Listing, folder: str, label: int, ancestors: set,
          should_stop: Callable[[], bool] | None) -> None:
    """Add every file below ``folder``; follows folder symlinks but reports loops."""
    if should_stop is not None and should_stop():
        raise Cancelled()
    key = _dir_id(folder)
    if key is None:
        listing.problems.append(Problem(folder, "folder cannot be opened", "skipped"))
        return
    if key in ancestors:
        listing.problems.append(Problem(folder, "symlink loop (a folder link back to a folder "
                                                "above it)", "skipped (not followed)"))
        return
    try:
        entries = sorted(_scandir(folder), key=lambda e: e.name)
    except PermissionError:
        listing.problems.append(Problem(folder, "folder unreadable (permission denied)",
                                        "skipped (its files could not be listed)"))
        return
    except OSError as exc:
        listing.problems.append(Problem(folder, f"folder unreadable ({exc.strerror or exc})",
                                        "skipped (its files could not be listed)"))
        return
    subdirs = []
    windows = sys.platform == "win32"
    # The hot loop of a large folder (60,000 files): cheap checks first, appends bound locally.
    files, labels, sizes = listing.files.append, listing.labels.append, listing.sizes.append
    mtimes, ctimes, is_reg = listing.mtimes.append, listing.ctimes.append, stat.S_ISREG
    for e in entries:
        name = e.name
        if name[0] == "." or name.lower() in _SKIPPED or (windows and is_hidden(name, e)):
            continue
        if _is_dir(e):
            subdirs.append(e.path)
            continue
        try:
            st = e.stat()  # follows symlinks
        except OSError as exc:
            listing.problems.append(Problem(e.path, _stat_reason(exc, e), "skipped"))
            continue
        if is_reg(st.st_mode):
            files(e.path)
            labels(label)
            sizes(st.st_size)
            mtimes(st.st_mtime_ns)
            ctimes(st.st_ctime_ns)
        else:
            listing.problems.append(Problem(e.path, "not a regular file (device, pipe or socket)",
                                            "skipped"))
    for sub in subdirs:
        _walk(listing, sub, label, ancestors | {key}, should_stop)


def _add_file(listing: Listing, entry: os.DirEntry, label: int) -> None:
    """Stat one file (following a file symlink); a failure becomes a problem."""
    try:
        st = entry.stat()  # follows symlinks
    except OSError as exc:
        listing.problems.append(Problem(entry.path, _stat_reason(exc, entry), "skipped"))
        return
    if stat.S_ISREG(st.st_mode):
        listing.add(entry.path, label, st)
    else:
        listing.problems.append(Problem(entry.path, "not a regular file (device, pipe or socket)",
                                        "skipped"))


def _stat_reason(exc: OSError, entry: os.DirEntry) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop (the link points back to itself)"
    if exc.errno == errno.ENOENT and entry.is_symlink():
        return "broken symlink (its target does not exist)"
    if isinstance(exc, PermissionError):
        return "unreadable (permission denied)"
    return f"cannot be read ({exc.strerror or exc})"


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows symlinks; a looping link is not a folder
    except OSError:
        return False


def _dir_id(path: str) -> tuple[int, int] | None:
    """(device, inode) of a folder, the identity used to spot symlink loops."""
    try:
        st = os.stat(io_path(path))
    except OSError:
        return None
    return (st.st_dev, st.st_ino)
