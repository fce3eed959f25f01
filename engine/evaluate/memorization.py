"""Memorisation: how close each generated image is to its nearest training image, in pixels."""

from __future__ import annotations

import torch

# RMS pixel difference (intensities in [0, 1]) below which a sample counts as a copy of a
# training image: about 5 gray levels on average, far below what two distinct photographs differ by.
COPY_RMS = 0.02


def nearest_real(
    fake: torch.Tensor, real: torch.Tensor, chunk: int = 1024
) -> tuple[torch.Tensor, torch.Tensor]:
    """For each image in ``fake`` (N, C, H, W) the nearest in ``real`` (M, C, H, W), both uint8.

    Returns (rms_distance (N,), index into real (N,)). Computed in chunks so memory stays at
    ``chunk * M`` floats.
    """
    r = real.flatten(1).float().div_(255.0)  # (M, D)
    scale = r.shape[1] ** 0.5
    dists, idxs = [], []
    for start in range(0, len(fake), chunk):
        f = fake[start:start + chunk].flatten(1).float().div_(255.0)  # (b, D)
        d, i = torch.cdist(f, r).min(dim=1)  # (b,), (b,)
        dists.append(d / scale)
        idxs.append(i)
    if not dists:
        return torch.empty(0), torch.empty(0, dtype=torch.int64)
    return torch.cat(dists), torch.cat(idxs)


def is_copy(fake: torch.Tensor, real: torch.Tensor, threshold: float = COPY_RMS) -> torch.Tensor:
    """Boolean mask (N,): which generated images are near-copies of a training image."""
    dist, _ = nearest_real(fake, real)
    return dist < threshold
