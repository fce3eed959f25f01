import pytest
import torch

from engine.errors import UserError
from engine.generate import generate, latent_for_seeds
from engine.models.layers import plan_resolution
from engine.models.registry import ModelArgs, get_model
from engine.runs import load_trained


@pytest.mark.parametrize("model", ["cgan", "cvae"])
@pytest.mark.parametrize("size,channels", [(16, 1), (28, 1), (32, 3)])
def test_shapes(model, size, channels):
    args = ModelArgs(latent_dim=8, num_classes=4, channels=channels, image_size=size, width=8,
                     embed_dim=4)
    spec = get_model(model)
    nets = spec.build(args)
    z, y = torch.randn(3, 8), torch.tensor([0, 1, 3])
    for net in nets.values():
        net.eval()
    images = spec.to_images(nets, z, y)
    assert images.shape == (3, channels, size, size)
    assert images.min() >= 0 and images.max() <= 1
    if model == "cgan":
        assert nets["D"](images * 2 - 1, y).shape == (3,)
    else:
        logits, mu, logvar = nets["vae"](images, y)
        assert logits.shape == images.shape and mu.shape == (3, 8) and logvar.shape == (3, 8)


def test_resolution_plan():
    assert plan_resolution(16) == (4, 2)
    assert plan_resolution(28) == (7, 2)
    assert plan_resolution(64) == (4, 4)
    with pytest.raises(UserError):
        plan_resolution(100)


def test_unknown_model_is_a_user_error():
    with pytest.raises(UserError, match="Unknown model"):
        get_model("diffusion")


def test_truncation_is_reproducible_and_narrows_the_noise():
    seeds = list(range(200))
    full = latent_for_seeds(seeds, 32)
    half = latent_for_seeds(seeds, 32, truncation=0.5)
    assert torch.equal(half, latent_for_seeds(seeds, 32, truncation=0.5))  # same seeds, same noise
    assert torch.equal(half[7], latent_for_seeds([7], 32, truncation=0.5)[0])  # per seed, not per batch
    assert half.abs().max() <= 0.5 < full.abs().max()
    one = latent_for_seeds(seeds, 32, truncation=1.0)
    assert half.std() < one.std() < full.std()  # a smaller threshold, a smaller spread
    inside = full.abs() <= 1.0
    assert torch.equal(one[inside], full[inside])  # entries already inside keep their values
    assert torch.equal(latent_for_seeds(seeds, 32, truncation=0), full)  # 0 = off
    with pytest.raises(UserError, match="Truncation"):
        latent_for_seeds(seeds, 32, truncation=0.01)


def test_truncated_generation_is_reproducible(gan_run):
    model = load_trained(gan_run, "cpu")
    a = generate(model, 3, seed=5, truncation=0.7)
    assert torch.equal(a.images, generate(model, 3, seed=5, truncation=0.7).images)
    assert not torch.equal(a.images, generate(model, 3, seed=5).images)


@pytest.mark.parametrize("conditioning", ["input", "cbn", "cbn_z"])
def test_generator_conditioning_variants(conditioning):
    args = ModelArgs(latent_dim=8, num_classes=4, channels=1, image_size=16, width=8, embed_dim=4,
                     conditioning=conditioning)
    nets = get_model("cgan").build(args)
    assert torch.equal(nets["G"].state_dict()["embed.weight"], nets["G_ema"].state_dict()["embed.weight"])
    z = torch.randn(6, 8)
    y = torch.tensor([0, 1, 2, 3, 0, 1])
    with torch.no_grad():
        nets["G"].train()
        out = nets["G"](z, y)
    assert out.shape == (6, 1, 16, 16)
    with pytest.raises(ValueError, match="conditioning"):
        get_model("cgan").build(ModelArgs(8, 4, 1, 16, 8, 4, conditioning="film"))


def test_checkpoint_args_without_conditioning_build_the_original_generator():
    """Checkpoints written before the option existed have no 'conditioning' key: they must still load."""
    old = {"latent_dim": 8, "num_classes": 4, "channels": 1, "image_size": 16, "width": 8,
           "embed_dim": 4, "spectral_norm": False}
    nets = get_model("cgan").build(ModelArgs(**old))
    assert not any(".norm." in k for k in nets["G"].state_dict())
