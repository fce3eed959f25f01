"""Differentiable augmentation for GANs on small data (DiffAugment, Zhao et al. 2020).

The same random transformation family is applied to real and fake images before the
discriminator sees them, in both the D and the G step, so D cannot memorise the few real images
and G still receives gradients through the transform. Policy names follow the paper's code:
``color`` (brightness, saturation, contrast), ``translation`` (shift by up to 1/8 of the size, zero
fill), ``cutout`` (a zeroed square of half the size); ``brightness`` and ``contrast`` are two of
colour's three alone, which also apply to gray images. Images are in [-1, 1].

With an adaptive probability (ADA, Karras et al. 2020) each transform reaches each image only with
probability p, and ``ada_adjust`` moves p after every discriminator step: up while D is surer of
the real images than the target, down otherwise.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def rand_brightness(x: torch.Tensor) -> torch.Tensor:
    return x + (torch.rand(x.shape[0], 1, 1, 1, device=x.device) - 0.5)


def rand_saturation(x: torch.Tensor) -> torch.Tensor:
    mean = x.mean(dim=1, keepdim=True)  # (B, 1, H, W)
    return (x - mean) * (torch.rand(x.shape[0], 1, 1, 1, device=x.device) * 2) + mean


def rand_contrast(x: torch.Tensor) -> torch.Tensor:
    mean = x.mean(dim=(1, 2, 3), keepdim=True)  # (B, 1, 1, 1)
    return (x - mean) * (torch.rand(x.shape[0], 1, 1, 1, device=x.device) + 0.5) + mean


def rand_translation(x: torch.Tensor, ratio: float = 0.125) -> torch.Tensor:
    """Shift each image by up to ``ratio`` of its size in x and y, filling with zeros."""
    b, _, h, w = x.shape
    sh, sw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    ty = torch.randint(-sh, sh + 1, (b, 1, 1), device=x.device)
    tx = torch.randint(-sw, sw + 1, (b, 1, 1), device=x.device)
    gy, gx = torch.meshgrid(torch.arange(h, device=x.device), torch.arange(w, device=x.device),
                            indexing="ij")
    gy = (gy.unsqueeze(0) + ty + 1).clamp(0, h + 1)  # (B, H, W) into the zero-padded image
    gx = (gx.unsqueeze(0) + tx + 1).clamp(0, w + 1)
    padded = F.pad(x, [1, 1, 1, 1]).permute(0, 2, 3, 1)  # (B, H+2, W+2, C)
    batch = torch.arange(b, device=x.device).view(b, 1, 1)
    return padded[batch, gy, gx].permute(0, 3, 1, 2).contiguous()  # (B, C, H, W)


def rand_cutout(x: torch.Tensor, ratio: float = 0.5) -> torch.Tensor:
    """Zero one square of ``ratio`` times the size at a random place in each image."""
    b, _, h, w = x.shape
    ch, cw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    oy = torch.randint(0, h + (1 - ch % 2), (b, 1, 1), device=x.device) - ch // 2
    ox = torch.randint(0, w + (1 - cw % 2), (b, 1, 1), device=x.device) - cw // 2
    yy = torch.arange(h, device=x.device).view(1, h, 1)
    xx = torch.arange(w, device=x.device).view(1, 1, w)
    inside = (yy >= oy) & (yy < oy + ch) & (xx >= ox) & (xx < ox + cw)  # (B, H, W)
    return x * (~inside).unsqueeze(1).to(x.dtype)


def rand_moves(x: torch.Tensor, share: float, degrees: float = 10.0, translate: float = 0.1,
               scale: tuple[float, float] = (0.9, 1.1)) -> torch.Tensor:
    """Rotate, shift and zoom a random ``share`` of the images a little, each its own way.

    The moves of the evaluation's classical augmentation (engine.evaluate.classical), done for a
    whole batch at once (one affine grid per image); uncovered corners are filled with -1. Unlike
    DiffAugment this is not undone for the fakes: given to the real images only, it is a
    deliberate leak, so the generator learns the moved images as well.
    """
    b = x.shape[0]
    rand = torch.rand(b, 5, device=x.device)
    angle = (rand[:, 0] * 2 - 1) * degrees * torch.pi / 180  # (B,)
    zoom = scale[0] + rand[:, 1] * (scale[1] - scale[0])
    shift = (rand[:, 2:4] * 2 - 1) * 2 * translate  # (B, 2): a fraction of the side; [-1, 1] spans 2
    cos, sin = torch.cos(angle) / zoom, torch.sin(angle) / zoom
    theta = torch.stack([torch.stack([cos, -sin, shift[:, 0]], 1),
                         torch.stack([sin, cos, shift[:, 1]], 1)], 1)  # (B, 2, 3)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    moved = F.grid_sample(x + 1, grid, mode="bilinear", padding_mode="zeros", align_corners=False) - 1
    keep = (rand[:, 4] >= share).view(b, 1, 1, 1)
    return torch.where(keep, x, moved)


_POLICIES = {
    "color": (rand_brightness, rand_saturation, rand_contrast),
    "translation": (rand_translation,),
    "cutout": (rand_cutout,),
    "brightness": (rand_brightness,),
    "contrast": (rand_contrast,),
}


def parse_policy(policy: str, channels: int) -> list[str]:
    """Names in ``policy`` ("translation,cutout,color"); colour is skipped for gray images."""
    names = [p.strip() for p in policy.split(",") if p.strip()]
    unknown = [p for p in names if p not in _POLICIES]
    if unknown:
        raise ValueError(f"unknown DiffAugment policy {unknown}: use {', '.join(_POLICIES)}")
    return [p for p in names if not (p == "color" and channels == 1)]


def diff_augment(x: torch.Tensor, policy: list[str], p: torch.Tensor | None = None) -> torch.Tensor:
    """Apply every transform of ``policy`` with fresh randomness per image.

    ``p`` (a 0-dim tensor, ADA's probability): each transform then reaches each image with that
    probability, drawn per image and transform; None applies every transform to every image.
    """
    for name in policy:
        for fn in _POLICIES[name]:
            if p is None:
                x = fn(x)
            else:
                pick = torch.rand(x.shape[0], 1, 1, 1, device=x.device) < p  # (B, 1, 1, 1)
                x = torch.where(pick, fn(x), x)
    return x


# ADA's adjustment speed: p can go from 0 to 1 in this many real images. The paper's 500k suits
# runs of millions of images; a 5-minute CPU run sees 200-350k, so this is a fifth of it.
ADA_RAMP_IMAGES = 100_000


def ada_adjust(p: torch.Tensor, real_logits: torch.Tensor, target: float) -> None:
    """Move ADA's probability ``p`` (0-dim, in place) after one discriminator step.

    The overfitting heuristic r_t = E[sign(D(real))] (Karras et al. 2020, sec. 3.1): above
    ``target`` D is too sure of the real images it sees, so p rises; below, it falls. It stays on
    the device (no host sync): the step is sign(r_t - target) * batch / ADA_RAMP_IMAGES.
    """
    with torch.no_grad():
        r_t = real_logits.sign().mean()
        step = torch.sign(r_t - target) * (real_logits.shape[0] / ADA_RAMP_IMAGES)
        p.add_(step.to(p.dtype)).clamp_(0.0, 1.0)
