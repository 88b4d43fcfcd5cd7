"""The noise of the stochastic gates, drawn from torch's generators (the page's: src/model/noise.ts, gamma.ts).

The page draws the same distributions its own way (Logistic noise from a counter-based hash, U = (h + ½)·2⁻³², with a
tabulated logit; Gamma noise by rejection in gamma.ts), so the two sides agree in distribution, not draw by draw;
the cells take these tensors as arguments, so a test can give both sides the same draws.
"""
from __future__ import annotations

from typing import NamedTuple, Optional

import torch

UNIFORM_EPS = 1e-6
"""Keeps log U and log(1 − U) finite in float32."""
GAMMA_CANDIDATES = 4
"""Candidates per Gamma variable for the rejection step (gamma.ts)."""
UNIFORM_FLOOR = 1e-7


def _uniform(shape, low: float, high: float, device, generator: Optional[torch.Generator]) -> torch.Tensor:
    return torch.rand(shape, device=device, generator=generator) * (high - low) + low


def logistic_noise(shape, keep_p: float = 1.0, device=None, generator: Optional[torch.Generator] = None) -> torch.Tensor:
    """Logistic(0, 1) noise log U − log(1 − U), U ~ Uniform(0, 1): it turns σ((z + noise)/τ) into the Gumbel-sigmoid.
    With noise dropout each element is kept with probability `keep_p` and zeroed otherwise (the official code's mask)."""
    u = _uniform(shape, UNIFORM_EPS, 1 - UNIFORM_EPS, device, generator)
    noise = torch.log(u) - torch.log1p(-u)
    if keep_p >= 1:
        return noise
    keep = torch.rand(shape, device=device, generator=generator) < keep_p
    return noise * keep.to(noise.dtype)


class GammaNoise(NamedTuple):
    """One window's noise for Gamma variables of shape S, held fixed so the samples are differentiable in the shape."""

    normal: torch.Tensor
    """Standard normals, [T, K, *S]."""
    accept_threshold: torch.Tensor
    """ln u − ε²/2 of the acceptance tests, [T, K, *S]."""
    log_boost: torch.Tensor
    """ln U of the shape boost, [T, *S]."""


def gamma_noise(steps: int, shape, device=None, generator: Optional[torch.Generator] = None, candidates: int = GAMMA_CANDIDATES) -> GammaNoise:
    normal = torch.randn((steps, candidates, *shape), device=device, generator=generator)
    log_accept = torch.log(_uniform((steps, candidates, *shape), UNIFORM_FLOOR, 1, device, generator))
    log_boost = torch.log(_uniform((steps, *shape), UNIFORM_FLOOR, 1, device, generator))
    return GammaNoise(normal, log_accept - 0.5 * normal.square(), log_boost)
