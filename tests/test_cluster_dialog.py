"""Train → "Run on a cluster…": the run folder it writes and the command it shows (offscreen)."""

from __future__ import annotations

import json
import os
import shlex

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from conftest import TEST_SIZE  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402

from engine.cli import build_parser  # noqa: E402
from engine.config import RunConfig  # noqa: E402
from engine.data.sample import load_sample  # noqa: E402
from engine.runs import list_runs  # noqa: E402
from gui.cluster_dialog import ClusterDialog  # noqa: E402
from gui.panels.train_panel import TrainPanel  # noqa: E402
from gui.state import AppState  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_qsettings")]


@pytest.fixture
def state(tmp_path) -> AppState:
    s = AppState(runs_root=tmp_path / "workspace")
    s.config.data.image_size = TEST_SIZE
    s.set_dataset(load_sample(TEST_SIZE), "sample")
    s.config.model.name = "cvae"
    s.config.train.batch_size = 24
    return s


def test_the_dialog_writes_the_run_folder_and_shows_a_command_the_cli_accepts(qtbot, state):
    dialog = ClusterDialog(state)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("big-run")
    dialog.nproc_spin.setValue(4)
    assert dialog.remote_dir_edit.text() == str(state.runs_root / "big-run")  # follows the name
    assert "24 per process × 4 process(es) = global batch 96" in dialog.batch_label.text()

    with qtbot.waitSignal(state.runs_changed):
        assert dialog.write_run()
    run = state.runs_root / "big-run"
    assert {"config.json", "dataset.json", "split.json"} <= {p.name for p in run.iterdir()}
    assert not (run / "checkpoints").exists()  # nothing trained here
    saved = RunConfig.load_json(run / "config.json")
    assert (saved.model.name, saved.train.batch_size, saved.train.device) == ("cvae", 24, "auto")
    split = json.loads((run / "split.json").read_text())
    assert split["held_out_count"] == len(state.held_idx)
    assert json.loads((run / "dataset.json").read_text())["train_counts"] == \
        state.train_data().class_counts()
    assert [r.path.name for r in list_runs(state.runs_root)] == ["big-run"]  # listed in Runs

    command = dialog.command_edit.toPlainText()
    argv = shlex.split(command)
    assert argv[:6] == ["torchrun", "--standalone", "--nnodes", "1", "--nproc_per_node", "4"]
    args = build_parser().parse_args(argv[argv.index("main.py") + 1:])
    assert (args.config, args.out, args.data) == (str(run / "config.json"), str(run), "sample")

    dialog.copy_command()
    assert QGuiApplication.clipboard().text() == command

    assert not dialog.write_run()  # the folder exists now: never overwritten
    assert "exists already" in dialog.note_label.text()


def test_several_machines_need_a_rendezvous_endpoint(qtbot, state):
    dialog = ClusterDialog(state)
    qtbot.addWidget(dialog)
    assert not dialog.endpoint_edit.isEnabled()
    dialog.nnodes_spin.setValue(2)
    assert dialog.endpoint_edit.isEnabled()
    assert dialog.command_edit.toPlainText() == "" and not dialog.copy_button.isEnabled()
    assert "rendezvous" in dialog.note_label.text()
    dialog.endpoint_edit.setText("node1:29400")
    argv = shlex.split(dialog.command_edit.toPlainText())
    assert argv[argv.index("--rdzv-endpoint") + 1] == "node1:29400"
    assert dialog.copy_button.isEnabled()


def test_without_a_dataset_nothing_is_written(qtbot, tmp_path):
    state = AppState(runs_root=tmp_path / "workspace")
    dialog = ClusterDialog(state)
    qtbot.addWidget(dialog)
    assert not dialog.write_run()
    assert "Load a dataset" in dialog.note_label.text()
    assert not (tmp_path / "workspace").exists() or not any((tmp_path / "workspace").iterdir())


def test_the_train_panel_opens_the_dialog(qtbot, state):
    panel = TrainPanel(state)
    qtbot.addWidget(panel)
    assert panel.cluster_button.isEnabled()
    dialog = panel.open_cluster_dialog()
    assert isinstance(dialog, ClusterDialog) and dialog.isVisible()
    dialog.close()
