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


def nearest_feature(
    fake: torch.Tensor, real: torch.Tensor, chunk: int = 2048
) -> tuple[torch.Tensor, torch.Tensor]:
    """For each feature row of ``fake`` (N, D) the nearest row of ``real`` (M, D): (distance, index)."""
    dists, idxs = [], []
    for start in range(0, len(fake), chunk):
        d, i = torch.cdist(fake[start:start + chunk].float(), real.float()).min(dim=1)  # (b,)
        dists.append(d)
        idxs.append(i)
    if not dists:
        return torch.empty(0), torch.empty(0, dtype=torch.int64)
    return torch.cat(dists), torch.cat(idxs)


def feature_copy_threshold(real: torch.Tensor, quantile: float = 0.01, max_rows: int = 2000,
                           seed: int = 0) -> float:
    """A copy threshold in feature space, calibrated on the training set itself.

    The ``quantile`` of the distances between distinct training images and their nearest other
    training image (exact duplicates excluded): a generated image closer than that to a training
    image is closer than 99% of real images are to their own nearest neighbour.
    """
    gen = torch.Generator().manual_seed(seed)
    rows = real[torch.randperm(len(real), generator=gen)[:max_rows]].float()  # (m, D)
    d = torch.cdist(rows, real.float())  # (m, M)
    d[d <= 1e-6] = float("inf")  # the row itself and exact duplicates are not neighbours
    nearest = d.min(dim=1).values
    nearest = nearest[torch.isfinite(nearest)]
    return float(torch.quantile(nearest, quantile)) if len(nearest) else 0.0


def memorization_report(
    fake_images: torch.Tensor, real_images: torch.Tensor,
    fake_feat: torch.Tensor | None = None, real_feat: torch.Tensor | None = None,
    threshold: float = COPY_RMS,
) -> dict:
    """Flag generated images that are near-copies of a training image, in pixels and in features.

    Returns the rates, thresholds and, per generated image, the pixel distance, the nearest
    training image and whether it was flagged (by either measure).
    """
    dist, idx = nearest_real(fake_images, real_images)  # (N,), (N,)
    pixel = dist < threshold
    result = {"threshold_rms": threshold, "checked": len(fake_images),
              "rate_pixels": float(pixel.float().mean()) if len(pixel) else 0.0}
    flagged = pixel
    if fake_feat is not None and real_feat is not None and len(real_feat) > 1:
        f_threshold = feature_copy_threshold(real_feat)
        f_dist, _ = nearest_feature(fake_feat, real_feat)
        by_feature = f_dist < f_threshold
        flagged = pixel | by_feature
        result.update(threshold_features=f_threshold,
                      rate_features=float(by_feature.float().mean()) if len(by_feature) else 0.0)
    result.update(rate=float(flagged.float().mean()) if len(flagged) else 0.0,
                  count=int(flagged.sum()), flagged=flagged, distance=dist, nearest=idx)
    return result
