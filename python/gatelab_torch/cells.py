"""Gate Lab's recurrent cells as torch.nn.Modules, with torch.nn.LSTM's parameter names, shapes and forward
signature: `weight_ih_l{l}` [4H, in], `weight_hh_l{l}` [4H, H], `bias_ih_l{l}`, `bias_hh_l{l}` [4H], gates in the
order i, f, g, o; forward(input [T, B, in], (h0, c0) [L, B, H]) → output [T, B, H], (h_n, c_n). A plain LSTM's
state_dict loads into torch.nn.LSTM as it is.

Per step: z = W_ih x + b_ih + W_hh h + b_hh split into i, f, g, o; i and f through the cell's gate function
(gates.py), g = tanh, o = σ; c = f ⊙ c + i ⊙ g; h = o ⊙ tanh c (src/model/plainCell.ts, charLM.ts).
"""
from __future__ import annotations

import math
from typing import List, Optional, Sequence, Tuple, Union

import torch
from torch import nn

from . import beta as beta_gates
from .gates import GATE_MODES, GateSpec, check_cell, default_evaluation_mode, evaluation_gates, training_gates
from .noise import GammaNoise, gamma_noise, logistic_noise

LayerNoise = Union[torch.Tensor, GammaNoise, None]
"""One layer's noise for one window: Logistic noise [T, B, 2H] for Gumbel gates, Gamma noise for sampled Beta gates."""


class GateLabLSTM(nn.Module):
    """A stack of `num_layers` layers of one cell kind: 'lstm', 'g2' (Gumbel-sigmoid input and forget gates at
    temperature τ, each noise element kept with probability noise_p), 'sharpened' (σ(z/τ)), 'beta' or 'bibeta'.

    The gate function is the cell's training one in train() mode and its usual evaluation mode in eval() mode
    (`soft`, or `sharpened` for the sharpened cell); `mode` ('stochastic', 'soft', 'sharpened', 'binary' or a
    GateSpec) chooses another one."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, cell: str = "g2", tau: float = 0.9, noise_p: float = 1.0):
        super().__init__()
        self.cell = check_cell(cell)
        if not tau > 0:
            raise ValueError(f"tau must be positive, got {tau}")
        if not 0 < noise_p <= 1:
            raise ValueError(f"noise_p must be in (0, 1], got {noise_p}")
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.tau, self.noise_p = float(tau), float(noise_p)
        self.mode: Union[str, GateSpec, None] = None
        H = hidden_size
        for l in range(num_layers):
            inputs = input_size if l == 0 else H
            self.register_parameter(f"weight_ih_l{l}", nn.Parameter(torch.empty(4 * H, inputs)))
            self.register_parameter(f"weight_hh_l{l}", nn.Parameter(torch.empty(4 * H, H)))
            self.register_parameter(f"bias_ih_l{l}", nn.Parameter(torch.empty(4 * H)))
            self.register_parameter(f"bias_hh_l{l}", nn.Parameter(torch.empty(4 * H)))
        self.reset_parameters()

    def reset_parameters(self, bound: Optional[float] = None) -> None:
        """U(−bound, bound), by default 1/√H as Gate Lab and the official G2-LSTM code; bias_hh 0 (Gate Lab keeps
        one bias, b_ih + b_hh)."""
        bound = 1 / math.sqrt(self.hidden_size) if bound is None else bound
        for name, p in self.named_parameters():
            if name.startswith("bias_hh"):
                nn.init.zeros_(p)
            else:
                nn.init.uniform_(p, -bound, bound)

    def layer_weights(self, l: int) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        return tuple(getattr(self, f"{n}_l{l}") for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))  # type: ignore[return-value]

    def gate_spec(self, mode: Union[str, GateSpec, None] = None) -> GateSpec:
        mode = mode if mode is not None else self.mode
        if isinstance(mode, GateSpec):
            return mode
        if mode is None:
            return training_gates(self.cell, self.tau) if self.training else evaluation_gates(self.cell, default_evaluation_mode(self.cell), self.tau)
        if mode not in GATE_MODES:
            raise ValueError(f"mode must be one of {', '.join(GATE_MODES)}, got {mode!r}")
        return evaluation_gates(self.cell, mode, self.tau)

    def draw_noise(self, spec: GateSpec, steps: int, batch: int, device, generator: Optional[torch.Generator] = None) -> List[LayerNoise]:
        """Per layer, the noise one window of `spec` needs (None where it needs none)."""
        H = self.hidden_size
        if spec.noisy:
            return [logistic_noise((steps, batch, 2 * H), self.noise_p, device, generator) for _ in range(self.num_layers)]
        if spec.beta and spec.beta_sample and not spec.hard:
            n = beta_gates.gammas_per_unit(spec.beta)
            return [gamma_noise(steps, (batch, n * H), device, generator) for _ in range(self.num_layers)]
        return [None] * self.num_layers

    def forward(
        self,
        input: torch.Tensor,
        hx: Optional[Tuple[torch.Tensor, torch.Tensor]] = None,
        mode: Union[str, GateSpec, None] = None,
        noise: Optional[Sequence[LayerNoise]] = None,
        generator: Optional[torch.Generator] = None,
        trace: Optional[list] = None,
        detach: Optional[Sequence[bool]] = None,
    ) -> Tuple[torch.Tensor, Tuple[torch.Tensor, torch.Tensor]]:
        """`noise`: per layer, the window's noise (drawn here from torch's generator when absent); `trace`: a list
        that receives per layer the gate values [T, B, 4H] (i, f, g, o); `detach`: per step, whether the gradient
        from the gates and candidate into h_{t−1} is stopped (h-detach, Arpit et al.; c_{t−1} never is)."""
        spec = self.gate_spec(mode)
        T, B = input.shape[0], input.shape[1]
        H = self.hidden_size
        if hx is None:
            zeros = input.new_zeros(self.num_layers, B, H)
            hx = (zeros, zeros)
        if noise is None:
            noise = self.draw_noise(spec, T, B, input.device, generator)
        x = input
        h_n, c_n = [], []
        for l in range(self.num_layers):
            w_ih, w_hh, b_ih, b_hh = self.layer_weights(l)
            x, h, c, gates = _layer(x @ w_ih.t() + (b_ih + b_hh), w_hh, hx[0][l], hx[1][l], spec, noise[l], trace is not None, detach)
            h_n.append(h)
            c_n.append(c)
            if trace is not None:
                trace.append(gates)
        return x, (torch.stack(h_n), torch.stack(c_n))

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}, num_layers={self.num_layers}, cell={self.cell!r}, tau={self.tau}, noise_p={self.noise_p}"


def _layer(x_proj: torch.Tensor, w_hh: torch.Tensor, h: torch.Tensor, c: torch.Tensor, spec: GateSpec, noise: LayerNoise, keep_gates: bool, detach: Optional[Sequence[bool]] = None):
    """One layer over a window; x_proj = W_ih x + b, [T, B, 4H]."""
    H = h.shape[1]
    scale = None
    if spec.noisy:
        if not isinstance(noise, torch.Tensor):
            raise ValueError("Gumbel gates need logistic noise [T, B, 2H]")
        x_proj = torch.cat([x_proj[..., : 2 * H] + noise, x_proj[..., 2 * H :]], -1)
    if spec.scale != 1:
        # σ(s·(z + noise)) on i and f: the scale folds into the inputs and W_hh's i/f rows, as in Gate Lab.
        scale = torch.cat([x_proj.new_full((2 * H,), spec.scale), x_proj.new_ones(2 * H)])
        x_proj = x_proj * scale
        w_hh = w_hh * scale.unsqueeze(1)
    sampled = spec.beta is not None and spec.beta_sample and not spec.hard
    if sampled and not isinstance(noise, GammaNoise):
        raise ValueError("sampled Beta gates need Gamma noise")
    w_hh_t = w_hh.t()
    outputs, gate_values = [], []
    for t in range(x_proj.shape[0]):
        z = x_proj[t] + (h.detach() if detach is not None and detach[t] else h) @ w_hh_t
        z_if, z_g, z_o = z[:, : 2 * H], z[:, 2 * H : 3 * H], z[:, 3 * H :]
        if spec.hard:
            gates_if = (z_if >= 0).to(z.dtype)
        elif sampled:
            gates_if = beta_gates.sampled_beta_gates(z_if, spec.beta, noise, t)  # type: ignore[arg-type]
        elif spec.beta is not None:
            gates_if = beta_gates.mean_beta_gates(z_if)
        else:
            gates_if = torch.sigmoid(z_if)
        g, o = torch.tanh(z_g), torch.sigmoid(z_o)
        i, f = gates_if[:, :H], gates_if[:, H:]
        c = f * c + i * g
        h = o * torch.tanh(c)
        outputs.append(h)
        if keep_gates:
            gate_values.append(torch.cat([gates_if, g, o], 1).detach())
    gates = torch.stack(gate_values) if keep_gates else None
    return torch.stack(outputs), h, c, gates


def _cell_class(name: str, kind: str, doc: str):
    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, tau: float = 0.9, noise_p: float = 1.0):
        GateLabLSTM.__init__(self, input_size, hidden_size, num_layers, kind, tau, noise_p)

    return type(name, (GateLabLSTM,), {"__init__": __init__, "__doc__": doc})


G2LSTM = _cell_class("G2LSTM", "g2", "G2-LSTM (Li et al., 2018): Gumbel-sigmoid input and forget gates σ((z + log U − log(1 − U))/τ) in training.")
SharpenedLSTM = _cell_class("SharpenedLSTM", "sharpened", "The sharpened-sigmoid baseline: σ(z/τ) input and forget gates.")
LSTM = _cell_class("LSTM", "lstm", "The plain LSTM, computing what torch.nn.LSTM computes.")
BetaLSTM = _cell_class("BetaLSTM", "beta", "Beta-LSTM: input and forget gates i ~ Beta(sp(z_i), sp(−z_i)) from Gamma variables.")
BivariateBetaLSTM = _cell_class("BivariateBetaLSTM", "bibeta", "Bivariate Beta-LSTM: Beta gates whose denominators share a Gamma, correlating i and f.")
