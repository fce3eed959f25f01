"""One set of defaults (issue 16): `train --preset` builds the RunConfig the Model panel's presets build."""

from __future__ import annotations

import pytest

from engine.cli.args import build_parser
from engine.cli.main import _train_config, train_config
from engine.config import DataConfig, RunConfig
from engine.data.load import load_dataset
from gui.panels.model_panel import ModelPanel
from gui.state import AppState

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("isolated_qsettings")]


def _cli_config(tmp_path, *extra: str) -> tuple[RunConfig, str]:
    args = build_parser().parse_args(["train", "--data", "sample", "--out", str(tmp_path / "run"),
                                      *extra])
    cfg_data = _train_config(args).data  # the data settings `train` loads with (unset = default)
    return train_config(args, cfg_data, load_dataset(cfg_data))


def _gui_panel(qtbot, tmp_path) -> tuple[AppState, ModelPanel]:
    state = AppState(runs_root=tmp_path / "runs")
    panel = ModelPanel(state)
    qtbot.addWidget(panel)
    return state, panel


@pytest.mark.parametrize("model", ["cgan", "cvae"])
def test_cli_default_is_the_gui_auto_preset(qtbot, tmp_path, model):
    state, panel = _gui_panel(qtbot, tmp_path)
    state.set_option("model", "name", model)
    state.set_dataset(load_dataset(DataConfig(path="sample")), "sample")  # the panel applies "auto"
    cli, preset = _cli_config(tmp_path, "--model", model)
    assert preset == "balanced"  # a CPU, 2,200 images of 28 px
    assert cli.to_dict() == state.config.to_dict()
    if model == "cgan":  # the preset, not the bare defaults (beta1 0.5, lr 0), is what both train
        assert (cli.train.lr, cli.train.beta1) == (1e-3, 0.0) != (RunConfig().train.lr,
                                                                  RunConfig().train.beta1)


def test_cli_preset_and_overrides_match_the_panel(qtbot, tmp_path):
    state, panel = _gui_panel(qtbot, tmp_path)
    state.set_dataset(load_dataset(DataConfig(path="sample")), "sample")
    panel.preset_combo.setCurrentIndex(panel.preset_combo.findData("fast"))
    panel._apply_preset()
    cli, preset = _cli_config(tmp_path, "--model", "cgan", "--preset", "fast")
    assert preset == "fast" and cli.to_dict() == state.config.to_dict()
    # Explicit options win over the preset, as editing a field after Apply does in the panel.
    cli, _ = _cli_config(tmp_path, "--model", "cgan", "--preset", "fast", "--steps", "77",
                         "--batch-size", "8", "--seed", "3")
    state.set_option("train", "steps", 77)
    state.set_option("train", "batch_size", 8)
    state.set_option("train", "seed", 3)
    assert cli.to_dict() == state.config.to_dict()


def test_a_reload_or_an_opened_run_keeps_its_settings(qtbot, tmp_path, gan_run):
    state, panel = _gui_panel(qtbot, tmp_path)
    state.set_dataset(load_dataset(DataConfig(path="sample")), "sample")
    state.set_option("train", "steps", 123)
    state.set_dataset(load_dataset(DataConfig(path="sample", image_size=16)), "sample")
    assert state.config.train.steps == 123  # the same dataset again: the user's edit stays
    panel._preset_source = None  # even a dataset the panel has not seen keeps an opened run's
    state.use_run(gan_run, train=False)
    if state._pending_run is not None:  # the run's dataset is loaded as the Data panel would
        state.set_dataset(load_dataset(state.config.data), state.config.data.path)
    assert state.config_from_run and state.config.model.width == 8  # the tiny run's, not a preset's
