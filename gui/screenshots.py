"""Save a PNG of every panel, in light and dark themes and in both languages.

``python -m gui.screenshots OUTDIR`` (``make screenshots``) runs offscreen on the built-in sample:
trains a short run so Train has curves and samples, fills the Gallery, evaluates the run with small
settings so Evaluate shows a real report, exports into a temporary folder so Export shows a result,
then grabs every page of the window and the Help window, for each theme and language, as
``<page>_<language>_<theme>.png`` (:func:`shot_names` lists them; a test checks they all exist).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

SHOT_SIZE = (1200, 780)
HELP_SIZE = (900, 640)
TRAIN_STEPS = 800  # enough for recognisable digits on the sample (about a minute on a CPU)
TIMEOUT_S = 300
EVAL_SEEDS, EVAL_STEPS, EVAL_AMOUNTS = 2, 150, (0.5, 1.0, 2.0)  # a real report in about a minute
LANGUAGES = ("en", "zh_CN")
THEMES = ("light", "dark")
HELP_PAGE = "help"  # the Help window, shot beside the window's pages


def page_names() -> list[str]:
    """The pages shot: every page of the main window (lower case), then the Help window."""
    from gui.main_window import PAGES

    return [page.lower() for page in PAGES] + [HELP_PAGE]


def shot_names() -> list[str]:
    """Every PNG file name :func:`main` writes, one per page, language and theme."""
    return [f"{page}_{lang}_{theme}.png" for page in page_names() for lang in LANGUAGES
            for theme in THEMES]


def wait_until(predicate, timeout_s: float = TIMEOUT_S) -> None:
    """Run the event loop until ``predicate()`` is true (RuntimeError after ``timeout_s``)."""
    loop, waited_ms = QEventLoop(), 0
    while not predicate():
        if waited_ms > timeout_s * 1000:
            raise RuntimeError("timed out waiting for the GUI")
        QTimer.singleShot(50, loop.quit)
        loop.exec()
        waited_ms += 50


def settle(ms: int = 150) -> None:
    """Let posted events (language change, relayout, repaint) run."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(argv: list[str] | None = None) -> int:
    """Write every file of :func:`shot_names` into OUTDIR."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m gui.screenshots OUTDIR", file=sys.stderr)
        return 2
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="genaug-shots-") as tmp:
        # A private settings folder: the shots never see (or change) the user's preferences.
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        from gui import i18n, themes
        from gui.app import create_app
        from gui.main_window import PAGES, MainWindow
        from gui.state import AppState

        app = create_app([])
        window = MainWindow(AppState(runs_root=Path(tmp) / "runs"))
        window.resize(*SHOT_SIZE)
        window.guide_bar.hide()  # the first start's guided path would sit on every page
        window.show()
        _fill(window, Path(tmp))
        help_window = window.show_help()
        help_window.resize(*HELP_SIZE)
        written = 0
        for lang in LANGUAGES:
            i18n.set_language(app, lang)
            for theme in THEMES:
                themes.apply_theme(app, theme)
                window.statusBar().clearMessage()  # a message of the filling steps, in English
                settle()
                for step in PAGES:
                    window.show_step(step)
                    settle(100)
                    written += _save(window, out / f"{step.lower()}_{lang}_{theme}.png")
                help_window.raise_()
                settle(100)
                written += _save(help_window, out / f"{HELP_PAGE}_{lang}_{theme}.png")
        help_window.close()
        window.project.mark_clean()  # nothing to save: closing must not wait for an answer
        window.close()
        i18n.set_language(app, "en")
    print(f"{written} screenshots in {out}")
    return 0 if written == len(shot_names()) else 1


def _fill(window, tmp: Path) -> None:
    """Train, generate, evaluate and export on the sample, so every panel shows real content."""
    state = window.state
    state.config.train.steps = TRAIN_STEPS
    state.config.train.sample_every = 20
    state.config.train.log_every = 2
    state.notify_config()
    window.show_step("Train")
    window.train_panel.start()
    wait_until(lambda: not window.train_panel.busy)
    window.show_step("Gallery")
    window.gallery_panel.generate()
    wait_until(lambda: not window.gallery_panel.busy)
    evaluate = window.evaluate_panel
    evaluate.config.amounts = EVAL_AMOUNTS
    evaluate.seeds_spin.setValue(EVAL_SEEDS)
    evaluate.steps_spin.setValue(EVAL_STEPS)
    evaluate.evaluate()
    wait_until(lambda: not evaluate.busy)
    export = window.export_panel
    export.options.out_edit.setText(str(tmp / "digits-augmented"))
    export.options.per_class_spin.setValue(20)
    export.export()
    wait_until(lambda: not export.busy)
    export.options.out_edit.setText(str(Path.home() / "Documents" / "digits-augmented"))


def _save(widget, path: Path) -> int:
    ok = widget.grab().save(str(path))
    print(path if ok else f"could not write {path}", file=sys.stdout if ok else sys.stderr)
    return int(ok)


if __name__ == "__main__":
    raise SystemExit(main())
