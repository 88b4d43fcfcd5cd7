"""How a cell computes its input and forget gates (src/model/gates.ts and types.ts).

Given the pre-activation z of the i and f gates: a = σ(scale · (z + noise)), or 1[z ≥ 0] when `hard`; with `beta`,
a Beta variable of shapes sp(scale·z), sp(−scale·z) (sampled, or its mean) instead of σ. The output gate and the
candidate are always σ and tanh.
"""
from __future__ import annotations

from typing import NamedTuple, Optional

CELL_KINDS = ("lstm", "g2", "sharpened", "beta", "bibeta")
GATE_MODES = ("stochastic", "soft", "sharpened", "binary")
BETA_KINDS = {"beta": "independent", "bibeta": "shared"}


class GateSpec(NamedTuple):
    scale: float
    """Multiplies the i/f pre-activations (1/τ for Gumbel and sharpened sigmoids)."""
    noisy: bool
    """Add Logistic(0, 1) noise to the i/f pre-activations (Gumbel-sigmoid)."""
    hard: bool
    """Replace σ by the step function (binarized gates; no gradient)."""
    beta: Optional[str] = None
    """'independent' or 'shared' Beta gates instead of σ."""
    beta_sample: bool = False
    """Sample the Beta gates (training, `stochastic`), else take their means."""


def check_cell(cell: str) -> str:
    if cell not in CELL_KINDS:
        raise ValueError(f"cell must be one of {', '.join(CELL_KINDS)}, got {cell!r}")
    return cell


def training_gates(cell: str, tau: float) -> GateSpec:
    """The gate function a cell uses while training."""
    check_cell(cell)
    if cell == "g2":
        return GateSpec(1 / tau, True, False)
    if cell == "sharpened":
        return GateSpec(1 / tau, False, False)
    if cell in BETA_KINDS:
        return GateSpec(1.0, False, False, BETA_KINDS[cell], True)
    return GateSpec(1.0, False, False)


def evaluation_gates(cell: str, mode: str, tau: float) -> GateSpec:
    """`stochastic`: as in training; `soft`: σ(z) (Beta: the mean sp(z) / (sp(z) + sp(−z))); `sharpened`: the same
    at z/τ; `binary`: 1[z ≥ 0] (for Beta cells too: their mean is ½ at z = 0 and rises with z)."""
    check_cell(cell)
    beta = BETA_KINDS.get(cell)
    if mode == "stochastic":
        return training_gates(cell, tau)
    if mode == "soft":
        return GateSpec(1.0, False, False, beta, False)
    if mode == "sharpened":
        return GateSpec(1 / tau, False, False, beta, False)
    if mode == "binary":
        return GateSpec(1.0, False, True)
    raise ValueError(f"mode must be one of {', '.join(GATE_MODES)}, got {mode!r}")


def default_evaluation_mode(cell: str) -> str:
    """The mode that evaluates a cell the way it is normally used after training."""
    return "sharpened" if cell == "sharpened" else "soft"
