"""The GUI part of ``self-test`` (drive the main window offscreen through train and gallery, close
it) and the start-up probe that ``benchmarks/startup.py`` times.

:func:`check_main_window` is handed to :func:`engine.cli.selftest.run_self_test` by ``main.py`` (the
engine never imports Qt). It uses the real :class:`~gui.main_window.MainWindow` as a user would,
with the settings, the workspace and the runs kept inside the self-test's temporary folder, and a
dialog of any kind counts as a failure (it would otherwise wait for a click that never comes).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

TRAIN_STEPS = 20  # steps the Train panel runs: a few seconds on a CPU
GALLERY_COUNT = 3  # images the gallery generates
TIMEOUT_S = 180.0  # for any one wait: generous, a slow CI machine may be busy


def check_main_window(work: Path) -> dict:
    """Open the main window, train a tiny run from the Train panel, show it in the gallery, close.

    Parameters
    ----------
    work : Path
        A temporary folder: QSettings, the workspace and the run go inside it.

    Returns
    -------
    dict
        Seconds to a shown window, to a trained run and to a filled gallery; the platform plugin.

    Raises
    ------
    AssertionError, TimeoutError
        When a step does not happen or a dialog opens (its text is in the message).
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before the QApplication exists
    from PySide6.QtCore import QSettings

    settings = work / "settings"
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(settings))

    from engine.data.sample import SAMPLE_IMAGES
    from gui.app import create_app
    from gui.main_window import MainWindow
    from gui.state import AppState

    start = time.perf_counter()
    app = create_app(["GenAugStudio"])
    with _dialogs_fail() as dialogs:
        window = MainWindow(AppState(runs_root=work / "workspace"), load_sample=True)
        window.show()
        wait = _waiter(app, dialogs)
        wait(lambda: window.windowHandle() is not None and window.windowHandle().isExposed(),
             "the main window to be shown")
        shown_s = time.perf_counter() - start
        if app.windowIcon().isNull():
            raise AssertionError("the application icon did not load (resources/icon/genaug.png)")
        if window.state.dataset is None or len(window.state.dataset) != SAMPLE_IMAGES:
            raise AssertionError("the window did not load the built-in sample")

        cfg = window.state.config
        cfg.model.name = "cgan"
        cfg.model.width, cfg.model.latent_dim, cfg.model.embed_dim = 8, 16, 8
        cfg.train.steps, cfg.train.batch_size = TRAIN_STEPS, 16
        cfg.train.sample_every, cfg.train.log_every = 10, 5
        cfg.train.threads, cfg.train.device = min(2, os.cpu_count() or 1), "cpu"
        window.state.notify_config()
        train = window.show_step("Train")
        train.start()
        wait(lambda: not train.busy, "training from the Train panel to finish")
        result = train.last_result
        if result is None or result.step != TRAIN_STEPS or window.state.trained_run is None:
            raise AssertionError(f"the Train panel ended without a trained run ({result})")
        trained_s = time.perf_counter() - start

        gallery = window.show_step("Gallery")
        gallery.controls.count_spin.setValue(GALLERY_COUNT)
        gallery.generate()
        wait(lambda: not gallery.busy and gallery.view.thumbs.rowCount() == GALLERY_COUNT,
             f"the gallery to show {GALLERY_COUNT} images")
        gallery_s = time.perf_counter() - start
        if window.grab().isNull():
            raise AssertionError("the window could not be rendered")

        window.project.mark_clean()  # nothing of the self-test's to save: close without the prompt
        window.close()
        wait(lambda: not window.isVisible() and not any(p.busy for p in window.panels),
             "the window to close")
        window.deleteLater()
        app.processEvents()
    return {"platform": app.platformName(), "shown_s": round(shown_s, 3),
            "trained_s": round(trained_s, 3), "gallery_s": round(gallery_s, 3),
            "gallery_images": GALLERY_COUNT, "run": Path(result.run_dir).name}


def run_startup_probe() -> int:
    """Start the GUI exactly as :func:`gui.app.run_gui` does and print ``window shown`` when the
    first window (the start window, before torch is imported) is on screen, then
    ``main window shown`` when the main window with the sample loaded is, then quit: what
    ``benchmarks/startup.py`` times (``GENAUG_STARTUP_PROBE=1``).

    Returns
    -------
    int
        The exit status of the Qt event loop.
    """
    from gui.app import launch

    def on_shown(kind: str, window) -> None:
        if kind == "start":
            print("window shown", flush=True)
            return
        print("main window shown", flush=True)
        window.close()
        app.quit()

    app, _holder = launch(on_shown)
    return app.exec()


def _waiter(app, dialogs: list[str]) -> Callable[[Callable[[], bool], str], None]:
    """A ``wait(condition, what)`` that runs the event loop until ``condition()`` holds."""
    from PySide6.QtCore import QEventLoop

    def wait(condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + TIMEOUT_S
        while not condition():
            if dialogs:
                raise AssertionError(f"a dialog opened while waiting for {what}: {dialogs[0]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {TIMEOUT_S:.0f} s for {what}")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.01)
        if dialogs:
            raise AssertionError(f"a dialog opened: {dialogs[0]}")

    return wait


@contextmanager
def _dialogs_fail() -> Iterator[list[str]]:
    """Record message boxes instead of showing them (a modal dialog would block the test)."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    names = ("warning", "critical", "information", "question")
    saved = {name: getattr(QMessageBox, name) for name in names}

    def record(_parent, title, text, *args, **kwargs):
        shown.append(f"{title}: {text}")
        return QMessageBox.StandardButton.Ok

    for name in names:
        setattr(QMessageBox, name, staticmethod(record))
    try:
        yield shown
    finally:
        for name, fn in saved.items():
            setattr(QMessageBox, name, fn)
