"""The character language model (src/model/charLM.ts): embedding → GateLabLSTM → linear decoder, its parameters
named as Gate Lab's safetensors files name them: `embedding.weight` [V, E], `rnn.*` (nn.LSTM's), `decoder.weight`
[V, H], `decoder.bias` [V]."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Optional, Sequence, Tuple, Union

import torch
import torch.nn.functional as F
from torch import nn

from .cells import GateLabLSTM, LayerNoise
from .gates import GateSpec, check_cell

State = Tuple[torch.Tensor, torch.Tensor]


@dataclass
class ModelConfig:
    """Everything needed to rebuild a model's parameters (types.ts's ModelConfig)."""

    cell: str
    vocab_size: int
    embedding: int
    hidden: int
    layers: int = 1
    tau: float = 0.9
    noise_p: float = 1.0

    def __post_init__(self):
        check_cell(self.cell)

    def as_report(self) -> dict:
        """The names `npm run train`'s report.json uses."""
        d = asdict(self)
        return {"cell": d["cell"], "vocabSize": d["vocab_size"], "embedding": d["embedding"], "hidden": d["hidden"],
                "layers": d["layers"], "tau": d["tau"], "noiseP": d["noise_p"]}


class CharLM(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        self.config = config
        self.embedding = nn.Embedding(config.vocab_size, config.embedding)
        self.rnn = GateLabLSTM(config.embedding, config.hidden, config.layers, config.cell, config.tau, config.noise_p)
        self.decoder = nn.Linear(config.hidden, config.vocab_size)
        self.initialize()

    @torch.no_grad()
    def initialize(self, bound: Optional[float] = None, input_bias: float = 0.0, forget_bias: float = 0.0) -> None:
        """Gate Lab's initParams: every parameter U(−bound, bound), bound 1/√H by default (the official G2-LSTM
        code's), bias_hh 0, and `input_bias` / `forget_bias` added to the input and forget gates' biases."""
        bound = 1 / math.sqrt(self.config.hidden) if bound is None else bound
        for p in (self.embedding.weight, self.decoder.weight, self.decoder.bias):
            nn.init.uniform_(p, -bound, bound)
        self.rnn.reset_parameters(bound)
        H = self.config.hidden
        for l in range(self.config.layers):
            b = getattr(self.rnn, f"bias_ih_l{l}")
            b[:H] += input_bias
            b[H : 2 * H] += forget_bias

    def forward(
        self,
        ids: torch.Tensor,
        state: Optional[State] = None,
        mode: Union[str, GateSpec, None] = None,
        noise: Optional[Sequence[LayerNoise]] = None,
        generator: Optional[torch.Generator] = None,
        trace: Optional[list] = None,
        detach: Optional[Sequence[bool]] = None,
    ) -> Tuple[torch.Tensor, State]:
        """ids [T, B] (time-major) → logits [T, B, V] and the state after the window."""
        out, state = self.rnn(self.embedding(ids), state, mode=mode, noise=noise, generator=generator, trace=trace, detach=detach)
        return self.decoder(out), state


def cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean softmax cross-entropy in nats per character."""
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
