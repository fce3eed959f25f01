"""Shape planning and blocks shared by the generators, decoders and discriminators."""

from __future__ import annotations

from torch import nn

from engine.errors import UserError


def plan_resolution(image_size: int) -> tuple[int, int]:
    """Split ``image_size`` into ``base * 2**n_up`` with a base of 3-7 pixels and n_up >= 1.

    16 -> (4, 2), 28 -> (7, 2), 32 -> (4, 3), 64 -> (4, 4). The networks start (or end) at a
    base x base map and double (or halve) the resolution n_up times.
    """
    base, n_up = image_size, 0
    while base > 7 and base % 2 == 0:
        base //= 2
        n_up += 1
    if n_up < 1 or not 3 <= base <= 7:
        raise UserError(
            f"Image size {image_size} is not supported: use a size such as 16, 28, 32, 48 or 64 "
            "(a number from 3 to 7 times a power of two)"
        )
    return base, n_up


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
