"""Step 6, Export: write an augmented dataset folder (real + accepted synthetic) with a manifest.

Three modes (N per class, balance to M, multiply by a factor), real files copied or hard-linked,
the gallery's rejections skipped, near-copies and samples the evaluation's judge does not recognise
left out, optional zip and sample sheet; progress with the time left.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.errors import UserError
from engine.evaluate.report import export_advice, load_report
from engine.export.curation import Curation
from engine.export.dataset import ExportRequest, export_dataset
from engine.format import format_seconds
from engine.runs import files, run_model_name
from gui.engine_text import engine_text
from gui.evaluation_text import interval, signed_points
from gui.panels.base import Panel, preview
from gui.panels.export_options import ExportOptions
from gui.state import AppState
from gui.themes import current_theme
from gui.widgets.tables import make_table, set_row


class ExportPanel(Panel):
    """Choose where and how much to export, run ``export_dataset`` and show what was written.

    Every option of the command line's ``export`` is here (the amount as N per class, balance to M
    or a factor; real files copied, linked or left out; memorised samples and gallery rejections
    left out; the judge-confidence filter; add to a folder; zip; sample sheet; seed, temperature,
    truncation).

    Parameters
    ----------
    state : AppState
        The shared state; exports ``state.trained_run`` with ``state.config.data.path``.
    parent : QWidget, optional
        Qt parent.

    Signals
    -------
    settings_changed()
        The user changed an export setting (a project then has unsaved changes).
    """

    error_title = QT_TRANSLATE_NOOP("Panel", "Export failed")
    settings_changed = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.last_summary: dict | None = None
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.options = ExportOptions()  # what to export, where
        self.recommend_label = QLabel()  # what the run's evaluation recommends, when it has one
        self.recommend_label.setWordWrap(True)
        self.recommend_label.hide()
        self._recommended_for: tuple[str, str] | None = None  # (run, report time) applied last
        self._recommendation: tuple[dict, dict] | None = None  # (recommendation, report) shown
        buttons = self._build_buttons()
        self.result_box = self._build_result()
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.recommend_label)  # full width: a long verdict wraps, never clipped
        layout.addWidget(self.options)
        layout.addLayout(buttons)
        layout.addWidget(self.result_box, 1)
        self._connect(state)
        self._on_dataset_changed()
        self._on_run_changed()
        self._retranslate()

    def _build_buttons(self) -> QHBoxLayout:
        """Export and Cancel, with the progress and the time left."""
        self.export_button = QPushButton()
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.progress_bar = QProgressBar()
        self.eta_label = QLabel()
        self.eta_label.setMinimumWidth(200)
        self._eta_text = lambda: ""  # the progress line (re-made on a language change)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress_bar, 1)
        buttons.addWidget(self.eta_label)
        self._started = 0.0
        return buttons

    def _build_result(self) -> QGroupBox:
        """What the last export wrote: a sentence and a table per class."""
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_table = make_table(["", "", "", ""])
        self.result_table.setMaximumWidth(560)
        box = QGroupBox()
        result_layout = QVBoxLayout(box)
        result_layout.addWidget(self.result_label)
        result_layout.addWidget(self.result_table, 1)
        self._result_state = ""  # "", "running", "done", "cancelled": what result_label says
        return box

    def _connect(self, state: AppState) -> None:
        self.export_button.clicked.connect(self.export)
        self.cancel_button.clicked.connect(self.cancel)
        self.options.changed.connect(self.settings_changed)
        state.run_changed.connect(self._on_run_changed)
        state.dataset_changed.connect(self._on_dataset_changed)

    def _retranslate(self) -> None:
        """Every text and tooltip of the panel in the current language."""
        self.eta_label.setText(self._eta_text())
        self.options.retranslate()
        self.export_button.setText(self.tr("Export"))
        self.export_button.setToolTip(self.tr("Write the augmented dataset folder"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop; nothing is written"))
        self.progress_bar.setToolTip(self.tr("Files written"))
        self.result_box.setTitle(self.tr("Result"))
        self.result_table.setHorizontalHeaderLabels([self.tr("Class"), self.tr("Real"), self.tr("Synthetic"),
                                                     self.tr("Moved")])
        self.result_table.setToolTip(self.tr("What was written, per class"))
        self._on_run_changed()
        self._show_recommendation()
        if self._result_state == "done" and self.last_summary is not None:
            self._show_summary(self.last_summary)
        elif self._result_state == "cancelled":
            self.result_label.setText(self.tr("Export cancelled: nothing was written."))

    def settings(self) -> dict:
        """The form as plain values (saved in a project; :meth:`apply_settings` puts them back)."""
        return self.options.settings()

    def apply_settings(self, values: dict) -> None:
        """Put back what :meth:`settings` returned (missing keys keep the form's value)."""
        self.options.apply_settings(values)

    def request(self) -> ExportRequest:
        """The :class:`ExportRequest` the form describes, for the run in use."""
        return self.options.request(str(self.state.trained_run), self.state.config.data.path)

    @Slot()
    def export(self) -> None:
        """Run the export on a worker thread."""
        if self.busy or self.state.trained_run is None:
            return
        req = self.request()
        if not req.out:
            self.show_error(self.tr("Choose an output folder first."))
            return
        self._result_state = "running"
        self.result_label.setText(self.tr("Exporting to {0}…").format(req.out))
        self.result_table.setRowCount(0)
        self._started = time.monotonic()
        self._set_eta(lambda: self.tr("starting…"))
        self.run_task(
            lambda progress, should_stop: export_dataset(req, progress, should_stop),
            on_progress=self._on_export_progress, on_succeeded=self._on_succeeded,
            on_cancelled=self._on_cancelled,
        )

    def set_busy(self, busy: bool) -> None:
        """Export while idle, Cancel while exporting."""
        self.export_button.setEnabled(not busy and self.state.trained_run is not None)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress_bar.setRange(0, 0)  # generating: no count yet
            self.progress_bar.setValue(0)
        elif self.progress_bar.maximum() == 0:  # ended before any count: leave "busy" look
            self.progress_bar.setRange(0, 1)

    def _on_export_progress(self, report: tuple[int, int]) -> None:
        done, total = report
        self.progress_bar.setRange(0, max(1, total))
        self.progress_bar.setValue(done)
        elapsed = time.monotonic() - self._started
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate > 0 else None
        self._set_eta(lambda: self.tr("{0}/{1} files · {2}/s · {3} left").format(
            f"{done:,}", f"{total:,}", f"{rate:,.0f}", format_seconds(eta)))

    def _set_eta(self, text) -> None:
        """Show ``text()`` in the progress line, now and after a language change."""
        self._eta_text = text
        self.eta_label.setText(text())

    def _on_succeeded(self, summary: dict) -> None:
        self.last_summary = summary
        self._result_state = "done"
        self._show_summary(summary)
        took = format_seconds(time.monotonic() - self._started)
        self._set_eta(lambda: self.tr("done in {0}").format(took))
        per_class = summary["per_class"]
        self.result_table.setRowCount(len(per_class))
        for r, (name, n) in enumerate(per_class.items()):
            set_row(self.result_table, r, [name, n["real"], n["synthetic"], n.get("moved", 0)])
        self.status_message.emit(self.tr("Export done: {0}").format(summary["out"]))

    def _show_summary(self, summary: dict) -> None:
        """What the export wrote, in one paragraph."""
        extras = [summary["manifest"], summary["card"]] + [x for x in (summary.get("sheet"),) if x]
        head = (self.tr("Added {0} real and {1} synthetic images to {2} (with {3})")
                if summary.get("added_to_existing") else
                self.tr("Wrote {0} real and {1} synthetic images to {2} (with {3})"))
        parts = [head.format(f"{summary['real']:,}", f"{summary['synthetic']:,}", summary["out"],
                             ", ".join(str(x) for x in extras))]
        if summary.get("moved"):
            parts.append(self.tr("{0} moved copies of the real images").format(f"{summary['moved']:,}"))
        if summary.get("memorized_rejected"):
            parts.append(self.tr("{0} near-copies of training images left out").format(
                f"{summary['memorized_rejected']:,}"))
        if summary.get("unconfident_rejected"):
            parts.append(self.tr("{0} samples the judge was not sure of left out").format(
                f"{summary['unconfident_rejected']:,}"))
        if summary.get("short"):
            classes = ", ".join(self.tr("{0} ({1} short)").format(name, f"{n:,}")
                                for name, n in summary["short"].items())
            parts.append(self.tr("fewer synthetic images than asked where the filters kept too few: {0}")
                         .format(classes))
        if summary.get("curation_skipped"):
            parts.append(self.tr("{0} images rejected in the gallery skipped").format(
                f"{summary['curation_skipped']:,}"))
        if summary.get("zip"):
            parts.append(self.tr("archive {0}").format(summary["zip"]))
        self.result_label.setText("; ".join(parts) + ".")

    def _on_cancelled(self) -> None:
        self._result_state = "cancelled"
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.result_label.setText(self.tr("Export cancelled: nothing was written."))
        self._set_eta(lambda: "")
        self.status_message.emit(self.tr("Export cancelled"))

    @Slot()
    def _on_dataset_changed(self) -> None:
        """Suggest ``<Documents>/<dataset>-augmented-<time>`` for the new dataset."""
        self.options.suggest_folder(self.state.config.data.path)

    @Slot()
    def _on_run_changed(self) -> None:
        run = self.state.trained_run
        self.export_button.setEnabled(run is not None and not self.busy)
        rejected = 0
        if run is not None:
            try:
                rejected = Curation.load(run).count()
            except UserError:
                pass
        self.options.set_run(run_model_name(run) if run else None,
                             has_judge=run is not None and (Path(run) / files.JUDGE).is_file())
        self._apply_recommendation(run)
        if run is None:
            self.hint_label.setText(self.tr("Nothing to export yet: train a model first (step 3, Train) "
                                            "or open a finished run from Runs. Export adds its samples "
                                            "to your dataset."))
        elif rejected:
            self.hint_label.setText(self.tr("Exports synthetic images from the run in {0} ({1} images "
                                            "rejected in the gallery).").format(run, f"{rejected:,}"))
        else:
            self.hint_label.setText(self.tr("Exports synthetic images from the run in {0}.").format(run))

    def _apply_recommendation(self, run: Path | None) -> None:
        """Make the amount the run's evaluation recommends the default, once per saved report.

        The evaluation's factor (1 + the synthetic amount) selects "Multiply"; when the recommended
        variant kept only the images the judge was sure of, the same confidence filter is switched
        on. Later edits are the user's until a new report is saved. An amount validation favoured
        that the test images could not confirm is set too, and said to be unconfirmed; a report
        that advises against only says so.
        """
        report = load_report(run) if run is not None else None
        key = (str(run), str(report.get("created"))) if report is not None else None
        if key == self._recommended_for:
            return
        self._recommended_for = key
        rec = (report or {}).get("recommendation")
        self._recommendation = (rec, report) if rec else None
        advice = export_advice(report)  # what `export --recommended` uses too
        if advice is not None:
            self.options.use_factor(advice.factor, advice.min_confidence)
        self._show_recommendation()

    def _show_recommendation(self) -> None:
        """The recommendation of the run's evaluation, in the current language (hidden if none)."""
        if self._recommendation is None:
            self.recommend_label.hide()
            return
        rec, report = self._recommendation
        advice = export_advice(report)
        light = current_theme() == "light"
        if advice is None:
            text = self.tr("Export is not recommended by the evaluation: {0}.").format(
                engine_text(report["verdict"]["text"]))
            style = "color: #B71C1C;" if light else "color: #FF8A80;"
        elif advice.confirmed:
            text = self.tr("×{0} is recommended by the evaluation: adding {1}× the real count (chosen "
                           "on validation data) gained {2} points on the test images, 95% interval "
                           "{3}.").format(f"{advice.factor:g}", f"{rec['amount']:g}",
                                          signed_points(rec["gain_mean"]),
                                          interval(rec.get("interval"), signed=True))
            style = "color: #1B5E20;" if light else "color: #8BD18B;"
        else:  # favoured on validation; the test images show no clear effect either way
            text = self.tr("×{0} is favoured by the evaluation's validation data (adding {1}× the real "
                           "count changed validation accuracy by {2} points); its test images are too "
                           "few to confirm it: {3} points, 95% interval {4}. Set below; export the real "
                           "images alone if you need a confirmed gain.").format(
                f"{advice.factor:g}", f"{rec['amount']:g}", signed_points(rec.get("validation_gain")),
                signed_points(rec["gain_mean"]), interval(rec.get("interval"), signed=True))
            style = "color: #8A5A00;" if light else "color: #FFD180;"
        if advice is not None and advice.min_confidence is not None:
            text += " " + (self.tr("It kept only the images the judge was at least {0} sure of; the "
                                   "same filter is set below.").format(f"{advice.min_confidence:g}")
                           if self.options.has_judge else
                           self.tr("It kept only the images the judge was sure of, but the judge file "
                                   "is missing from the run, so the gain may differ."))
        self.recommend_label.setStyleSheet(style)
        self.recommend_label.setText(text)
        self.recommend_label.show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Language changes re-set the texts (Panel); a theme change recolours the recommendation."""
        if event.type() == QEvent.Type.PaletteChange:
            self._show_recommendation()
        super().changeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Refresh the rejection count: the gallery may have changed it meanwhile."""
        super().showEvent(event)
        self._on_run_changed()


if __name__ == "__main__":
    raise SystemExit(preview(ExportPanel))
