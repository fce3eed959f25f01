"""The pieces of the small-data GAN recipe, and conditioning checked by a classifier."""

import pytest
import torch
from conftest import TEST_SIZE, tiny_config

from engine.data.dataset import stratified_split
from engine.data.sample import load_sample
from engine.evaluate.classifier import ClassifierRecipe, accuracy, train_classifier
from engine.generate import generate
from engine.models.augment import (
    ADA_RAMP_IMAGES,
    ada_adjust,
    diff_augment,
    parse_policy,
    rand_cutout,
    rand_moves,
    rand_translation,
)
from engine.models.ema import update_ema
from engine.models.losses import (
    d_loss_hinge,
    g_loss_hinge,
    lecam_penalty,
    mode_seeking_loss,
    r1_penalty,
    real_pair_distance,
)
from engine.runs import load_trained
from engine.train.trainer import train


def test_translation_shifts_content_and_fills_with_zeros():
    torch.manual_seed(0)
    x = torch.zeros(64, 1, 16, 16)
    x[:, :, 7:9, 7:9] = 1.0  # a 2x2 dot in the middle
    out = rand_translation(x, ratio=0.125)
    assert out.shape == x.shape
    assert torch.all(out.sum(dim=(1, 2, 3)) == 4)  # the dot moved, nothing was lost
    centres = (out[:, 0] > 0).nonzero()[:, 1:].float().view(64, 4, 2).mean(1)
    assert centres.std(0).min() > 0.5  # shifts differ between images
    assert centres.sub(7.5).abs().max() <= 2  # by at most 1/8 of 16 pixels


def test_moves_turn_shift_and_zoom_each_chosen_image_its_own_way():
    torch.manual_seed(0)
    x = torch.full((64, 1, 28, 28), -1.0)
    x[:, :, 10:18, 12:16] = 1.0  # a bar in the middle, on the -1 background
    assert torch.equal(rand_moves(x, share=0.0), x)  # off: untouched
    still = rand_moves(x, share=1.0, degrees=0.0, translate=0.0, scale=(1.0, 1.0))
    assert torch.allclose(still, x, atol=1e-5)  # the identity move changes nothing
    moved = rand_moves(x, share=1.0)
    assert moved.shape == x.shape and moved.min() >= -1 and moved.max() <= 1
    ink = (moved + 1).sum(dim=(1, 2, 3)) / (x[0] + 1).sum()
    assert ink.min() > 0.8**2 and ink.max() < 1.2**2  # zoomed by 0.9-1.1, nothing cut off
    flat = moved.flatten(1)
    assert (torch.cdist(flat, flat) + torch.eye(64) * 1e3).min() > 0.1  # every image its own move
    ys, xs = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    weight = moved[:, 0] + 1
    cy = (weight * ys).sum((1, 2)) / weight.sum((1, 2))
    cx = (weight * xs).sum((1, 2)) / weight.sum((1, 2))
    assert cy.sub(13.5).abs().max() < 0.1 * 28 + 1 and cx.sub(13.5).abs().max() < 0.1 * 28 + 1
    half = rand_moves(x, share=0.5)
    untouched = (half == x).flatten(1).all(1).float().mean()
    assert 0.25 < untouched < 0.75  # about half of the images keep their place


def _train_tiny_gan(run_dir, steps: int, **model) -> tuple:
    """A tiny GAN trained ``steps`` steps with ``model`` settings; its result and every report."""
    cfg = tiny_config("cgan", steps=steps)
    for key, value in model.items():
        setattr(cfg.model, key, value)
    seen = []
    result = train(cfg, load_sample(TEST_SIZE), run_dir, lambda p: seen.append(p.metrics))
    return result, seen


def test_gan_trains_on_moved_real_images(tmp_path):
    result, seen = _train_tiny_gan(tmp_path / "r", 6, real_moves=0.5)
    assert result.step == 6
    losses = [m["loss/D"] for m in seen if "loss/D" in m]
    assert losses and all(torch.isfinite(torch.tensor(losses)))


def test_cutout_zeroes_one_square_and_keeps_gradients():
    x = torch.ones(32, 3, 16, 16, requires_grad=True)
    out = rand_cutout(x, ratio=0.5)
    zeros = (out == 0).all(dim=1).sum(dim=(1, 2))
    assert zeros.max() == 64 and zeros.min() > 0  # an 8x8 square, clipped at the borders
    out.sum().backward()
    assert x.grad is not None and x.grad.abs().sum() > 0


def test_policy_skips_colour_for_gray():
    assert parse_policy("translation,cutout,color", 1) == ["translation", "cutout"]
    assert parse_policy("color", 3) == ["color"]
    assert parse_policy("brightness,contrast", 1) == ["brightness", "contrast"]  # gray too
    x = torch.linspace(-1, 1, 2 * 16).view(2, 1, 4, 4)
    moved = diff_augment(x, ["brightness"]) - x  # one shift per image, within +-0.5
    assert (moved.flatten(1).std(1) < 1e-6).all() and (moved.abs() <= 0.5).all()
    means = x.mean(dim=(1, 2, 3))
    assert torch.allclose(diff_augment(x, ["contrast"]).mean(dim=(1, 2, 3)), means, atol=1e-6)
    with pytest.raises(ValueError):
        parse_policy("rotate", 3)
    x = torch.rand(4, 3, 8, 8) * 2 - 1
    assert diff_augment(x, parse_policy("color,translation", 3)).shape == x.shape


def test_ema_warms_up():
    model, ema = torch.nn.Linear(2, 2), torch.nn.Linear(2, 2)
    with torch.no_grad():
        ema.weight.zero_()
        model.weight.fill_(1.0)
    update_ema(ema, model, step=0, decay=0.999)  # beta = 1/10: mostly the model
    assert torch.allclose(ema.weight, torch.full((2, 2), 0.9))
    update_ema(ema, model, step=100_000, decay=0.999)  # beta = decay
    assert torch.allclose(ema.weight, torch.full((2, 2), 0.9 + 0.1 * 0.001))


def test_hinge_losses():
    real, fake = torch.tensor([2.0, 0.5]), torch.tensor([-2.0, 0.0])
    assert d_loss_hinge(real, fake) == pytest.approx((0 + 0.5) / 2 + (0 + 1) / 2)
    assert g_loss_hinge(fake) == pytest.approx(1.0)


@pytest.fixture(scope="module")
def sample_and_judge():
    """The sample at the tests' size, its 80/20 split and a classifier trained on the 80%."""
    data = load_sample(TEST_SIZE)
    train_idx, held_idx = stratified_split(data.labels, 10, 0.2, 0)
    judge = train_classifier(data.images[train_idx], data.labels[train_idx], 10,
                             ClassifierRecipe(steps=300), seed=0)
    return data, train_idx, held_idx, judge


@pytest.mark.parametrize("model,steps", [("cgan", 500), ("cvae", 400)])
def test_samples_show_the_requested_class(tmp_path, sample_and_judge, model, steps):
    """After a short training on the sample, a classifier trained on real digits recognises the
    requested class in most generated samples."""
    data, train_idx, held_idx, judge = sample_and_judge
    cfg = tiny_config(model, steps=steps)
    cfg.model.width, cfg.model.latent_dim, cfg.model.embed_dim = 32, 64, 32
    cfg.train.batch_size = 64
    cfg.train.sample_every = 10_000
    train(cfg, data.subset(train_idx), tmp_path / "run")
    assert accuracy(judge, data.images[held_idx], data.labels[held_idx], 10)["accuracy"] > 0.9
    made = generate(load_trained(tmp_path / "run"), 20, seed=0)
    agreement = accuracy(judge, made.images, made.labels, 10)
    assert agreement["accuracy"] > 0.7, agreement


def test_r1_penalty_is_the_squared_input_gradient():
    x = torch.randn(5, 1, 4, 4, requires_grad=True)
    w = torch.randn(1, 1, 4, 4)
    logits = (x * w).sum(dim=(1, 2, 3))  # gradient w.r.t. each image is w
    assert r1_penalty(logits, x).item() == pytest.approx(w.pow(2).sum().item(), rel=1e-5)


def test_lecam_pulls_real_logits_to_the_fake_anchor_and_back():
    anchors = torch.tensor([1.0, -1.0])  # moving averages: real 1, fake -1
    real = torch.tensor([3.0, 0.0, -2.0], requires_grad=True)
    fake = torch.tensor([-3.0, 2.0], requires_grad=True)
    loss = lecam_penalty(real, fake, anchors, decay=0.5)
    # anchors first move half-way to this batch's means (real 1/3, fake -1/2)
    assert anchors.tolist() == pytest.approx([2 / 3, -0.75])
    # real logits above the fake anchor and fake logits below the real anchor are penalised
    expected = ((3.75**2 + 0.75**2) / 3) + ((3 + 2 / 3) ** 2 / 2)
    assert loss.item() == pytest.approx(expected, rel=1e-6)
    loss.backward()
    assert real.grad[2] == 0 and fake.grad[1] == 0  # already on the right side: no push
    assert real.grad[0] > 0 and fake.grad[0] < 0  # descent pulls them towards each other


def test_lecam_trains_its_anchors_go_into_checkpoints_and_older_ones_load(tmp_path):
    from engine.models.cgan import Discriminator
    from engine.runs.checkpoint import load_checkpoint

    result, seen = _train_tiny_gan(tmp_path / "r", 10, lecam=0.3)
    assert result.step == 10
    assert any("lecam" in metrics for metrics in seen)  # reported, so it is plotted
    path = max((tmp_path / "r" / "checkpoints").glob("*.pt"))  # the newest
    anchors = load_checkpoint(path)["nets"]["D"]["lecam_anchors"]
    assert anchors.abs().sum() > 0  # the moving averages are saved, so a resume continues them
    d = Discriminator(10, 1, 16, width=8)
    older = {k: v for k, v in d.state_dict().items() if k != "lecam_anchors"}  # before LeCam
    d.lecam_anchors.fill_(5.0)
    d.load_state_dict(older)
    assert d.lecam_anchors.tolist() == [0.0, 0.0]


def test_ada_probability_rises_while_d_is_sure_of_the_real_images_and_falls_otherwise():
    p = torch.tensor(0.5)
    sure = torch.tensor([2.0, 1.0, 0.5, -1.0])  # r_t = E[sign] = 0.5: below the target 0.6
    ada_adjust(p, sure, target=0.6)
    assert p.item() == pytest.approx(0.5 - 4 / ADA_RAMP_IMAGES)
    ada_adjust(p, torch.ones(4), target=0.6)  # r_t = 1: D is too sure, more augmentation
    assert p.item() == pytest.approx(0.5)
    ada_adjust(p, torch.ones(ADA_RAMP_IMAGES), target=0.6)  # a whole ramp at once: capped at 1
    assert p.item() == 1.0
    ada_adjust(p, -torch.ones(3 * ADA_RAMP_IMAGES), target=0.6)  # and never below 0
    assert p.item() == 0.0


def test_ada_probability_decides_how_many_images_are_augmented():
    x = torch.ones(400, 1, 16, 16)
    assert torch.equal(diff_augment(x, ["cutout"], torch.tensor(0.0)), x)  # p = 0: untouched
    everyone = diff_augment(x, ["cutout"], torch.tensor(1.0))
    assert (everyone == 0).flatten(1).any(1).all()  # p = 1: every image has its square
    some = (diff_augment(x, ["cutout"], torch.tensor(0.25)) == 0).flatten(1).any(1).float().mean()
    assert 0.15 < some.item() < 0.35  # about a quarter (400 draws)


def test_ada_trains_its_probability_goes_into_checkpoints_and_older_ones_load(tmp_path):
    from engine.models.cgan import Discriminator
    from engine.runs.checkpoint import load_checkpoint

    result, seen = _train_tiny_gan(tmp_path / "r", 10, ada_target=0.6, ada_start=0.5)
    assert result.step == 10
    reported = [m["ada_p"] for m in seen if "ada_p" in m]
    assert reported and all(0.0 <= p <= 1.0 for p in reported)  # reported, so it is plotted
    path = max((tmp_path / "r" / "checkpoints").glob("*.pt"))  # the newest
    saved = load_checkpoint(path)["nets"]["D"]["ada_p"].item()  # kept for a resume
    # from the start value, ten of ADA's steps up or down
    moves = (saved - 0.5) * ADA_RAMP_IMAGES / tiny_config("cgan", steps=10).train.batch_size
    assert abs(round(moves)) <= 10 and round(moves) % 2 == 0  # ten steps of +-1 sum to an even number
    assert moves == pytest.approx(round(moves), abs=1e-3)
    d = Discriminator(10, 1, 16, width=8)
    d.ada_p.fill_(0.7)
    d.load_state_dict({k: v for k, v in d.state_dict().items() if k != "ada_p"})  # before ADA
    assert d.ada_p.item() == 0.0


def test_bounded_mode_seeking_stops_at_the_real_spread():
    y = torch.tensor([0, 0, 1, 1])
    real = torch.stack([torch.zeros(1, 2, 2), torch.ones(1, 2, 2),
                        torch.zeros(1, 2, 2), torch.full((1, 2, 2), 0.5)])
    assert real_pair_distance(real, y).item() == pytest.approx(0.75)  # pairs: 1.0 and 0.5
    za, zb = torch.zeros(3, 4), torch.ones(3, 4)  # noise distance 1 per entry
    same = torch.zeros(3, 1, 2, 2, requires_grad=True)
    loss = mode_seeking_loss(same, torch.zeros(3, 1, 2, 2), za, zb, target=0.5)
    assert loss.item() == pytest.approx(1.0)  # collapsed: the full penalty, bounded
    far = mode_seeking_loss(torch.ones(3, 1, 2, 2), torch.zeros(3, 1, 2, 2), za, zb, target=0.5)
    assert far.item() == 0.0  # as varied as the target: no push at all


def test_presets_give_the_gan_its_small_data_recipe():
    from engine.config import RunConfig
    from engine.train.presets import apply_preset

    gan = RunConfig()
    gan.model.conditioning, gan.model.mode_seeking = "input", 0.0
    apply_preset(gan, "balanced", 1500, 16, "cpu")
    m, t = gan.model, gan.train
    assert (m.conditioning, m.mode_seeking, m.mode_seeking_target) == ("cbn", 1.0, 1.0)
    assert (t.lr, t.beta1) == (1e-3, 0.0)
    assert m.diffaugment == RunConfig().model.diffaugment  # small data: DiffAugment on
    large = RunConfig()
    apply_preset(large, "balanced", 60_000, 28, "cpu")
    assert large.model.diffaugment == ""  # a full training set: off
    vae = RunConfig()
    vae.model.name = "cvae"
    apply_preset(vae, "balanced", 1500, 16, "cpu")
    assert (vae.train.lr, vae.train.beta1) == (0.0, 0.5)  # the VAE keeps its own defaults


def test_generator_step_takes_no_gradient_of_the_discriminators_weights(monkeypatch):
    """The G step's graph holds D's input gradient only: it adds nothing to D's gradients (those of
    the D step stay), D's parameters still take gradients afterwards, and G is updated exactly as
    it is with D's weight gradients computed too."""
    import contextlib
    import copy

    import engine.models.cgan as cgan
    from engine.models.registry import ModelArgs, get_model
    from engine.train.accel import make_adam

    cfg = tiny_config("cgan")
    cfg.model.diffaugment = ""  # the D loss below must see the same images as the step
    spec = get_model("cgan")
    torch.manual_seed(0)
    nets = spec.build(ModelArgs.from_config(cfg.model, 10, 1, TEST_SIZE))
    x = torch.rand(16, 1, TEST_SIZE, TEST_SIZE)
    y = torch.arange(16) % 10

    def one_step(nets):
        optims = {k: make_adam(nets[k].parameters(), 1e-3, (0.0, 0.999), torch.device("cpu"))
                  for k in spec.trained}
        torch.manual_seed(1)
        spec.step(nets, optims, x, y, step=0, config=cfg, report=lambda name, value: None)
        return nets

    frozen = one_step(copy.deepcopy(nets))
    assert all(p.requires_grad for p in frozen["D"].parameters())
    monkeypatch.setattr(cgan, "_frozen", lambda net: contextlib.nullcontext())
    unfrozen = one_step(copy.deepcopy(nets))
    for a, b in zip(frozen["G"].parameters(), unfrozen["G"].parameters(), strict=True):
        assert torch.equal(a, b)
    # unfrozen, the G step adds its own gradient to D's; frozen, D keeps the D loss's gradient only
    moved = [not torch.equal(a.grad, b.grad)
             for a, b in zip(frozen["D"].parameters(), unfrozen["D"].parameters(), strict=True)]
    assert any(moved)


def test_standing_stats_are_the_averaged_generators_own_batch_statistics():
    from engine.models.ema import standing_stats
    from engine.models.registry import ModelArgs, get_model

    torch.manual_seed(0)
    g = get_model("cgan").build(ModelArgs(16, 3, 1, 16, 8, 8, False, "cbn"))["G_ema"].eval()
    norms = [m for m in g.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    assert norms
    for m in norms:  # stale copies: what the raw generator's statistics look like to the average
        m.running_mean.fill_(5.0)
        m.running_var.fill_(10.0)
    seen: dict[torch.nn.Module, list[tuple[torch.Tensor, torch.Tensor]]] = {m: [] for m in norms}
    hooks = [m.register_forward_pre_hook(
        lambda mod, args: seen[mod].append(
            (args[0].transpose(0, 1).flatten(1).mean(1), args[0].transpose(0, 1).flatten(1).var(1))))
        for m in norms]
    standing_stats(g, 16, 3, batches=3, batch_size=8, seed=0)
    for h in hooks:
        h.remove()
    assert not g.training and all(m.momentum == 0.1 for m in norms)  # put back as they were
    for m in norms:
        assert len(seen[m]) == 3  # one batch statistic per batch, averaged
        assert torch.allclose(m.running_mean, torch.stack([s[0] for s in seen[m]]).mean(0), atol=1e-5)
        assert torch.allclose(m.running_var, torch.stack([s[1] for s in seen[m]]).mean(0), atol=1e-4)
    first = [m.running_mean.clone() for m in norms]
    standing_stats(g, 16, 3, batches=3, batch_size=8, seed=0)
    assert all(torch.equal(a, m.running_mean) for a, m in zip(first, norms, strict=True))  # reproducible


def test_checkpoints_hold_the_averaged_generators_standing_stats(tmp_path):
    """Every checkpoint of a GAN run holds its moving average's own batch-norm statistics (the
    family's before_save), not the raw generator's copied ones; samples are made from those."""
    from conftest import train_tiny

    from engine.models.ema import standing_stats
    from engine.runs.checkpoint import load_checkpoint

    run = tmp_path / "run"
    train_tiny(run, "cgan", steps=12)
    model = load_trained(run, "cpu")
    g_ema = model.nets["G_ema"]
    norms = [m for m in g_ema.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    saved = [m.running_mean.clone() for m in norms]
    standing_stats(g_ema, model.args.latent_dim, model.args.num_classes)
    assert all(torch.allclose(a, m.running_mean, atol=1e-6) for a, m in zip(saved, norms, strict=True))
    payload = load_checkpoint(sorted((run / "checkpoints").glob("step_*.pt"))[-1])
    nets = payload["nets"]
    raw = [v for k, v in nets["G"].items() if k.endswith("running_mean")]
    ema = [v for k, v in nets["G_ema"].items() if k.endswith("running_mean")]
    assert len(raw) == len(ema) == len(norms)
    assert not all(torch.allclose(a, b) for a, b in zip(raw, ema, strict=True))  # not the raw copy
