"""Configuration: one dataclass per concern, each default commented, round-trip to JSON and TOML.

A run stores its :class:`RunConfig` in ``config.json``; checkpoints store it as a plain dict so that
a checkpoint alone rebuilds the model (``torch.load(weights_only=True)`` accepts plain containers).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any


@dataclass
class DataConfig:
    """How the image folder becomes a training tensor."""

    path: str = "sample"  # a class-folder dataset, or "sample" for the built-in digits
    image_size: int = 0  # square side; 0 = automatic: the images' own where possible (engine.sizes)
    channels: int = 0  # 1 (gray) or 3 (RGB); 0 = automatic (what most images are)
    resize: str = "crop"  # "crop": short side to size + centre crop; "pad": long side + pad (nothing cut)
    holdout_fraction: float = 0.2  # share of each class kept away from training, for evaluation
    split_seed: int = 0  # fixed so the same folder always gives the same held-out split


@dataclass
class ModelConfig:
    """The generative model and its size."""

    name: str = "cgan"  # a key of engine.models.registry.MODELS: "cgan" or "cvae"
    latent_dim: int = 64  # length of the noise vector z
    width: int = 0  # base feature maps (layers use 0.5-4x); cost grows with its square; 0 = auto
    embed_dim: int = 32  # length of the learned class embedding fed to the generator / decoder
    # GAN only:
    loss: str = "hinge"  # "hinge" (Lim & Ye 2017) or "nonsaturating" (Goodfellow et al. 2014)
    spectral_norm: bool = False  # spectral norm on D (Miyato et al. 2018); see presets for why off
    diffaugment: str = "translation,cutout,color"  # DiffAugment policy; colour skipped for gray
    ema_decay: float = 0.999  # EMA of G used for every sample shown; 0 = off (warm-up built in)
    mode_seeking: float = 1.0  # weight of the diversity term of MSGAN (Mao et al. 2019); 0 = off
    r1_gamma: float = 0.0  # weight of the R1 gradient penalty on real images (Mescheder 2018); 0 = off
    mode_seeking_target: float = 1.0  # >0: push only up to this share of real same-class spread; 0 = MSGAN
    lecam: float = 0.0  # weight of the LeCam regulariser on D's outputs (Tseng et al. 2021); 0 = off
    ada_target: float = 0.0  # >0: ADA (Karras 2020): DiffAugment at a probability aiming r_t here; 0 = always
    ada_start: float = 0.0  # ADA's probability at the first step (the paper's: 0)
    real_moves: float = 0.0  # share of real images D sees slightly moved (G learns them too); 0 = off
    conditioning: str = "cbn"  # G sees the class: "input" (with the noise), "cbn" (every layer), "cbn_z"


# What a run saved before these model keys existed was trained with (the GAN's class entered with
# the noise; the mode-seeking term, when on, was plain MSGAN).
SAVED_BEFORE = {"conditioning": "input", "mode_seeking_target": 0.0}


@dataclass
class TrainConfig:
    """The optimisation budget and hyper-parameters."""

    steps: int = 1000  # optimiser steps; ignored when minutes > 0
    minutes: float = 0.0  # wall-clock budget; 0 = use steps
    batch_size: int = 64  # images per step; small data trains best with small batches
    lr: float = 0.0  # Adam learning rate; 0 = the model's default (5e-4 GAN, 1e-3 VAE)
    beta1: float = 0.5  # Adam beta1; 0.5 damps the oscillation of adversarial training
    kl_warmup_steps: int = 500  # VAE: KL weight rises linearly from 0 to 1 over these steps
    seed: int = 0  # seeds weights, batches and noise: the same seed gives the same run on the CPU
    device: str = "auto"  # "auto", "cpu", "cuda" or "mps"
    sample_every: int = 50  # steps between live sample grids (from fixed noise)
    log_every: int = 10  # steps between metric reports
    quality_every: int = 200  # steps between quality measurements of the live samples; 0 = off
    threads: int = 0  # torch CPU threads; 0 = all cores
    checkpoint_every: int = 500  # steps between checkpoints (0 = only at the end)
    checkpoint_minutes: float = 5.0  # and at least this often in wall-clock time (0 = never)
    keep_checkpoints: int = 3  # newest checkpoints kept (plus the best, when there is a metric)
    max_fault_retries: int = 3  # NaN roll-backs (each halving the learning rate) before giving up
    compile: str = "auto"  # torch.compile: "auto" (CUDA only), "on", "off"; env GENAUG_COMPILE=0 = off
    precision: str = "auto"  # "auto": bf16 autocast on CUDA (fp16 + loss scaler without bf16); "fp32"


@dataclass
class RunConfig:
    """Everything a training run needs; saved as ``config.json`` in the run folder."""

    data: DataConfig = field(default_factory=DataConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    train: TrainConfig = field(default_factory=TrainConfig)

    def to_dict(self) -> dict[str, Any]:
        """Plain nested dict of built-in types."""
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> RunConfig:
        """Build from a nested dict; unknown keys are ignored, missing keys keep their defaults."""
        parts = {}
        for f in fields(cls):
            sub_cls = f.default_factory  # type: ignore[misc]
            known = {x.name for x in fields(sub_cls)}
            values = {k: v for k, v in raw.get(f.name, {}).items() if k in known}
            parts[f.name] = sub_cls(**values)
        return cls(**parts)

    def save_json(self, path: Path) -> None:
        """Write as indented JSON."""
        Path(path).write_text(json.dumps(self.to_dict(), indent=2), encoding="utf-8")

    @classmethod
    def from_saved(cls, raw: dict[str, Any]) -> RunConfig:
        """A config saved with a trained run: model keys added since then take the values that run
        was trained with (not today's defaults), so its checkpoint still fits the model."""
        return cls.from_dict({**raw, "model": {**SAVED_BEFORE, **raw.get("model", {})}})

    @classmethod
    def load_json(cls, path: Path) -> RunConfig:
        """Read a run's ``config.json`` written by :meth:`save_json` (see :meth:`from_saved`)."""
        return cls.from_saved(json.loads(Path(path).read_text(encoding="utf-8")))

    def to_toml(self) -> str:
        """Serialise as TOML: one table per concern, scalar values only."""
        lines: list[str] = []
        for section, values in self.to_dict().items():
            lines.append(f"[{section}]")
            for key, value in values.items():
                lines.append(f"{key} = {_toml_scalar(value)}")
            lines.append("")
        return "\n".join(lines)

    @classmethod
    def from_toml(cls, text: str) -> RunConfig:
        """Parse text written by :meth:`to_toml` (or by hand)."""
        return cls.from_dict(tomllib.loads(text))


def _toml_scalar(value: Any) -> str:
    """One TOML scalar; strings go through JSON escaping, which TOML basic strings share."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value))
