"""The Evaluate step's report view: the accuracy chart, the validation sweep, metrics, per class.

:class:`EvaluationResults` shows one report (the engine's ``evaluation.json``): the accuracy of the
five training recipes with their intervals, the amounts of synthetic data tried on validation
data (the chosen row highlighted), how the images were kept apart, the quality metrics, and the
results per class. The words come from :mod:`gui.evaluation_text`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGroupBox, QLabel, QSplitter, QVBoxLayout, QWidget

from gui.engine_text import engine_text
from gui.evaluation_text import discipline_html, distinct_note, metrics_html, num, pct, signed_points
from gui.help_panel import metric_help
from gui.i18n import RetranslatedOnLanguageChange
from gui.widgets.accuracy_chart import AccuracyChart
from gui.widgets.tables import make_table, set_row

RECOMMENDED_BRUSH = QBrush(QColor("#CDEBC9"))  # the validation row chosen, when the test says it helps
LEAST_BAD_BRUSH = QBrush(QColor("#F6E7B8"))  # ... when the test does not confirm a gain
ROW_INK = QBrush(QColor("#202020"))  # the text of that row, dark on its light highlight
ARM_SHORT = {"real": "Real", "real_classical": "+ classical", "real_synth": "+ synthetic",
             "real_synth_classical": "+ synth + classical", "synth": "Synthetic only"}


class EvaluationResults(RetranslatedOnLanguageChange, QSplitter):
    """The chart and the validation table above, the metrics and the class table below."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.report: dict | None = None  # the report shown
        self.chart = AccuracyChart()
        self.chart.setMinimumHeight(170)
        self.chart_box = QGroupBox()
        QVBoxLayout(self.chart_box).addWidget(self.chart)
        self.sweep_table = make_table([""] * 4)
        self.sweep_box = QGroupBox()
        QVBoxLayout(self.sweep_box).addWidget(self.sweep_table)
        top_split = QSplitter(Qt.Orientation.Horizontal)
        top_split.addWidget(self.chart_box)
        top_split.addWidget(self.sweep_box)
        top_split.setSizes([560, 440])

        self.discipline_label = QLabel()  # how training, validation and test images were kept apart
        self.metrics_label = QLabel()
        for label in (self.discipline_label, self.metrics_label):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
        self.class_table = make_table([""] * 11)
        for table in (self.sweep_table, self.class_table):
            table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)  # compact
        self.class_box = QGroupBox()
        class_layout = QVBoxLayout(self.class_box)
        class_layout.addWidget(self.discipline_label)
        class_layout.addWidget(self.metrics_label)
        class_layout.addWidget(self.class_table, 1)
        self.addWidget(top_split)
        self.addWidget(self.class_box)
        self.setSizes([330, 300])
        self._retranslate()

    def _retranslate(self) -> None:
        self.sweep_table.setHorizontalHeaderLabels([
            self.tr("Synthetic added"), self.tr("Filter"), self.tr("Validation\naccuracy %"),
            self.tr("Validation gain\n(points)")])  # two lines: the table fits beside the chart
        self.sweep_table.setToolTip(self.tr("Real + synthetic at each amount (synthetic count / real "
                                            "count), with and without dropping images the judge is "
                                            "unsure of, scored on validation images; the highlighted "
                                            "row is the one chosen"))
        self.sweep_box.setTitle(self.tr("How much synthetic data to add (chosen on validation "
                                        "data)"))
        self.class_table.setHorizontalHeaderLabels([
            self.tr("Class"), self.tr("Recall: real"), self.tr("+ classical"), self.tr("+ synthetic"),
            self.tr("+ synth + classical"), self.tr("synthetic only"), "FD", "KID",
            self.tr("Precision"), self.tr("Recall"), self.tr("Agreement")])
        self.class_table.setToolTip(self.tr("Recall on the test images per recipe (%), then the "
                                            "quality of the generated images of the class against "
                                            "the test images"))
        self.class_box.setTitle(self.tr("Quality of the generated images, and results per class"))
        for widget, keys in ((self.chart, ("real_only", "cas", "interval")),
                             (self.sweep_table, ("gain", "confidence")),
                             (self.metrics_label, ("fid", "judge", "memorized")),
                             (self.class_table, ("cas", "fid", "judge"))):
            widget.setWhatsThis("<br><br>".join(metric_help(k) for k in keys))  # Shift+F1, click
        if self.report is None:
            self.show_report(None)

    def show_report(self, report: dict | None) -> None:
        """Show ``report`` (a dict as saved in ``evaluation.json``), or clear the view (None)."""
        self.report = report
        if report is None:
            self.chart.clear_chart()
            self.sweep_table.setRowCount(0)
            self.class_table.setRowCount(0)
            self.metrics_label.setText("")
            self.discipline_label.setText("")
            self.chart_box.setTitle(self.tr("Accuracy of the same classifier trained five ways"))
            return
        arms, verdict = report["arms"], report["verdict"]
        self.chart.set_accuracies([engine_text(a["label"]) for a in arms], [a["accuracy_mean"] for a in arms],
                                  [a["accuracy_ci"] for a in arms], [a["key"] for a in arms])
        self.chart_box.setTitle(self.tr("Accuracy on the test images ({test}), {level}% interval over "
                                        "{seeds} seed(s) and the images").format(
            test=engine_text(report["data"]["test_source"]), level=f"{100 * verdict['level']:.0f}",
            seeds=report["settings"]["seeds"]))
        self._fill_sweep(report)
        self._fill_classes(report)
        self.discipline_label.setText(discipline_html(report))
        self.metrics_label.setText(metrics_html(report))

    def _fill_sweep(self, report: dict) -> None:
        rows, helps = report.get("validation", []), bool(report["verdict"].get("helps"))
        favours_none = (report.get("recommendation") or {}).get("validation_favours") == "none"
        self.sweep_table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            set_row(self.sweep_table, r, [
                self.tr("{amount}× the real count").format(amount=f"{row['amount']:g}")
                + distinct_note(row),
                self.tr("judge ≥ {confidence}").format(confidence=f"{row['confidence']:g}")
                if row["filtered"] else self.tr("none"),
                pct(row["val_accuracy_mean"]),
                signed_points(row["val_gain_mean"]) + (f" ± {100 * row['val_gain_std']:.1f}"
                                                       if row.get("val_gain_std") else ""),
            ])
            if not row.get("chosen"):
                continue
            for c in range(self.sweep_table.columnCount()):
                item = self.sweep_table.item(r, c)
                item.setBackground(RECOMMENDED_BRUSH if helps else LEAST_BAD_BRUSH)
                item.setForeground(ROW_INK)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                if favours_none:
                    item.setToolTip(self.tr("The best amount on validation, yet not above real only "
                                            "there: no synthetic images are recommended; it was "
                                            "tested once to show what it would do"))
                else:
                    item.setToolTip(self.tr("Chosen on validation data; the test images confirm a gain")
                                    if helps else
                                    self.tr("Chosen on validation data; the test images show no clear "
                                            "gain"))

    def _fill_classes(self, report: dict) -> None:
        names = report["data"]["classes"]
        recall = {a["key"]: a.get("recall_mean") or [] for a in report["arms"]}
        per_class = {str(m["class"]): m for m in report["metrics"].get("per_class", [])}
        self.class_table.setRowCount(len(names))
        for r, name in enumerate(names):
            m = per_class.get(str(name), {})
            cells = [str(name)]
            cells += [pct(recall[k][r]) if r < len(recall.get(k, [])) else "–" for k in ARM_SHORT]
            cells += [num(m.get("fd"), "{:.2f}"), num(m.get("kid"), "{:.4f}"), pct(m.get("precision")),
                      pct(m.get("recall")), pct(m.get("label_agreement"))]
            set_row(self.class_table, r, cells)
            for c in range(1, len(cells)):
                self.class_table.item(r, c).setTextAlignment(
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
