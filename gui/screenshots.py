"""Save one PNG per panel of the main window: ``python -m gui.screenshots OUTDIR``.

Runs offscreen on the built-in sample: trains a short run so Train has curves and samples, fills
the Gallery, evaluates the run with small settings so Evaluate shows a real report, exports into a
temporary folder so Export shows a result, then grabs every step.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

SHOT_SIZE = (1200, 780)
TRAIN_STEPS = 800  # enough for recognisable digits on the sample (about a minute on a CPU)
TIMEOUT_S = 300
EVAL_SEEDS, EVAL_STEPS, EVAL_AMOUNTS = 2, 150, (0.5, 1.0, 2.0)  # a real report in about a minute


def wait_until(predicate, timeout_s: float = TIMEOUT_S) -> None:
    """Run the event loop until ``predicate()`` is true (RuntimeError after ``timeout_s``)."""
    loop, waited_ms = QEventLoop(), 0
    while not predicate():
        if waited_ms > timeout_s * 1000:
            raise RuntimeError("timed out waiting for the GUI")
        QTimer.singleShot(50, loop.quit)
        loop.exec()
        waited_ms += 50


def main(argv: list[str] | None = None) -> int:
    """Write data.png, model.png, train.png, gallery.png, evaluate.png, export.png into OUTDIR."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m gui.screenshots OUTDIR", file=sys.stderr)
        return 2
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from gui.app import create_app
    from gui.main_window import PAGES, MainWindow
    from gui.state import AppState

    app = create_app([])
    with tempfile.TemporaryDirectory(prefix="genaug-shots-") as tmp:
        window = MainWindow(AppState(runs_root=Path(tmp) / "runs"))
        window.resize(*SHOT_SIZE)
        window.show()
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
        export.out_edit.setText(str(Path(tmp) / "digits-augmented"))
        export.per_class_spin.setValue(20)
        export.export()
        wait_until(lambda: not export.busy)
        export.out_edit.setText(str(Path.home() / "Documents" / "digits-augmented"))

        for step in PAGES:
            window.show_step(step)
            wait_until(lambda: True)
            app.processEvents()
            path = out / f"{step.lower()}.png"
            window.grab().save(str(path))
            print(path)
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
