"""The Evaluate step from the GUI: run the report in the background, show it, keep it, cancel it;
Export follows its recommendation; Train plots the quality curve."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from conftest import TEST_SIZE, tiny_config  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from engine.data.sample import load_sample  # noqa: E402
from engine.evaluate import report as report_module  # noqa: E402
from engine.evaluate.report import EvalConfig, evaluate_run, load_report  # noqa: E402
from engine.train.trainer import TrainProgress  # noqa: E402
from gui.panels import evaluate_panel as panel_module  # noqa: E402
from gui.panels.evaluate_panel import EvaluatePanel  # noqa: E402
from gui.panels.evaluation_results import LEAST_BAD_BRUSH, RECOMMENDED_BRUSH  # noqa: E402
from gui.panels.export_panel import ExportPanel  # noqa: E402
from gui.panels.train_panel import TrainPanel  # noqa: E402
from gui.state import AppState  # noqa: E402
from gui.widgets.loss_plot import QualityPlot  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_qsettings")]
WAIT_MS = 120_000  # generous: the CI machine has 2 cores and may be busy
SMALL = dict(amounts=(0.5, 1.0), metric_samples=200, memorization_samples=200, device="cpu")


def small_config(**changes) -> EvalConfig:
    """Settings that evaluate the tiny run in seconds (seeds and steps come from the form)."""
    return EvalConfig(**{**SMALL, **changes})


@pytest.fixture
def run_copy(split_run, tmp_path) -> Path:
    """A private copy of the session's tiny run (with its split), so a saved report stays in this test."""
    return Path(shutil.copytree(split_run, tmp_path / "run"))


def make_panel(qtbot, tmp_path: Path, run: Path | None) -> EvaluatePanel:
    state = AppState(runs_root=tmp_path / "workspace")
    panel = EvaluatePanel(state)
    qtbot.addWidget(panel)
    panel.config = small_config()
    panel.seeds_spin.setValue(2)
    panel.steps_spin.setValue(30)
    panel.resize(1030, 740)
    panel.show()
    state.set_trained_run(run)
    return panel


@pytest.mark.parametrize("split_run", ["cvae"], indirect=True)
def test_evaluate_shows_saves_and_reopens_the_report(qtbot, tmp_path, run_copy, dialogs, monkeypatch):
    panel = make_panel(qtbot, tmp_path, run_copy)
    assert panel.report is None and panel.results.chart.bar_count == 0
    assert "Not evaluated yet" in panel.verdict_label.text() and panel.results.isHidden()

    qtbot.mouseClick(panel.evaluate_button, Qt.MouseButton.LeftButton)
    assert panel.busy and panel.cancel_button.isEnabled() and not panel.evaluate_button.isEnabled()
    qtbot.waitUntil(lambda: not panel.busy, timeout=WAIT_MS)
    assert not dialogs, dialogs

    report = panel.report
    saved = json.loads((run_copy / "evaluation.json").read_text(encoding="utf-8"))
    assert report == saved == load_report(run_copy)
    assert report["settings"]["seeds"] == 2 and report["settings"]["classifier_steps"] == 30
    assert panel.last_progress is not None and panel.last_progress[0] == panel.last_progress[1]
    # five bars with their intervals as error bars, in percent
    assert panel.results.chart.bar_count == 5
    assert panel.results.chart.means == pytest.approx([100 * a["accuracy_mean"] for a in report["arms"]])
    assert panel.results.chart.lows == pytest.approx([100 * a["accuracy_ci"][0] for a in report["arms"]])
    assert panel.results.chart.highs == pytest.approx([100 * a["accuracy_ci"][1] for a in report["arms"]])
    chart = panel.results.chart
    assert all(lo <= m <= hi for lo, m, hi in zip(chart.lows, chart.means, chart.highs, strict=True))
    assert report["verdict"]["text"] in panel.verdict_label.text()
    helps = report["verdict"]["helps"]
    assert ("#1B5E20" in panel.verdict_label.styleSheet()) == helps  # green only when it helps
    assert report["verdict"]["method"] in panel.detail_label.text()
    # how the images were kept apart: choices on validation, the test images once
    method = report["discipline"]["validation"]["method"]  # k-fold on the sample's 20 per class
    assert ("k-fold cross-validation" if method == "k-fold" else "validation part of the training split") in (
        panel.results.discipline_label.text())
    assert "nothing was chosen on them" in panel.results.discipline_label.text()
    # the validation rows, with the chosen row highlighted (green only when the test confirms it)
    rows = report["validation"]
    assert panel.results.sweep_table.rowCount() == len(rows) == 4
    brush = RECOMMENDED_BRUSH if helps else LEAST_BAD_BRUSH
    highlighted = [r for r in range(4) if panel.results.sweep_table.item(r, 0).background() == brush]
    assert highlighted == [r for r, row in enumerate(rows) if row["chosen"]]
    assert panel.results.class_table.rowCount() == len(report["data"]["classes"])
    assert "Memorisation" in panel.results.metrics_label.text()
    assert panel.results.isVisible() and panel.intro_label.isHidden()

    # Re-opening the run shows the saved report without evaluating again.
    monkeypatch.setattr(panel_module, "evaluate_run", lambda *a, **k: pytest.fail("re-evaluated"))
    again = make_panel(qtbot, tmp_path, run_copy)
    assert not again.busy and again.report == saved
    assert again.results.chart.bar_count == 5 and report["verdict"]["text"] in again.verdict_label.text()
    again.state.set_trained_run(None)
    assert again.report is None and again.results.chart.bar_count == 0
    assert not again.evaluate_button.isEnabled()


@pytest.mark.parametrize("split_run", ["cvae"], indirect=True)
def test_cancel_stops_fast_and_keeps_the_previous_report(qtbot, tmp_path, run_copy, dialogs):
    before = evaluate_run(run_copy, "sample", small_config(seeds=1, classifier_steps=20))
    saved_text = (run_copy / "evaluation.json").read_text(encoding="utf-8")
    panel = make_panel(qtbot, tmp_path, run_copy)
    assert panel.report == before and panel.results.chart.bar_count == 5

    panel.steps_spin.setValue(50_000)  # far longer than the test: only Cancel can end it
    panel.evaluate()
    qtbot.waitUntil(lambda: panel.last_progress is not None and panel.last_progress[0] > 0,
                    timeout=WAIT_MS)
    start = time.monotonic()
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy, timeout=5_000)
    assert time.monotonic() - start < 1.0
    assert not dialogs, dialogs
    assert "cancelled" in panel.progress_label.text()
    assert panel.report == before and panel.results.chart.bar_count == 5
    assert before["verdict"]["text"] in panel.verdict_label.text()
    assert (run_copy / "evaluation.json").read_text(encoding="utf-8") == saved_text
    assert panel.evaluate_button.isEnabled()


@pytest.mark.parametrize("split_run", ["cvae"], indirect=True)
def test_an_engine_error_is_a_dialog(qtbot, tmp_path, run_copy, dialogs):
    panel = make_panel(qtbot, tmp_path, run_copy)
    panel.test_edit.setText(str(tmp_path / "no-such-folder"))
    panel.evaluate()
    qtbot.waitUntil(lambda: not panel.busy and bool(dialogs), timeout=WAIT_MS)
    title, text = dialogs[0]
    assert title == "Evaluation failed" and "not found" in text and "no-such-folder" in text
    assert not text.startswith("Unexpected")  # a user error, said as one
    assert panel.report is None and not (run_copy / "evaluation.json").exists()


@pytest.mark.parametrize("split_run", ["cvae"], indirect=True)
@pytest.mark.parametrize("advice", ["helps", "unconfirmed", "against"])
def test_export_defaults_to_the_recommended_amount(qtbot, tmp_path, run_copy, monkeypatch, advice):
    real = report_module._assemble  # a real report, with the verdict forced one way or another

    def assemble(*args, **kwargs):
        report = real(*args, **kwargs)
        helps = advice == "helps"
        report["recommendation"].update(amount=1.0, factor=2.0, helps=helps, filtered=False, gain_mean=0.015,
                                        interval=[0.01, 0.03] if helps else [-0.02, 0.05],
                                        validation_favours="none" if advice == "against" else "synthetic",
                                        validation_gain=0.04)
        report["verdict"].update(helps=helps, verdict="helps" if helps else "no clear effect",
                                 text="forced for the test")
        return report

    monkeypatch.setattr(report_module, "_assemble", assemble)
    evaluate_run(run_copy, "sample", small_config(seeds=1, classifier_steps=20))
    state = AppState(runs_root=tmp_path / "workspace")
    export = ExportPanel(state)
    qtbot.addWidget(export)
    assert export.options.per_class_radio.isChecked() and export.recommend_label.isHidden()
    state.set_trained_run(run_copy)
    assert export.options.factor_radio.isChecked() == (advice != "against")
    assert not export.recommend_label.isHidden()
    text = export.recommend_label.text()
    if advice != "against":
        factor = export.options.factor_spin
        assert factor.value() == pytest.approx(2.0) and factor.isEnabled()
        assert export.request().factor == pytest.approx(2.0) and export.request().per_class is None
        export.options.per_class_radio.setChecked(True)  # the user's choice survives a refresh
        state.set_trained_run(run_copy)
        assert export.options.per_class_radio.isChecked()
    if advice == "helps":
        assert "recommended by the evaluation" in text and "95% interval [+1.0, +3.0]" in text
    elif advice == "unconfirmed":
        assert "favoured by the evaluation's validation data" in text and "+4.0 points" in text
        assert "too few to confirm it: +1.5 points, 95% interval [-2.0, +5.0]" in text
    else:
        assert "not recommended" in text
        assert export.options.per_class_radio.isChecked()


def test_train_panel_plots_the_quality_curve(qtbot, tmp_path):
    panel = TrainPanel(AppState(runs_root=tmp_path / "workspace"))
    qtbot.addWidget(panel)
    panel.show()
    assert panel.quality_plot.isHidden()

    def report(step: int, metrics: dict[str, float]) -> None:
        panel._history.append((step, metrics))  # what the worker's job does on its thread
        panel._on_progress(TrainProgress(step=step, total_steps=100, fraction=step / 100, elapsed_s=1.0,
                                         eta_s=1.0, images_per_s=10.0, metrics=metrics))
        panel.refresh_plots()  # what the panel's plot timer does a few times a second

    report(10, {"loss/D": 1.0, "loss/G": 0.7})
    assert panel.quality_plot.isHidden() and panel.loss_plot.names == ["loss/D", "loss/G"]
    report(20, {"loss/D": 0.9, "loss/G": 0.8, "quality/fd": 30.0, "quality/agreement": 0.4})
    report(30, {"loss/D": 0.8, "quality/fd": 20.0, "quality/agreement": float("nan")})
    assert panel.quality_plot.isVisible()
    assert panel.quality_plot.points(QualityPlot.FD) == 2
    assert panel.quality_plot.points(QualityPlot.AGREEMENT) == 2
    assert "quality/fd" not in panel.loss_plot.names  # the losses keep their own scale
    x, y = panel.quality_plot._agreement.getData()
    assert list(x) == [20.0, 30.0] and y[0] == pytest.approx(40.0)  # agreement in percent


def test_training_draws_the_quality_curve(qtbot, tmp_path):
    state = AppState(runs_root=tmp_path / "workspace")
    state.config.data.image_size = TEST_SIZE  # the tests' size, as the Data step would set it
    state.set_dataset(load_sample(TEST_SIZE), "sample")
    cfg = tiny_config("cvae", 20)
    cfg.train.quality_every = 10  # measurements at steps 10 and 20
    state.config.model, state.config.train = cfg.model, cfg.train
    panel = TrainPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    panel.start()
    qtbot.waitUntil(lambda: not panel.busy, timeout=WAIT_MS)
    assert panel.last_result is not None and not panel.last_result.stopped_early
    assert panel.quality_plot.isVisible()
    fd, agreement = (panel.quality_plot.points(n) for n in (QualityPlot.FD, QualityPlot.AGREEMENT))
    assert fd == agreement >= 2  # at steps 10 and 20 at least (the trainer may add its last step)
    assert not any(name.startswith("quality/") for name in panel.loss_plot.names)


def test_a_report_it_cannot_show_asks_to_evaluate_again(qtbot, tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    (run / "evaluation.json").write_text(json.dumps({"version": 99, "verdict": {"text": "?"}}),
                                         encoding="utf-8")
    panel = make_panel(qtbot, tmp_path, run)
    assert panel.report is None and panel.results.isHidden()
    assert "evaluate again" in panel.detail_label.text()
