import pytest
import torch

from engine.errors import UserError
from engine.models.layers import plan_resolution
from engine.models.registry import ModelArgs, get_model


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
