"""Sample grids: one row per class from fixed noise, as a uint8 array for PNG files and the GUI."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from engine.models.registry import ModelSpec


@torch.no_grad()
def sample_grid(
    spec: ModelSpec, nets: dict[str, nn.Module], z: torch.Tensor, y: torch.Tensor, per_row: int
) -> np.ndarray:
    """Render ``spec.to_images(nets, z, y)`` as a (H, W, C) uint8 grid with ``per_row`` columns."""
    gen = nets[spec.generator_key]
    was_training = gen.training
    gen.eval()
    images = spec.to_images(nets, z, y)  # (B, C, h, w) in [0, 1]
    gen.train(was_training)
    return to_grid_array(images, per_row)


def to_grid_array(images: torch.Tensor, per_row: int, padding: int = 1) -> np.ndarray:
    """(B, C, h, w) floats in [0, 1] or uint8 to a (H, W, C) uint8 grid (torchvision's make_grid)."""
    from torchvision.utils import make_grid  # imported late: torchvision costs seconds at start-up

    if images.dtype == torch.uint8:
        images = images.float() / 255.0
    grid = make_grid(images.detach().cpu().clamp(0, 1), nrow=per_row, padding=padding, pad_value=0.5)
    if images.shape[1] == 1:
        grid = grid[:1]  # make_grid repeats gray to 3 channels; keep one
    return (grid.mul(255).round().to(torch.uint8).permute(1, 2, 0).contiguous()).numpy()
