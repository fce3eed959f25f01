"""Confidence intervals of accuracy and of the gain, by a paired bootstrap over seeds and test images.

Every classifier is tested on the same test images, and the arm it is compared with was trained
with the same seed, so the comparison is paired: the gain of one (seed, image) pair is
``correct_arm - correct_real`` (-1, 0 or +1). A bootstrap resample draws the seeds with
replacement and, independently, the images with replacement, and takes the mean gain over the
drawn pairs; the 2.5% and 97.5% quantiles of those means are the 95% interval (Efron &
Tibshirani 1993, the percentile interval; seeds and images resampled as in a two-way design).
"""

from __future__ import annotations

import torch

LEVEL = 0.95  # the confidence level of every interval in the report
CHUNK_CELLS = 4_000_000  # resamples x images held in memory at once


def bootstrap_interval(values: torch.Tensor, resamples: int = 2000, seed: int = 0,
                       level: float = LEVEL) -> tuple[float, float, float]:
    """Mean of ``values`` (S seeds, N images) and its bootstrap interval, seeds and images resampled.

    With one seed only the images are resampled. Returns ``(mean, low, high)``.
    """
    s, n = values.shape
    d = values.double()  # (S, N)
    gen = torch.Generator().manual_seed(seed)
    chunk = max(1, CHUNK_CELLS // max(1, n))
    means = []
    for start in range(0, resamples, chunk):
        b = min(chunk, resamples - start)
        seed_draws = torch.zeros(b, s, dtype=torch.float64).scatter_add_(
            1, torch.randint(0, s, (b, s), generator=gen), torch.ones(b, s, dtype=torch.float64))  # (b, S)
        image_draws = torch.zeros(b, n, dtype=torch.float64).scatter_add_(
            1, torch.randint(0, n, (b, n), generator=gen), torch.ones(b, n, dtype=torch.float64))  # (b, N)
        means.append(((seed_draws @ d) * image_draws).sum(1) / (s * n))  # (b,)
    dist = torch.cat(means)
    tail = (1.0 - level) / 2
    low, high = torch.quantile(dist, torch.tensor([tail, 1.0 - tail], dtype=torch.float64)).tolist()
    return float(d.mean()), low, high


def effect(low: float, high: float) -> str:
    """``"helps"`` when the whole interval is above 0, ``"hurts"`` when below, else no clear effect."""
    if low > 0:
        return "helps"
    if high < 0:
        return "hurts"
    return "no clear effect"


def method_text(seeds: int, images: int, resamples: int, level: float = LEVEL) -> str:
    """How the intervals were made, in one sentence (quoted by the report, the panel and the card)."""
    if seeds == 1:
        return (f"{level:.0%} paired bootstrap over the {images:,} test images only ({resamples:,} "
                "resamples): with one classifier seed the noise between seeds is not in the interval, "
                "so the true uncertainty is wider than shown; use 3 seeds or more")
    return (f"{level:.0%} paired bootstrap over {seeds} classifier seeds and {images:,} test images, "
            f"both resampled ({resamples:,} resamples, percentile interval)")
