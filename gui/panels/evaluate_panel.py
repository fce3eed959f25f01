"""Step 5, Evaluate: does the synthetic data help a classifier? Five recipes, metrics, memorisation.

The panel runs :func:`engine.evaluate.report.evaluate_run` on a worker and shows the report it
saves in the run folder (``evaluation.json``); a run evaluated before shows its saved report at once.
The words come from :mod:`gui.evaluation_text`.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.evaluate.report import REPORT_VERSION, EvalConfig, evaluate_run, load_report
from engine.format import format_seconds
from engine.runs import files
from gui.engine_text import engine_text
from gui.evaluation_text import (
    detail,
    run_text,
)
from gui.help_panel import metric_help
from gui.i18n import translate
from gui.panels.base import Panel, preview
from gui.panels.evaluation_results import EvaluationResults
from gui.state import AppState
from gui.widgets.fields import int_spin

HELPS_STYLE = "color: #1B5E20; background: #E3F2E1; border: 1px solid #9CCC9C;"
HURTS_STYLE = "color: #B71C1C; background: #FBE3E1; border: 1px solid #E8A29C;"
UNCLEAR_STYLE = "color: #7A4B00; background: #FCF1D8; border: 1px solid #E2C27A;"  # no clear gain
PLAIN_STYLE = "color: #404040; background: #F2F2F2; border: 1px solid #D0D0D0;"
STYLES = {"helps": HELPS_STYLE, "hurts": HURTS_STYLE, "no clear effect": UNCLEAR_STYLE}
MARKS = {"helps": "✔  ", "hurts": "✘  ", "no clear effect": "?  "}
INTRO = QT_TRANSLATE_NOOP("EvaluatePanel", """
<p>A small classifier is trained on your images several ways, with several seeds. Every choice
(how much synthetic data, whether to filter it, which flips keep the labels) is made on a
<b>validation part of the training images</b>; the <b>held-out test images</b>, which share no image
with the training ones, are used once, for the chosen recipe and the baselines:</p>
<ol>
<li><b>real only</b>: the baseline;</li>
<li><b>real + classical augmentation</b> (flips, shifts, crops chosen to suit the data);</li>
<li><b>real + synthetic</b>, also swept over amounts and with or without a confidence filter; when
no amount beats real only on validation, none is recommended;</li>
<li><b>real + synthetic + classical</b>, its amount chosen again within this arm, against real +
classical;</li>
<li><b>synthetic only</b>: the classification accuracy score, how much of each class the
generator captured.</li>
</ol>
<p>The verdict is "helps" only when the whole 95% interval of the gain (a paired bootstrap over
seeds and test images) is above zero. Then the generated images are measured on the features of
that classifier (no downloaded network): Fréchet distance, KID, precision and recall, label
agreement; and each is compared with its nearest training image to find copies. Export takes
the amount chosen on validation as its default, marked unconfirmed when the test images cannot
confirm its gain.</p>
""")


class EvaluatePanel(Panel):
    """Evaluate the current run: accuracy of five training recipes, quality metrics, copies.

    Parameters
    ----------
    state : AppState
        The shared state; evaluates ``state.trained_run`` on ``state.config.data.path``.
    parent : QWidget, optional
        Qt parent.

    Attributes
    ----------
    config : EvalConfig
        The engine settings; the form sets ``seeds``, ``classifier_steps`` and ``test_dir``, the
        other fields (amounts swept, confidence, metric samples) are used as they are.
    report : dict or None
        The report on screen (the engine's ``evaluation.json``), or None.
    """

    error_title = QT_TRANSLATE_NOOP("Panel", "Evaluation failed")

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.config = EvalConfig()
        self.report: dict | None = None
        self.report_run: Path | None = None  # the run folder the report on screen belongs to
        self.last_progress: tuple[int, int, str] | None = None
        self._started = 0.0

        self.run_label = QLabel()
        self.run_label.setWordWrap(True)
        self.run_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._progress_text = lambda: ""  # the progress line (re-made on a language change)
        self.seeds_spin = int_spin(1, 20, self.config.seeds, "")
        self.steps_spin = int_spin(20, 100_000, self.config.classifier_steps, "")
        self.steps_spin.setSingleStep(100)
        self.test_edit = QLineEdit()
        self.test_button = QPushButton()
        settings = QHBoxLayout()
        self.settings_labels = [QLabel(), QLabel(), QLabel()]
        for i, (label, widget) in enumerate(zip(self.settings_labels, (
                self.seeds_spin, self.steps_spin, self.test_edit), strict=True)):
            if i:
                settings.addSpacing(12)
            label.setBuddy(widget)
            settings.addWidget(label)
            settings.addWidget(widget, 1 if widget is self.test_edit else 0)
        settings.addWidget(self.test_button)

        self.evaluate_button = QPushButton()
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setTextVisible(False)
        self.progress_label = QLabel()
        self.progress_label.setMinimumWidth(330)
        buttons = QHBoxLayout()
        for widget, stretch in ((self.evaluate_button, 0), (self.cancel_button, 0),
                                (self.progress_bar, 1), (self.progress_label, 0)):
            buttons.addWidget(widget, stretch)

        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        font = QFont()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.verdict_label.setFont(font)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.RichText)

        self.results = EvaluationResults()  # hidden until there is a report; the introduction
        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)
        self.intro_label.setTextFormat(Qt.TextFormat.RichText)
        self.intro_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.intro_label.setMaximumWidth(800)

        layout = QVBoxLayout(self)
        layout.addWidget(self.run_label)
        layout.addLayout(settings)
        layout.addLayout(buttons)
        for widget, stretch in ((self.verdict_label, 0), (self.detail_label, 0), (self.intro_label, 1),
                                (self.results, 1)):
            layout.addWidget(widget, stretch)

        self.evaluate_button.clicked.connect(self.evaluate)
        self.cancel_button.clicked.connect(self.cancel)
        self.test_button.clicked.connect(self._on_browse)
        state.run_changed.connect(self._on_run_changed)
        self._retranslate()
        self._on_run_changed()

    def _retranslate(self) -> None:
        self.seeds_spin.setToolTip(self.tr("Each recipe's classifier is trained this many times "
                                           "with different seeds; the interval covers them"))
        self.steps_spin.setToolTip(self.tr("Optimiser steps of every classifier (the same for each "
                                           "recipe)"))
        self.test_edit.setPlaceholderText(self.tr("the run's held-out split (images the generator "
                                                  "never saw)"))
        self.test_edit.setToolTip(self.tr("A folder of test images, one sub-folder per class, "
                                          "instead of the held-out split"))
        self.test_button.setText(self.tr("Browse…"))
        self.test_button.setToolTip(self.tr("Choose a folder of test images"))
        for label, text in zip(self.settings_labels, (self.tr("Seeds"), self.tr("Classifier steps"),
                                                      self.tr("Test images")), strict=True):
            label.setText(text)
        self.evaluate_button.setText(self.tr("Evaluate"))
        self.evaluate_button.setToolTip(self.tr("Train the classifiers and measure; the report is "
                                                "saved in the run folder as {file}").format(
                                                    file=files.EVALUATION))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the evaluation; the previous report is kept"))
        self.progress_bar.setToolTip(self.tr("Classifier steps done of all the evaluation's steps"))
        self.intro_label.setText(translate("EvaluatePanel", INTRO))
        self.progress_label.setText(self._progress_text())
        self.verdict_label.setWhatsThis("<br><br>".join(metric_help(k) for k in ("gain", "interval")))
        self.show_report(self.report, self.report_run)  # the report's words, in this language
        if self.state.trained_run is None:
            self.run_label.setText(self.tr("Train a model first (step 3, Train), or open a run from "
                                           "Runs: Evaluate measures whether its images help a "
                                           "classifier."))
        else:
            self.run_label.setText(run_text(Path(self.state.trained_run), self.state.config.data.path))

    def _set_progress(self, text) -> None:
        """Show ``text()`` in the progress line, now and after a language change."""
        self._progress_text = text
        self.progress_label.setText(text())

    # ---------------------------------------------------------------- actions
    def settings(self) -> EvalConfig:
        """The :class:`EvalConfig` the form describes (a copy of :attr:`config`, edited)."""
        return dataclasses.replace(self.config, seeds=self.seeds_spin.value(),
                                   classifier_steps=self.steps_spin.value(),
                                   test_dir=self.test_edit.text().strip() or None)

    @Slot()
    def evaluate(self) -> None:
        """Evaluate the current run on a worker thread; the report replaces the one shown."""
        run = self.state.trained_run
        if self.busy or run is None:
            return
        cfg, data = self.settings(), self.state.config.data.path
        self._started = time.monotonic()
        self.last_progress = None
        self._set_progress(lambda: self.tr("starting…"))

        def job(progress, should_stop) -> dict:
            return evaluate_run(run, data, cfg, progress, should_stop)

        self.run_task(job, on_progress=self._on_progress,
                      on_succeeded=lambda report: self._on_succeeded(run, report),
                      on_cancelled=self._on_cancelled)
        self.status_message.emit(self.tr("Evaluating {run}…").format(run=run.name))

    def set_busy(self, busy: bool) -> None:
        """Evaluate and the settings while idle, Cancel while evaluating."""
        idle_with_run = not busy and self.state.trained_run is not None
        self.evaluate_button.setEnabled(idle_with_run)
        for widget in (self.seeds_spin, self.steps_spin, self.test_edit, self.test_button):
            widget.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress_bar.setRange(0, 0)  # until the first count
        elif self.progress_bar.maximum() == 0:
            self.progress_bar.setRange(0, 1)

    def show_report(self, report: dict | None, run: Path | None = None) -> None:
        """Show ``report`` (a dict as saved in ``evaluation.json``), or clear the view (None)."""
        self.report, self.report_run = report, (Path(run) if run is not None else None)
        self.results.setVisible(report is not None)
        self.intro_label.setVisible(report is None)
        self.results.show_report(report)
        if report is None:
            self.detail_label.setText("")
            self._set_verdict(None, self.tr("Not evaluated yet: press Evaluate to find out whether "
                                            "this run's images help a classifier"), plain=True)
            return
        verdict = report["verdict"]
        self._set_verdict(verdict["verdict"], engine_text(str(verdict["text"])))
        self.detail_label.setText(detail(report))

    # ---------------------------------------------------------------- filling
    def _set_verdict(self, kind: str | None, text: str, plain: bool = False) -> None:
        """Green when the synthetic data helps, red when it hurts, amber in between (grey: none)."""
        style = PLAIN_STYLE if plain else STYLES.get(kind or "", UNCLEAR_STYLE)
        self.verdict_label.setStyleSheet(f"QLabel {{ {style} padding: 6px 10px; }}")
        self.verdict_label.setText(("" if plain else MARKS.get(kind or "", "?  ")) + text)

    # ---------------------------------------------------------------- slots
    def _on_progress(self, report: tuple) -> None:
        done, total, message = (tuple(report) + ("",))[:3]
        self.last_progress = (int(done), int(total), str(message))
        self.progress_bar.setRange(0, max(1, int(total)))
        self.progress_bar.setValue(int(done))
        elapsed = time.monotonic() - self._started
        eta = elapsed * (total - done) / done if done > 0 else None
        left = format_seconds(eta)
        self._set_progress(lambda: self.tr("{stage} · {time} left").format(
            stage=engine_text(str(message)), time=left) if message else
            self.tr("{time} left").format(time=left))

    def _on_succeeded(self, run: Path, report: dict) -> None:
        took = format_seconds(time.monotonic() - self._started)
        self._set_progress(lambda: self.tr("done in {time}").format(time=took))
        if self.state.trained_run is not None and Path(self.state.trained_run) == Path(run):
            self.show_report(report, run)
        self.status_message.emit(self.tr("Evaluated {run}: {verdict}").format(
            run=Path(run).name, verdict=engine_text(report["verdict"]["text"])))

    def _on_cancelled(self) -> None:
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self._set_progress(lambda: self.tr("cancelled: the previous report is kept"))
        self.status_message.emit(self.tr("Evaluation cancelled"))

    @Slot()
    def _on_browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Test images (one sub-folder per "
                                                                "class)"),
                                                  self.test_edit.text() or str(Path.home()))
        if folder:
            self.test_edit.setText(folder)

    @Slot()
    def _on_run_changed(self) -> None:
        run = self.state.trained_run
        self.set_busy(self.busy)
        if run is None:
            self.run_label.setText(self.tr("Train a model first (step 3, Train), or open a run from "
                                           "Runs: Evaluate measures whether its images help a "
                                           "classifier."))
            self.show_report(None)
            return
        self.run_label.setText(run_text(Path(run), self.state.config.data.path))
        if self.report_run is not None and self.report_run == Path(run) and self.report is not None:
            return  # already shown
        report = load_report(run)  # None when the run has none, or it cannot be read
        try:
            if report is not None and report.get("version") != REPORT_VERSION:
                raise ValueError("a report of another version")
            self.show_report(report, run if report is not None else None)
        except (KeyError, TypeError, ValueError, IndexError):  # another version's report
            self.show_report(None)
            self.detail_label.setText(self.tr("The saved report of {run} has a layout this version "
                                              "does not know: evaluate again to replace it.").format(
                                                  run=Path(run).name))


if __name__ == "__main__":
    raise SystemExit(preview(EvaluatePanel, load_sample=False))
