"""A small class-conditional diffusion model (DDPM, Ho et al. 2020), sampled with DDIM (Song et al.
2021) and classifier-free guidance (Ho & Salimans 2022): the candidate third family of issue 16,
measured by quality.py beside the app's GAN and VAE at the same wall-clock budget before it earns
a place in the app.

A U-Net of two resolutions below the image's (28 -> 14 -> 7 for 28 px), residual blocks with
group norm, the time step and the class added as one embedding; the network predicts the noise
(epsilon) under a cosine schedule (Nichol & Dhariwal 2021). The class is dropped to a "no class"
token for 10 % of the training images, so the same network gives the unconditional prediction
that guidance needs. An EMA of the weights is what samples. Image side must be a multiple of 4.
"""

from __future__ import annotations

import copy
import math
import time

import torch
import torch.nn.functional as F
from torch import nn

from engine.models.ema import update_ema

T = 1000          # diffusion steps of the training schedule
DROP_CLASS = 0.1  # share of training images whose class is hidden (classifier-free guidance)


def cosine_alpha_bar(t: torch.Tensor) -> torch.Tensor:
    """Cumulative signal share at ``t`` in [0, 1] (Nichol & Dhariwal 2021, eq. 17)."""
    s = 0.008
    return (torch.cos((t + s) / (1 + s) * math.pi / 2) ** 2).clamp(1e-5, 0.9999)


def timestep_embedding(t: torch.Tensor, dim: int) -> torch.Tensor:
    """Sinusoidal features of ``t`` in [0, 1]: (B,) -> (B, dim)."""
    half = dim // 2
    freqs = torch.exp(-math.log(10_000) * torch.arange(half, device=t.device) / half)
    args = 1000 * t[:, None] * freqs[None]
    return torch.cat([args.sin(), args.cos()], 1)


class ResBlock(nn.Module):
    def __init__(self, cin: int, cout: int, emb: int):
        super().__init__()
        self.n1, self.c1 = nn.GroupNorm(8, cin), nn.Conv2d(cin, cout, 3, padding=1)
        self.e = nn.Linear(emb, cout)
        self.n2, self.c2 = nn.GroupNorm(8, cout), nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, e):  # (B, cin, H, W), (B, emb) -> (B, cout, H, W)
        h = self.c1(F.silu(self.n1(x))) + self.e(e)[:, :, None, None]
        return self.skip(x) + self.c2(F.silu(self.n2(h)))


class UNet(nn.Module):
    """Noise prediction eps(x_t, t, y); class ``k`` is the "no class" token."""

    def __init__(self, k: int, c: int, side: int, w: int = 16, emb: int = 128):
        super().__init__()
        self.k, self.c, self.side = k, c, side
        self.t_mlp = nn.Sequential(nn.Linear(emb, emb), nn.SiLU(), nn.Linear(emb, emb))
        self.y_emb = nn.Embedding(k + 1, emb)
        self.inp = nn.Conv2d(c, w, 3, padding=1)
        self.d1, self.down1 = ResBlock(w, w, emb), nn.Conv2d(w, w, 3, 2, 1)              # H -> H/2
        self.d2, self.down2 = ResBlock(w, 2 * w, emb), nn.Conv2d(2 * w, 2 * w, 3, 2, 1)  # -> H/4
        self.m1, self.m2 = ResBlock(2 * w, 2 * w, emb), ResBlock(2 * w, 2 * w, emb)
        self.u2 = ResBlock(4 * w, 2 * w, emb)   # H/2: upsampled + skip of d2
        self.u1 = ResBlock(3 * w, w, emb)       # H: upsampled + skip of d1
        self.out = nn.Sequential(nn.GroupNorm(8, w), nn.SiLU(), nn.Conv2d(w, c, 3, padding=1))

    def forward(self, x, t, y):  # (B, C, H, W), (B,) in [0, 1], (B,) -> (B, C, H, W)
        e = self.t_mlp(timestep_embedding(t, self.y_emb.embedding_dim)) + self.y_emb(y)
        h1 = self.d1(self.inp(x), e)                       # (B, w, H, W)
        h2 = self.d2(self.down1(h1), e)                    # (B, 2w, H/2, W/2)
        h = self.m2(self.m1(self.down2(h2), e), e)         # (B, 2w, H/4, W/4)
        h = self.u2(torch.cat([F.interpolate(h, scale_factor=2.0), h2], 1), e)
        h = self.u1(torch.cat([F.interpolate(h, scale_factor=2.0), h1], 1), e)
        return self.out(h)


def diffusion_loss(net: UNet, x0: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The simple epsilon loss of Ho et al. 2020 (eq. 14), continuous t, some classes hidden."""
    t = torch.rand(len(x0), device=x0.device)
    a = cosine_alpha_bar(t)[:, None, None, None]
    noise = torch.randn_like(x0)
    xt = a.sqrt() * x0 + (1 - a).sqrt() * noise
    y = torch.where(torch.rand(len(y), device=y.device) < DROP_CLASS, net.k, y)
    return F.mse_loss(net(xt, t, y), noise)


def train_ddpm(images: torch.Tensor, labels: torch.Tensor, k: int, seconds: float, seed: int = 0,
               batch: int = 64, width: int = 16, lr: float = 1e-3, ema: float = 0.999) -> tuple[UNet, dict]:
    """Train on uint8 ``images`` (N, C, H, W) for ``seconds`` of wall clock; the EMA net and stats."""
    torch.manual_seed(seed)
    net = UNet(k, images.shape[1], images.shape[2], width)
    avg = copy.deepcopy(net).requires_grad_(False)
    opt = torch.optim.Adam(net.parameters(), lr)
    x_all = images.float() / 127.5 - 1
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        idx = torch.randint(0, len(x_all), (batch,))
        loss = diffusion_loss(net, x_all[idx], labels[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        steps += 1
        update_ema(avg, net, steps, ema)  # the app's EMA, with its short warm-up
    wall = time.perf_counter() - t0
    return avg.eval(), {"steps": steps, "wall_s": round(wall, 1),
                        "images_per_s": round(steps * batch / wall, 1), "width": width, "lr": lr}


@torch.no_grad()
def sample_ddpm(net: UNet, per_class: list[int], seed: int, steps: int = 25, guidance: float = 2.0,
                batch: int = 500):
    """``per_class[c]`` uint8 images of class c, as (images, labels): deterministic DDIM (eta 0) in
    ``steps`` steps, eps = eps(no class) + guidance * (eps(class) - eps(no class))."""
    gen = torch.Generator().manual_seed(seed)
    y_all = torch.cat([torch.full((n,), c, dtype=torch.long) for c, n in enumerate(per_class)])
    out = []
    for y in y_all.split(batch):
        x = torch.randn(len(y), net.c, net.side, net.side, generator=gen)
        ts = torch.linspace(1, 0, steps + 1)
        for t_now, t_next in zip(ts[:-1], ts[1:], strict=True):
            a_now = cosine_alpha_bar(t_now)
            a_next = cosine_alpha_bar(t_next) if t_next > 0 else torch.tensor(1.0)  # the end: x0
            tt = torch.full((len(y),), float(t_now))
            eps_c, eps_u = net(torch.cat([x, x]), torch.cat([tt, tt]),
                               torch.cat([y, torch.full_like(y, net.k)])).chunk(2)
            eps = eps_u + guidance * (eps_c - eps_u)
            x0 = ((x - (1 - a_now).sqrt() * eps) / a_now.sqrt()).clamp(-1, 1)
            eps = (x - a_now.sqrt() * x0) / (1 - a_now).sqrt()  # consistent with the clamped x0
            x = a_next.sqrt() * x0 + (1 - a_next).sqrt() * eps
        out.append(x)
    return ((torch.cat(out) + 1) * 127.5).round().clamp(0, 255).to(torch.uint8), y_all

