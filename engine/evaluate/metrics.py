"""Sample-quality metrics on the features of the domain classifier (no downloaded network).

Fréchet distance (Heusel et al. 2017), kernel distance KID (Bińkowski et al. 2018), improved
precision and recall (Kynkäänniemi et al. 2019) and label agreement, computed on the penultimate
features of :class:`engine.evaluate.classifier.SmallCNN` trained on the user's own real images.
The numbers compare runs on the same dataset; they are not comparable with published
Inception-based FID values.
"""

from __future__ import annotations

import math

import torch

from engine.evaluate.classifier import SmallCNN, to_input

MIN_PER_SET = 2  # a covariance needs two samples; smaller sets give no value (None)
PR_NEIGHBOURS = 3  # k of the k-NN radius in precision / recall (the paper's default)


@torch.no_grad()
def embed(model: SmallCNN, images: torch.Tensor, batch: int = 1024) -> torch.Tensor:
    """Features (N, D) of uint8 ``images`` (N, C, H, W), computed in batches on the model's device."""
    device = next(model.parameters()).device
    model.eval()
    out = [model.embed(to_input(images[i:i + batch].to(device))).cpu()
           for i in range(0, len(images), batch)]
    return torch.cat(out) if out else torch.empty(0, model.head[-1].in_features)


def _sqrt_psd(m: torch.Tensor) -> torch.Tensor:
    """Square root of a symmetric positive semi-definite matrix (negative round-off clamped)."""
    vals, vecs = torch.linalg.eigh(m)
    return (vecs * vals.clamp(min=0).sqrt()) @ vecs.T


def frechet_distance(a: torch.Tensor, b: torch.Tensor) -> float | None:
    """Fréchet distance between Gaussians fitted to feature sets ``a`` (N, D) and ``b`` (M, D).

    ``|mu_a - mu_b|^2 + tr(S_a) + tr(S_b) - 2 tr((S_a^1/2 S_b S_a^1/2)^1/2)``, in float64; the
    symmetric form of the cross term avoids the complex square root of ``S_a S_b``. None when a
    set has fewer than two samples.
    """
    if len(a) < MIN_PER_SET or len(b) < MIN_PER_SET:
        return None
    a, b = a.double(), b.double()
    mu_a, mu_b = a.mean(0), b.mean(0)  # (D,)
    cov_a, cov_b = torch.cov(a.T), torch.cov(b.T)  # (D, D)
    root_a = _sqrt_psd(cov_a)
    cross = torch.linalg.eigvalsh(root_a @ cov_b @ root_a).clamp(min=0).sqrt().sum()
    fd = (mu_a - mu_b).square().sum() + cov_a.trace() + cov_b.trace() - 2 * cross
    return max(0.0, float(fd))


def kernel_distance(
    a: torch.Tensor, b: torch.Tensor, subsets: int = 10, subset_size: int = 1000, seed: int = 0
) -> tuple[float | None, float | None]:
    """Kernel Inception Distance: unbiased MMD^2 with the cubic kernel ``(x.y / D + 1)^3``.

    Averaged over ``subsets`` random subsets of ``min(subset_size, N, M)`` samples of each set;
    returns (mean, standard deviation over subsets), or (None, None) for sets under two samples.
    """
    n = min(subset_size, len(a), len(b))
    if n < MIN_PER_SET:
        return None, None
    a, b = a.double(), b.double()
    dim = a.shape[1]
    gen = torch.Generator().manual_seed(seed)
    values = []
    for _ in range(subsets):
        x = a[torch.randperm(len(a), generator=gen)[:n]]  # (n, D)
        y = b[torch.randperm(len(b), generator=gen)[:n]]
        k_xx = (x @ x.T / dim + 1) ** 3  # (n, n)
        k_yy = (y @ y.T / dim + 1) ** 3
        k_xy = (x @ y.T / dim + 1) ** 3
        off = n * (n - 1)
        mmd = ((k_xx.sum() - k_xx.diagonal().sum()) / off + (k_yy.sum() - k_yy.diagonal().sum()) / off
               - 2 * k_xy.mean())
        values.append(float(mmd))
    mean = sum(values) / len(values)
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / max(1, len(values) - 1))
    return mean, std


def _knn_radius(x: torch.Tensor, k: int, chunk: int = 2048) -> torch.Tensor:
    """Distance (N,) from each row of ``x`` to its k-th nearest other row."""
    radii = []
    for start in range(0, len(x), chunk):
        d = torch.cdist(x[start:start + chunk], x)  # (b, N); the row itself is at distance 0
        radii.append(d.topk(k + 1, dim=1, largest=False).values[:, -1])
    return torch.cat(radii)


def _covered(points: torch.Tensor, centres: torch.Tensor, radii: torch.Tensor,
             chunk: int = 2048) -> torch.Tensor:
    """Boolean (P,): whether each point lies inside at least one centre's k-NN ball."""
    hits = []
    for start in range(0, len(points), chunk):
        d = torch.cdist(points[start:start + chunk], centres)  # (b, C)
        hits.append((d <= radii[None, :]).any(dim=1))
    return torch.cat(hits)


def precision_recall(
    real: torch.Tensor, fake: torch.Tensor, k: int = PR_NEIGHBOURS
) -> tuple[float | None, float | None]:
    """Improved precision and recall (Kynkäänniemi et al. 2019) of ``fake`` against ``real``.

    Precision: the fraction of generated samples inside the real manifold (the union of balls
    reaching each real feature's k-th neighbour); recall: the fraction of real samples inside the
    generated manifold. Precision without recall is what a collapsed generator looks like.
    """
    if len(real) <= k or len(fake) <= k:
        return None, None
    real, fake = real.float(), fake.float()
    precision = _covered(fake, real, _knn_radius(real, k)).float().mean()
    recall = _covered(real, fake, _knn_radius(fake, k)).float().mean()
    return float(precision), float(recall)


def label_agreement(probs: torch.Tensor, labels: torch.Tensor) -> float | None:
    """How often the judge's most likely class for a sample is the class it was generated for."""
    if len(labels) == 0:
        return None
    return float((probs.argmax(dim=1) == labels).float().mean())


def quality_metrics(
    real_feat: torch.Tensor, real_labels: torch.Tensor, fake_feat: torch.Tensor,
    fake_labels: torch.Tensor, fake_probs: torch.Tensor, class_names: list[str],
) -> dict:
    """Every metric, overall and per class, as a JSON-ready dict.

    Parameters
    ----------
    real_feat, fake_feat : torch.Tensor
        Features (N, D) and (M, D) of held-out real and generated images.
    real_labels, fake_labels : torch.Tensor
        Their classes (N,) and (M,) (the intended class for generated images).
    fake_probs : torch.Tensor
        The judge's class probabilities (M, K) for the generated images.
    class_names : list of str
        Names in class order.
    """

    def block(rf, ff, fl, fp) -> dict:
        kid, kid_std = kernel_distance(rf, ff)
        precision, recall = precision_recall(rf, ff)
        return {"fd": frechet_distance(rf, ff), "kid": kid, "kid_std": kid_std,
                "precision": precision, "recall": recall, "label_agreement": label_agreement(fp, fl),
                "real": len(rf), "generated": len(ff)}

    overall = block(real_feat, fake_feat, fake_labels, fake_probs)
    per_class = []
    for c, name in enumerate(class_names):
        r, f = real_labels == c, fake_labels == c
        per_class.append({"class": name, **block(real_feat[r], fake_feat[f], fake_labels[f], fake_probs[f])})
    return {"overall": overall, "per_class": per_class}
