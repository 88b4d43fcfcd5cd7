"""Input and forget gates as Beta variables made of Gamma variables (Beta-LSTM and Bivariate Beta-LSTM, Song et
al.; src/model/betaGates.ts and gamma.ts):

  independent:  i = A_i / (A_i + B_i),  A_i ~ Γ(sp(z_i)), B_i ~ Γ(sp(−z_i)); f likewise
  shared:       with b = sp(−z), s = ρ·min(b_i, b_f):  i = A_i / (A_i + B'_i + S),  B'_i ~ Γ(b_i − s),  S ~ Γ(s)

Gamma samples come from Marsaglia–Tsang with shape boosting, in log space, with the accepted normal and the boost
uniform held fixed, so autograd gives the same reparameterization gradient as Gate Lab's hand-written one.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .noise import GammaNoise

SHARED_FRACTION = 0.5
SHAPE_FLOOR = 1e-3


def gammas_per_unit(kind: str) -> int:
    """A_i, A_f, B_i, B_f, and S when shared."""
    return 5 if kind == "shared" else 4


def gamma_shapes(z_if: torch.Tensor, kind: str) -> torch.Tensor:
    """[B, n·H] in the order A_i, A_f, B_i, B_f (, S); z_if is [B, 2H], i then f."""
    first = F.softplus(z_if)
    second = F.softplus(-z_if)
    if kind == "independent":
        return torch.cat([first, second], 1) + SHAPE_FLOOR
    b_i, b_f = second.chunk(2, 1)
    # tf.minimum's gradient goes to the first argument on ties; torch.minimum would split it.
    s = SHARED_FRACTION * torch.where(b_i <= b_f, b_i, b_f)
    return torch.cat([first, second - torch.cat([s, s], 1), s], 1) + SHAPE_FLOOR


def log_gamma_sample(alpha: torch.Tensor, normal: torch.Tensor, accept_threshold: torch.Tensor, log_boost: torch.Tensor) -> torch.Tensor:
    """ln G, G ~ Gamma(α, 1): d = α + 2/3, c = 1/√(9d), the first candidate ε with 1 + cε > 0 and
    ln u − ε²/2 < d(1 − v + ln v), v = (1 + cε)³ (ε = 0 if none is), then ln G = ln d + 3 ln(1 + cε) + ln U / α."""
    d = alpha + 2 / 3
    c = torch.rsqrt(9 * d)
    with torch.no_grad():
        one_plus = 1 + c.unsqueeze(0) * normal
        log_v = 3 * torch.log(one_plus)
        bound = d.unsqueeze(0) * (1 - torch.exp(log_v) + log_v)
        accepted = (one_plus > 0) & (accept_threshold < bound)
        eps = torch.zeros_like(alpha)
        for k in range(normal.shape[0] - 1, -1, -1):
            eps = torch.where(accepted[k], normal[k], eps)
    return torch.log(d) + 3 * torch.log(1 + c * eps) + log_boost / alpha


def sampled_beta_gates(z_if: torch.Tensor, kind: str, noise: GammaNoise, t: int) -> torch.Tensor:
    """Sampled gates [B, 2H] (i then f) at step t of a window, differentiable in z_if."""
    hidden = z_if.shape[1] // 2
    log_g = log_gamma_sample(gamma_shapes(z_if, kind), noise.normal[t], noise.accept_threshold[t], noise.log_boost[t])
    if kind == "independent":
        log_a, log_b = log_g.chunk(2, 1)
        return torch.sigmoid(log_a - log_b)  # A / (A + B) = σ(ln A − ln B), exact however small the Gammas
    log_a, log_b, log_s = torch.split(log_g, [2 * hidden, 2 * hidden, hidden], 1)
    log_rest = log_b + F.softplus(torch.cat([log_s, log_s], 1) - log_b)  # ln(B' + S)
    return torch.sigmoid(log_a - log_rest)


def mean_beta_gates(z_if: torch.Tensor) -> torch.Tensor:
    """The gates' means sp(z) / (sp(z) + sp(−z)), the same for both kinds."""
    first = F.softplus(z_if)
    return first / (first + F.softplus(-z_if))
