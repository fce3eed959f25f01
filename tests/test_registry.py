"""One entry per model family: a throw-away family registered here trains, generates and exports
headless, and shows up in the command line and the Model panel, with no GUI file touched."""

from __future__ import annotations

import csv
import dataclasses
import json

import pytest
import torch
from torch import nn

from engine.cli import build_parser
from engine.cli import main as cli_main
from engine.config import ModelConfig, RunConfig
from engine.models import registry
from engine.models.faults import optimise
from engine.models.registry import ModelArgs, ModelSpec
from engine.train.presets import apply_preset


class TinyDecoder(nn.Module):
    """Noise and a class embedding to an image through one linear layer."""

    def __init__(self, a: ModelArgs):
        super().__init__()
        self.shape = (a.channels, a.image_size, a.image_size)
        self.embed = nn.Embedding(a.num_classes, a.embed_dim)
        self.out = nn.Linear(a.latent_dim + a.embed_dim, a.channels * a.image_size ** 2)

    def forward(self, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        h = torch.cat([z, self.embed(y)], dim=1)  # (B, latent + embed)
        return self.out(h).view(len(z), *self.shape)  # (B, C, H, W) logits


def tiny_step(nets, optims, x, y, *, step, config, report) -> None:
    """Pull each sample towards a real image of its class (a regression, not a real model)."""
    z = torch.randn(len(x), config.model.latent_dim, device=x.device)  # (B, latent)
    loss = (torch.sigmoid(nets["dec"](z, y)) - x).pow(2).mean()
    optimise("loss/tiny", optims["dec"], loss)
    report("loss/tiny", loss.detach())


def _tiny_preset(config: RunConfig, preset: str, num_images: int) -> None:
    config.train.lr = 3e-3


TINY = ModelSpec(
    title="Tiny test family", description="One linear layer; exists only in this test.",
    build=lambda a: {"dec": TinyDecoder(a)},
    to_images=lambda nets, z, y: torch.sigmoid(nets["dec"](z, y)),
    generator_key="dec", trained=("dec",), step=tiny_step, monitor="loss/tiny", default_lr=1e-2,
    knobs=frozenset(), preset=_tiny_preset,
)


@pytest.fixture
def tiny_family(monkeypatch):
    monkeypatch.setitem(registry.MODELS, "tiny", TINY)
    yield "tiny"


def test_a_new_family_trains_generates_and_exports_headless(tiny_family, tmp_path, capsys):
    args = build_parser().parse_args(["train", "--data", "sample", "--model", "tiny", "--out", "x"])
    assert args.model == "tiny"  # the command line's choices are the registry's
    run, gen, aug = tmp_path / "run", tmp_path / "gen", tmp_path / "aug"
    assert cli_main(["train", "--data", "sample", "--model", "tiny", "--out", str(run),
                     "--steps", "12", "--batch-size", "16"]) == 0
    trained = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert trained["model"] == "tiny" and trained["step"] == 12 and "loss/tiny" in trained["metrics"]
    assert cli_main(["generate", "--run", str(run), "--out", str(gen), "--per-class", "2"]) == 0
    assert json.loads(capsys.readouterr().out)["images"] == 20
    assert cli_main(["export", "--run", str(run), "--data", "sample", "--out", str(aug),
                     "--per-class", "3", "--no-real"]) == 0
    rows = list(csv.DictReader((aug / "manifest.csv").open()))
    assert len(rows) == 30 and {r["kind"] for r in rows} == {"synthetic"}

    from engine.runs import load_trained

    model = load_trained(run, "cpu")
    assert model.name == "tiny" and isinstance(model.nets["dec"], TinyDecoder)
    config = RunConfig(model=ModelConfig(name="tiny"))
    apply_preset(config, "fast", 1000, 16, "cpu")  # the family's own preset override applies
    assert config.train.lr == 3e-3


def test_the_model_panel_lists_the_registry(tiny_family, qtbot, isolated_qsettings):
    from gui.panels.model_panel import ModelPanel
    from gui.state import AppState

    panel = ModelPanel(AppState())
    qtbot.addWidget(panel)
    names = [panel.model_combo.itemData(i) for i in range(panel.model_combo.count())]
    assert names == list(registry.MODELS) and "tiny" in names
    i = names.index("tiny")
    assert panel.model_combo.itemText(i).startswith("Tiny test family")
    from PySide6.QtCore import Qt

    assert panel.model_combo.itemData(i, Qt.ItemDataRole.ToolTipRole) == TINY.description


def test_model_args_are_built_in_one_place_and_old_checkpoints_keep_their_defaults():
    m = ModelConfig(name="cgan", width=0, conditioning="cbn", spectral_norm=True)
    args = ModelArgs.from_config(m, num_classes=3, channels=1, image_size=16)
    assert args.width == 32 and args.conditioning == "cbn" and args.spectral_norm  # 0 = auto width
    old = {k: v for k, v in args.to_dict().items() if k != "conditioning"}
    assert ModelArgs.from_dict({**old, "unknown_later_key": 1}).conditioning == "input"
    assert dataclasses.replace(args, width=8).width == 8
