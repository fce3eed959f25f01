"""Conditional DCGAN (Radford et al. 2016) with a projection discriminator (Miyato & Koyama 2018).

The generator concatenates the noise with a learned class embedding; the discriminator scores
realism with a linear head plus the inner product of its features with an embedding of the label,
which is what makes it judge "is this a real image *of this class*".
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm as _sn

from engine.config import RunConfig
from engine.models.augment import ada_adjust, diff_augment, parse_policy, rand_moves
from engine.models.ema import update_ema
from engine.models.faults import optimise
from engine.models.layers import ConditionalUpBlock, channel_plan, plan_resolution, up_block
from engine.models.losses import (
    GAN_LOSSES,
    lecam_penalty,
    mode_seeking_loss,
    r1_penalty,
    real_pair_distance,
)

Report = Callable[[str, torch.Tensor], None]

# How the generator sees the class: "input" with the noise at the first layer only; "cbn" also
# through conditional batch norm in every block; "cbn_z" feeds the noise to those norms as well.
CONDITIONING = ("input", "cbn", "cbn_z")


class Generator(nn.Module):
    """Map (z, class) to an image in [-1, 1].

    ``conditioning``: "input" feeds the class embedding with the noise to the first layer only;
    "cbn" also gives every upsampling block batch-norm gains and biases computed from the class
    embedding; "cbn_z" computes them from the embedding and the noise (BigGAN's skip-z).
    """

    def __init__(
        self, latent_dim: int, num_classes: int, channels: int, image_size: int,
        width: int = 64, embed_dim: int = 32, conditioning: str = "input",
    ):
        super().__init__()
        if conditioning not in CONDITIONING:
            raise ValueError(f"unknown conditioning {conditioning!r}: use {', '.join(CONDITIONING)}")
        self.latent_dim = latent_dim
        self.conditioning = conditioning
        self.conditional_blocks = conditioning != "input"
        cond_dim = embed_dim + (latent_dim if conditioning == "cbn_z" else 0)
        base, n_up = plan_resolution(image_size)
        ch = channel_plan(width, n_up)
        self.base, self.c0 = base, ch[0]
        self.embed = nn.Embedding(num_classes, embed_dim)
        self.fc = nn.Sequential(
            nn.Linear(latent_dim + embed_dim, ch[0] * base * base, bias=False),
            nn.BatchNorm1d(ch[0] * base * base),
            nn.ReLU(inplace=True),
        )
        if self.conditional_blocks:
            self.blocks = nn.ModuleList(
                [ConditionalUpBlock(ch[k], ch[k + 1], cond_dim) for k in range(n_up)])
        else:
            self.blocks = nn.Sequential(*[up_block(ch[k], ch[k + 1]) for k in range(n_up)])
        self.to_image = nn.Sequential(nn.Conv2d(ch[-1], channels, 3, padding=1), nn.Tanh())

    def forward(self, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        e = self.embed(y)  # (B, embed)
        h = self.fc(torch.cat([z, e], dim=1)).view(-1, self.c0, self.base, self.base)  # (B, C0, b, b)
        if self.conditional_blocks:
            cond = torch.cat([e, z], dim=1) if self.conditioning == "cbn_z" else e  # (B, cond_dim)
            for block in self.blocks:
                h = block(h, cond)  # (B, C_k, 2x, 2x)
        else:
            h = self.blocks(h)
        return self.to_image(h)  # (B, C, H, W) in [-1, 1]


class Discriminator(nn.Module):
    """Score (image, class): higher means "a real image of this class".

    No batch norm, so each image is judged on its own and the projection term stays per-sample;
    optional spectral normalisation of every layer (Miyato et al. 2018) bounds its Lipschitz constant.
    """

    def __init__(
        self, num_classes: int, channels: int, image_size: int, width: int = 64,
        spectral_norm: bool = False,
    ):
        super().__init__()
        sn = _sn if spectral_norm else (lambda m: m)
        _, n_down = plan_resolution(image_size)
        ch = channel_plan(width, n_down)[::-1]  # finest to coarsest
        layers: list[nn.Module] = [sn(nn.Conv2d(channels, ch[0], 3, padding=1)),
                                   nn.LeakyReLU(0.2, inplace=True)]
        for k in range(n_down):
            layers += [sn(nn.Conv2d(ch[k], ch[k + 1], 4, stride=2, padding=1)),
                       nn.LeakyReLU(0.2, inplace=True)]
        self.features = nn.Sequential(*layers)
        self.linear = sn(nn.Linear(ch[-1], 1))
        self.embed = sn(nn.Embedding(num_classes, ch[-1]))
        # The LeCam regulariser's moving averages of the mean logit on real and on fake images
        # (engine.models.losses.lecam_penalty): here so checkpoints and devices carry them.
        self.register_buffer("lecam_anchors", torch.zeros(2))
        # ADA's augmentation probability (engine.models.augment.ada_adjust), likewise.
        self.register_buffer("ada_p", torch.zeros(()))

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        # Checkpoints saved before LeCam or ADA existed lack their buffers: they start at 0, as in
        # a new run.
        state_dict.setdefault(prefix + "lecam_anchors", torch.zeros(2))
        state_dict.setdefault(prefix + "ada_p", torch.zeros(()))
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        h = self.features(x).sum(dim=(2, 3))  # (B, F): global sum pooling
        projection = (self.embed(y) * h).sum(dim=1)  # (B,): <embed(y), h>
        return self.linear(h).squeeze(1) + projection  # (B,) logits


@contextlib.contextmanager
def _frozen(net: nn.Module) -> Iterator[None]:
    """Within the block, ``net``'s parameters take no gradient (the graph built there keeps none)."""
    flags = [p.requires_grad for p in net.parameters()]
    net.requires_grad_(False)
    try:
        yield
    finally:
        for p, flag in zip(net.parameters(), flags, strict=True):
            p.requires_grad_(flag)


# ------------------------------------------------------------------------------------------------
def cgan_step(
    nets: dict[str, nn.Module], optims: dict, x: torch.Tensor, y: torch.Tensor, *,
    step: int, config: RunConfig, report: Report,
) -> None:
    """One discriminator update, one generator update, then the generator's moving average.

    Both D inputs go through the same DiffAugment policy (Zhao et al. 2020), in both steps; with
    ``ada_target`` each transform with ADA's adaptive probability, adjusted after the D step.
    """
    mc = config.model
    G, D = nets["G"], nets["D"]
    d_net = getattr(D, "module", D)
    d_loss_fn, g_loss_fn = GAN_LOSSES[mc.loss]
    policy = parse_policy(mc.diffaugment, x.shape[1])
    p = d_net.ada_p if mc.ada_target > 0 else None  # (), updated in place
    if p is not None and step == 0:  # a new run (a resume starts later, from the saved p)
        p.fill_(mc.ada_start)
    real = x * 2 - 1  # (B, C, H, W) in [-1, 1], the range of the generator's tanh
    if mc.real_moves > 0:  # the real distribution widened by small moves; G is to learn them too
        real = rand_moves(real, mc.real_moves)
    half = real.shape[0] // 2
    z = torch.randn(real.shape[0], mc.latent_dim, device=real.device)  # (B, latent)
    if mc.mode_seeking > 0:  # pairs (i, i + half) share a class for the diversity term
        y_fake = torch.cat([y[:half], y[:half], y[2 * half:]])
    else:
        y_fake = y
    fake = G(z, y_fake)  # (B, C, H, W)

    # ---------------- D step: real images of class y up, fakes down ----------------
    real_aug = diff_augment(real, policy, p)  # (B, C, H, W)
    r1 = mc.r1_gamma > 0
    if r1:
        real_aug = real_aug.detach().requires_grad_(True)
    real_logits = D(real_aug, y)  # (B,)
    fake_logits = D(diff_augment(fake.detach(), policy, p), y_fake)  # (B,)
    d_loss = d_loss_fn(real_logits, fake_logits)
    if mc.lecam > 0:
        anchors = d_net.lecam_anchors  # (2,), updated in place
        lecam = lecam_penalty(real_logits, fake_logits, anchors)
        report("lecam", lecam.detach())
        d_loss = d_loss + mc.lecam * lecam
    if r1:
        penalty = r1_penalty(real_logits, real_aug)
        report("r1", penalty.detach())
        d_loss = d_loss + 0.5 * mc.r1_gamma * penalty
    optimise("loss/D", optims["D"], d_loss)
    if p is not None:
        ada_adjust(p, real_logits.detach(), mc.ada_target)
        report("ada_p", p.detach().clone())

    # ---------------- G step: make D believe the fakes are real images of class y ----------------
    # G's update needs D's gradient with respect to its input only: D's own weights are left out of
    # this graph, which spares their gradients (the next D step would discard them) and, under
    # torchrun, their all-reduce (the network inside DistributedDataParallel is called directly).
    with _frozen(d_net):
        fake_scores = d_net(diff_augment(fake, policy, p), y_fake)  # (B,)
    g_loss = g_loss_fn(fake_scores)
    if mc.mode_seeking > 0:
        za, zb = z[:half], z[half:2 * half]
        target = None
        if mc.mode_seeking_target > 0:  # the spread of real pairs of one class, per unit of z
            target = mc.mode_seeking_target * real_pair_distance(real, y) / (za - zb).abs().mean()
        ms = mode_seeking_loss(fake[:half], fake[half:2 * half], za, zb, target)
        report("mode_seeking", ms.detach())
        g_loss = g_loss + mc.mode_seeking * ms
    optimise("loss/G", optims["G"], g_loss)

    # The average follows G's weights after the step: under torchrun they are already synchronised
    # (G is then wrapped in DistributedDataParallel; the average is of the network inside).
    g_net = getattr(G, "module", G)
    if mc.ema_decay > 0:
        update_ema(nets["G_ema"], g_net, step, mc.ema_decay)
    else:
        nets["G_ema"].load_state_dict(g_net.state_dict())

    report("loss/D", d_loss.detach())
    report("loss/G", g_loss.detach())
