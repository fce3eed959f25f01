"""Shape planning and blocks shared by the generators, decoders and discriminators."""

from __future__ import annotations

import torch
from torch import nn

from engine.errors import UserError
from engine.sizes import decompose


def plan_resolution(image_size: int) -> tuple[int, int]:
    """Split ``image_size`` into ``base * 2**n_up`` with a base of 3-7 pixels and n_up >= 1.

    16 -> (4, 2), 28 -> (7, 2), 32 -> (4, 3), 64 -> (4, 4). The networks start (or end) at a
    base x base map and double (or halve) the resolution n_up times (rule: :mod:`engine.sizes`).
    """
    plan = decompose(image_size)
    if plan is None:
        raise UserError(
            f"Image size {image_size} is not supported: use a size such as 16, 28, 32, 48 or 64 "
            "(a number from 3 to 7 times a power of two)"
        )
    return plan


def auto_width(image_size: int) -> int:
    """Default network width: 32 up to 16 pixels (the sample trains in a minute on a CPU), else 64."""
    return 32 if image_size <= 16 else 64


def channel_plan(width: int, n_up: int) -> list[int]:
    """Feature maps from the coarsest map to the finest: halving each level, at most 4x width."""
    return [min(width * 4, max(width // 2, width * 2 ** (n_up - 1 - k))) for k in range(n_up + 1)]


def up_block(c_in: int, c_out: int) -> nn.Sequential:
    """Double the resolution: nearest upsampling then a 3x3 conv (no checkerboard artefacts)."""
    return nn.Sequential(
        nn.Upsample(scale_factor=2, mode="nearest"),
        nn.Conv2d(c_in, c_out, 3, padding=1, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(inplace=True),
    )



class ConditionalBatchNorm2d(nn.Module):
    """Batch norm whose gain and bias are linear in a conditioning vector (de Vries et al. 2017).

    As in BigGAN (Brock et al. 2019) the vector is the class embedding, optionally joined with the
    noise, so the class and the noise shape every layer of the generator instead of only its input.
    Gain starts at 1 and bias at 0: at initialisation this is plain batch norm.
    """

    def __init__(self, num_features: int, cond_dim: int):
        super().__init__()
        self.bn = nn.BatchNorm2d(num_features, affine=False)
        self.gain = nn.Linear(cond_dim, num_features, bias=False)
        self.bias = nn.Linear(cond_dim, num_features, bias=False)
        nn.init.zeros_(self.gain.weight)
        nn.init.zeros_(self.bias.weight)

    def forward(self, x: torch.Tensor, cond: torch.Tensor) -> torch.Tensor:
        h = self.bn(x)  # (B, C, H, W), normalised over the batch
        gain = 1 + self.gain(cond)[:, :, None, None]  # (B, C, 1, 1)
        return h * gain + self.bias(cond)[:, :, None, None]


class ConditionalUpBlock(nn.Module):
    """:func:`up_block` with conditional batch norm driven by ``cond`` (B, cond_dim)."""

    def __init__(self, c_in: int, c_out: int, cond_dim: int):
        super().__init__()
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.conv = nn.Conv2d(c_in, c_out, 3, padding=1, bias=False)
        self.norm = ConditionalBatchNorm2d(c_out, cond_dim)

    def forward(self, x: torch.Tensor, cond: torch.Tensor) -> torch.Tensor:
        return torch.relu(self.norm(self.conv(self.up(x)), cond))  # (B, c_out, 2H, 2W)
