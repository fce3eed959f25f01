"""Model registry: a name maps to how to build the networks and how to turn noise into images.

A checkpoint stores the name and the constructor arguments (:class:`ModelArgs`), so the checkpoint
alone rebuilds the model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import torch
from torch import nn

from engine.errors import UserError
from engine.models.cgan import Discriminator, Generator
from engine.models.cvae import ConditionalVAE


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


@dataclass(frozen=True)
class ModelSpec:
    """How one model family is built and sampled."""

    title: str
    build: Callable[[ModelArgs], dict[str, nn.Module]]
    # (networks, z, y) -> images in [0, 1], (B, C, H, W)
    to_images: Callable[[dict[str, nn.Module], torch.Tensor, torch.Tensor], torch.Tensor]
    generator_key: str  # the network that makes images; put in eval mode to sample
    trained: tuple[str, ...]  # networks with an optimiser (the others are averages of them)


def _build_cgan(a: ModelArgs) -> dict[str, nn.Module]:
    g = Generator(a.latent_dim, a.num_classes, a.channels, a.image_size, a.width, a.embed_dim,
                  a.conditioning)
    g_ema = Generator(a.latent_dim, a.num_classes, a.channels, a.image_size, a.width, a.embed_dim,
                      a.conditioning)
    g_ema.load_state_dict(g.state_dict())
    g_ema.requires_grad_(False)
    return {
        "G": g,
        "D": Discriminator(a.num_classes, a.channels, a.image_size, a.width, a.spectral_norm),
        "G_ema": g_ema,  # the moving average of G: every sample the user sees comes from it
    }


def _build_cvae(a: ModelArgs) -> dict[str, nn.Module]:
    return {
        "vae": ConditionalVAE(
            a.latent_dim, a.num_classes, a.channels, a.image_size, a.width, a.embed_dim
        )
    }


MODELS: dict[str, ModelSpec] = {
    "cgan": ModelSpec(
        title="Conditional GAN",
        build=_build_cgan,
        to_images=lambda nets, z, y: (nets["G_ema"](z, y) + 1) / 2,
        generator_key="G_ema",
        trained=("G", "D"),
    ),
    "cvae": ModelSpec(
        title="Conditional VAE",
        build=_build_cvae,
        to_images=lambda nets, z, y: torch.sigmoid(nets["vae"].decode(z, y)),
        generator_key="vae",
        trained=("vae",),
    ),
}


def get_model(name: str) -> ModelSpec:
    """Look up a model family by name, with a clear error for an unknown one."""
    try:
        return MODELS[name]
    except KeyError:
        raise UserError(f"Unknown model '{name}': choose one of {', '.join(MODELS)}") from None
