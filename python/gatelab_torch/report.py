"""The statistics of `npm run train`'s report.json (src/model/gateStats.ts, compression.ts): gate histograms, the
unigram entropy, and the loss under the paper's compressions of the input- and forget-gate weights."""
from __future__ import annotations

import copy
import math
from typing import Dict, List

import torch

from .evaluate import evaluate
from .model import CharLM


def histogram(values: torch.Tensor, bins: int) -> List[float]:
    """Fractions (summing to 1) of values in `bins` equal bins over [0, 1]; 1.0 falls in the last bin."""
    index = torch.floor(values.double() * bins).clamp(0, bins - 1).long()
    counts = torch.bincount(index.flatten(), minlength=bins).double()
    return (counts / max(1, values.numel())).tolist()


def end_bin_fractions(values: torch.Tensor) -> Dict[str, float]:
    """Shares of values in [0, 0.1) and [0.9, 1]: the paper's two end bins."""
    n = max(1, values.numel())
    return {"low": float((values < 0.1).sum()) / n, "high": float((values >= 0.9).sum()) / n}


def unigram_entropy(tokens: torch.Tensor, vocab_size: int) -> float:
    p = torch.bincount(tokens, minlength=vocab_size).double() / len(tokens)
    p = p[p > 0]
    return float(-(p * p.log()).sum())


def gate_histograms(model: CharLM, tokens: torch.Tensor, streams: int, seq_len: int, seed: int) -> List[dict]:
    """Per layer, histograms (10 and 50 bins) and end-bin fractions of the input and forget gates, soft mode."""
    trace: List[list] = []
    evaluate(model, tokens, "soft", streams, seq_len, seed=seed, trace=trace)
    H = model.config.hidden
    layers = []
    for l in range(model.config.layers):
        values = torch.cat([window[l] for window in trace], 0)
        gates = {}
        for name, block in (("input", values[..., :H]), ("forget", values[..., H : 2 * H])):
            gates[name] = {"bins10": histogram(block, 10), "bins50": histogram(block, 50), "ends": end_bin_fractions(block)}
        layers.append({"layer": l, **gates})
    return layers


def paper_compression_specs(hidden: int) -> List[dict]:
    """The paper's language-model settings (r = 0.2, c = 0.4) and ranks scaled to H."""
    return [
        {"kind": "round", "step": 0.2},
        {"kind": "roundClip", "step": 0.2, "clip": 0.4},
        {"kind": "lowRank", "rank": max(1, _js_round(hidden * 128 / 1150))},
        {"kind": "lowRank", "rank": max(1, _js_round(hidden * 64 / 1150))},
    ]


def _js_round(x: float) -> int:
    return math.floor(x + 0.5)  # JavaScript's Math.round: halves up


def describe(spec: dict) -> str:
    if spec["kind"] == "round":
        return f"round r={spec['step']:g}"
    if spec["kind"] == "roundClip":
        return f"round r={spec['step']:g} clip c={spec['clip']:g}"
    return f"low rank k={spec['rank']}"


def compress_block(block: torch.Tensor, spec: dict) -> torch.Tensor:
    if spec["kind"] in ("round", "roundClip"):
        block = torch.floor(block / spec["step"] + 0.5) * spec["step"]
    if spec["kind"] == "roundClip":
        block = block.clamp(-spec["clip"], spec["clip"])
    if spec["kind"] == "lowRank":
        k = spec["rank"]
        if k >= min(block.shape):
            return block.clone()
        u, s, vh = torch.linalg.svd(block.double(), full_matrices=False)
        block = ((u[:, :k] * s[:k]) @ vh[:k]).to(block.dtype)
    return block


@torch.no_grad()
def compression_table(model: CharLM, tokens: torch.Tensor, streams: int, seq_len: int, seed: int) -> List[dict]:
    """The loss with W_ih's and W_hh's i and f gate blocks compressed (each block separately) under each of the
    paper's settings, and its change from the uncompressed loss, nats per character."""
    H = model.config.hidden
    base = evaluate(model, tokens, "soft", streams, seq_len, seed=seed)["loss"]
    rows = []
    for spec in paper_compression_specs(H):
        compressed = copy.deepcopy(model)
        for l in range(model.config.layers):
            for name in (f"weight_ih_l{l}", f"weight_hh_l{l}"):
                w = getattr(compressed.rnn, name)
                for gate in (0, 1):  # i, f: rows gate·H … (gate + 1)·H of PyTorch's [4H, in]
                    w[gate * H : (gate + 1) * H] = compress_block(w[gate * H : (gate + 1) * H], spec)
        loss = evaluate(compressed, tokens, "soft", streams, seq_len, seed=seed)["loss"]
        rows.append({"method": spec, "label": describe(spec), "loss": loss, "delta": loss - base})
    return rows
