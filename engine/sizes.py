"""Which square image sides the networks can be built at, and the automatic training size.

One owner for both rules: the data loader asks :func:`auto_image_size` what "automatic" means for
a folder, and the models ask :func:`decompose` how to build a network for a side.
"""

from __future__ import annotations

MAX_AUTO_SIZE = 64  # "automatic" never trains above this (larger images are scaled down to fit)
MIN_BASE, MAX_BASE = 3, 7  # the networks start (or end) at a base x base map of 3-7 pixels


def decompose(side: int) -> tuple[int, int] | None:
    """``side`` as ``base * 2**n`` with a base of 3-7 pixels and n >= 1, or None when impossible.

    16 -> (4, 2), 28 -> (7, 2), 32 -> (4, 3), 64 -> (4, 4); 100 -> None (25 is not a base).
    """
    base, n = side, 0
    while base > MAX_BASE and base % 2 == 0:
        base //= 2
        n += 1
    if n < 1 or not MIN_BASE <= base <= MAX_BASE:
        return None
    return base, n


def is_supported(side: int) -> bool:
    """Whether the networks can be built for ``side`` x ``side`` images."""
    return decompose(side) is not None


def auto_image_size(native: int) -> int:
    """The training side for images whose (most common) short side is ``native`` pixels.

    Images train at their own size when the networks allow it and it is at most
    :data:`MAX_AUTO_SIZE` (28 stays 28); otherwise at the largest supported side below both
    (300 -> 64, 50 -> 48, 30 -> 28); images smaller than every supported side get the smallest.
    """
    limit = min(max(native, 1), MAX_AUTO_SIZE)
    for side in range(limit, 0, -1):
        if is_supported(side):
            return side
    return next(s for s in range(1, MAX_AUTO_SIZE + 1) if is_supported(s))
