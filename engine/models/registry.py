"""Model registry: one entry per family holds everything that varies by family.

An entry (:class:`ModelSpec`) says how to build the networks, how noise becomes images, the
training step, the metric that marks the best checkpoint, the default learning rate, a description
for people, which settings apply to it, and what the presets change for it. The command line's
choices, the Model panel's list, its tooltips and the presets all read this table; adding a family
is one new module (its networks and step) plus :func:`register`, and touches no GUI file.

A checkpoint stores the family name and the constructor arguments (:class:`ModelArgs`), so the
checkpoint alone rebuilds the model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields

import torch
from torch import nn

from engine.config import ModelConfig, RunConfig
from engine.errors import UserError
from engine.models import cgan, cvae
from engine.models.ema import standing_stats
from engine.models.layers import auto_width

# (nets, optims, x (B, C, H, W) in [0, 1], y (B,), *, step, config, report) -> None
StepFn = Callable[..., None]


@dataclass(frozen=True)
class ModelArgs:
    """Constructor arguments shared by every model; stored in checkpoints."""

    latent_dim: int
    num_classes: int
    channels: int
    image_size: int
    width: int
    embed_dim: int
    spectral_norm: bool = False  # GAN discriminator only
    conditioning: str = "input"  # GAN generator: "input" or "cbn"; checkpoints before it were "input"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_config(cls, m: ModelConfig, num_classes: int, channels: int, image_size: int) -> ModelArgs:
        """The arguments the model settings ``m`` give for data of this shape (the one place)."""
        return cls(latent_dim=m.latent_dim, num_classes=num_classes, channels=channels,
                   image_size=image_size, width=m.width or auto_width(image_size),
                   embed_dim=m.embed_dim, spectral_norm=m.spectral_norm, conditioning=m.conditioning)

    @classmethod
    def from_dict(cls, raw: dict) -> ModelArgs:
        """As saved in a checkpoint; keys added since keep their defaults (the old behaviour)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})


@dataclass(frozen=True)
class ModelSpec:
    """Everything about one model family.

    Attributes
    ----------
    title, description : str
        Its name and one line on what it is good at, for people (Model panel, ``--help``).
    build : callable
        ``ModelArgs -> {name: nn.Module}``.
    to_images : callable
        ``(nets, z, y) -> images`` in [0, 1], (B, C, H, W).
    generator_key : str
        The network that makes images; put in eval mode to sample.
    trained : tuple of str
        Networks with an optimiser (the others are averages of them).
    step : callable
        One optimisation step (see :data:`StepFn`); its math is in the family's module.
    monitor : str or None
        The metric whose lowest value marks the "best" checkpoint; None when the losses say
        nothing about quality (a GAN's).
    default_lr : float
        The Adam learning rate when the config leaves ``lr`` at 0.
    knobs : frozenset of str
        Settings (``ModelConfig`` / ``TrainConfig`` field names, and ``"truncation"`` for the
        sampling trick) that apply to this family; the GUI shows only those.
    preset : callable or None
        ``(config, preset_name, num_images) -> None``: what the presets set for this family
        beyond the common fields (``num_images``: the dataset's size).
    before_save : callable or None
        ``(nets, args) -> None``: what the family does to its networks before a checkpoint is
        written, so that every sample made from the file alone is made the same way (the GAN:
        the standing batch-norm statistics of its moving average).
    """

    title: str
    build: Callable[[ModelArgs], dict[str, nn.Module]]
    to_images: Callable[[dict[str, nn.Module], torch.Tensor, torch.Tensor], torch.Tensor]
    generator_key: str
    trained: tuple[str, ...]
    step: StepFn
    monitor: str | None
    default_lr: float
    description: str = ""
    knobs: frozenset[str] = field(default_factory=frozenset)
    preset: Callable[[RunConfig, str, int], None] | None = None
    before_save: Callable[[dict[str, nn.Module], ModelArgs], None] | None = None


MODELS: dict[str, ModelSpec] = {}


def register(name: str, spec: ModelSpec) -> None:
    """Add (or replace) the family ``name``."""
    MODELS[name] = spec


def get_model(name: str) -> ModelSpec:
    """Look up a model family by name, with a clear error for an unknown one."""
    try:
        return MODELS[name]
    except KeyError:
        raise UserError(f"Unknown model '{name}': choose one of {', '.join(MODELS)}") from None


def model_names() -> list[str]:
    """The registered family names, in registration order."""
    return list(MODELS)


def default_lr(model: str) -> float:
    """Learning rate used when the config leaves ``lr`` at 0."""
    return get_model(model).default_lr


# ------------------------------------------------------------------------------------------------
def _build_cgan(a: ModelArgs) -> dict[str, nn.Module]:
    def generator() -> cgan.Generator:
        return cgan.Generator(a.latent_dim, a.num_classes, a.channels, a.image_size, a.width,
                              a.embed_dim, a.conditioning)

    g, g_ema = generator(), generator()
    g_ema.load_state_dict(g.state_dict())
    g_ema.requires_grad_(False)
    return {
        "G": g,
        "D": cgan.Discriminator(a.num_classes, a.channels, a.image_size, a.width, a.spectral_norm),
        "G_ema": g_ema,  # the moving average of G: every sample the user sees comes from it
    }


# DiffAugment is for limited data: from this many images on the presets turn it off. On the full
# MNIST training set (59,000 digits, 10 CPU minutes) the synthetic-only accuracy was higher without
# it (validation 93.65 against 93.05; benchmarks/results/quality.md, "The full MNIST training set").
DIFFAUGMENT_UP_TO = 20_000


def _cgan_preset(config: RunConfig, preset: str, num_images: int) -> None:
    # The GAN's small-data recipe in every preset: the class drives every generator layer
    # (conditional batch norm), the bounded mode-seeking term keeps the noise meaning something,
    # and a fast optimiser (Adam 1e-3, beta1 = 0) gets far in the 1-2k steps a CPU affords, so
    # each class gets many poses instead of one or two (issue 4; benchmarks/quality.py).
    # The quality preset's wider nets over 6,000 steps want half that rate: at 1e-3 one of three
    # seeds collapsed on full MNIST (synthetic-only 15%); at 5e-4 all three gave 94-95%.
    m, t = config.model, config.train
    m.conditioning, m.mode_seeking, m.mode_seeking_target = "cbn", 1.0, 1.0
    t.lr, t.beta1 = (5e-4 if preset == "quality" else 1e-3), 0.0
    m.diffaugment = ModelConfig.diffaugment if num_images < DIFFAUGMENT_UP_TO else ""


register("cgan", ModelSpec(
    title="Conditional GAN",
    description="A generator and a critic trained against each other: sharp samples; needs more "
                "steps and can be unstable on very small data.",
    build=_build_cgan,
    to_images=lambda nets, z, y: (nets["G_ema"](z, y) + 1) / 2,
    generator_key="G_ema",
    trained=("G", "D"),
    step=cgan.cgan_step,
    monitor=None,
    # 5e-4, not DCGAN's 2e-4: on CPU budgets (1-2k steps) on small data 2e-4 leaves the generator
    # undertrained and collapsed (MNIST 20/class, 1k steps: synthetic-only 49.6% at 2e-4, 62.8% at 5e-4).
    default_lr=5e-4,
    knobs=frozenset({"loss", "spectral_norm", "diffaugment", "ema_decay", "mode_seeking", "r1_gamma",
                     "lecam", "ada_target", "ada_start", "real_moves", "mode_seeking_target", "conditioning",
                     "truncation"}),
    preset=_cgan_preset,
    # The average's batch-norm statistics are recomputed from its own activations (BigGAN's
    # standing statistics) instead of the raw generator's copied ones: MNIST 50/class, 5 minutes,
    # benchmarks/results/quality.md "Standing statistics".
    before_save=lambda nets, a: standing_stats(nets["G_ema"], a.latent_dim, a.num_classes),
))

register("cvae", ModelSpec(
    title="Conditional VAE",
    description="An encoder-decoder that learns to rebuild images: stable and fast to train; "
                "samples are smoother (blurrier).",
    build=lambda a: {"vae": cvae.ConditionalVAE(a.latent_dim, a.num_classes, a.channels,
                                                a.image_size, a.width, a.embed_dim)},
    to_images=lambda nets, z, y: torch.sigmoid(nets["vae"].decode(z, y)),
    generator_key="vae",
    trained=("vae",),
    step=cvae.cvae_step,
    monitor="loss/VAE",
    default_lr=1e-3,  # VAEs train well at Adam's usual 1e-3
    knobs=frozenset({"kl_warmup_steps"}),
))
