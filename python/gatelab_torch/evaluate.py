"""Scores a text with a Gate Lab weights file, like `npm run evaluate` (src/cli/evaluate.ts, src/model/evaluate.ts):

    python3 -m gatelab_torch.evaluate --weights FILE --text FILE [--mode soft|binary|sharpened|stochastic]

prints {"loss_nats_per_char", "chars", "mode"}: the mean cross-entropy of predicting every character after the first
from all before it, one stream from a zero state; characters outside the vocabulary read as its unknown symbol.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import List, Optional

import torch

from .checkpoint import CheckpointError, load_checkpoint
from .cli import CliError, run_cli
from .gates import GATE_MODES, evaluation_gates
from .model import CharLM, cross_entropy
from .safetensors_io import SafetensorsError
from .text import TextError, decode_user_text, time_major_window

EVAL_WINDOW = 256


@torch.no_grad()
def evaluate(
    model: CharLM,
    tokens: torch.Tensor,
    mode: str = "soft",
    streams: int = 1,
    seq_len: int = EVAL_WINDOW,
    tau: Optional[float] = None,
    seed: int = 0,
    trace: Optional[List[list]] = None,
) -> dict:
    """Mean loss (nats per predicted character) of `tokens` cut into `streams` contiguous streams, each from a zero
    state, read in windows of `seq_len` with the state carried over. `trace`, a list, receives per window the gate
    values of every layer."""
    if len(tokens) < streams + 1:
        raise ValueError(f"{len(tokens)} characters are too few to evaluate {streams} streams")
    config = model.config
    spec = evaluation_gates(config.cell, mode, config.tau if tau is None else tau)
    device = next(model.parameters()).device
    generator = torch.Generator(device=device)
    generator.manual_seed(seed)
    per_stream = (len(tokens) - 1) // streams
    tokens = tokens.to(device)
    state = None
    total = torch.zeros((), dtype=torch.float64, device=device)
    chars = 0
    for start in range(0, per_stream, seq_len):
        steps = min(seq_len, per_stream - start)
        inputs, targets = time_major_window(tokens, streams, per_stream, start, steps)
        gates: Optional[list] = [] if trace is not None else None
        logits, state = model(inputs, state, mode=spec, generator=generator, trace=gates)
        total += cross_entropy(logits, targets).double() * (steps * streams)
        chars += steps * streams
        if trace is not None:
            trace.append(gates)
    return {"loss": float(total) / chars, "chars": chars}


def _read(flag: str, path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as error:
        import errno

        raise CliError(f"cannot read --{flag} {path}: {errno.errorcode.get(error.errno, str(error))}") from None


USAGE = "usage: python3 -m gatelab_torch.evaluate --weights FILE --text FILE [--mode soft|binary|sharpened|stochastic]"


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(prog="python3 -m gatelab_torch.evaluate", usage=USAGE[len("usage: "):], description=__doc__.split("\n\n")[0])
    parser.add_argument("--weights", required=True)
    parser.add_argument("--text", required=True)
    parser.add_argument("--mode", default="soft")
    args = parser.parse_args(argv)
    if args.mode not in GATE_MODES:
        raise CliError(f'--mode must be one of {", ".join(GATE_MODES)}, got "{args.mode}"')
    weights = _read("weights", args.weights)
    try:
        from .checkpoint import decode_checkpoint

        model, vocab = decode_checkpoint(weights)
    except (CheckpointError, SafetensorsError) as error:
        raise CliError(f"--weights {args.weights}: {error}") from None
    try:
        text = decode_user_text(_read("text", args.text))
        tokens = vocab.encode(text)
    except TextError as error:
        raise CliError(f"--text {args.text}: {error}") from None
    if len(text) < 2:
        raise CliError(f"--text {args.text}: at least two characters are needed, found {len(text)}")
    model.eval()
    result = evaluate(model, tokens, args.mode)
    print(json.dumps({"loss_nats_per_char": result["loss"], "chars": result["chars"], "mode": args.mode}, separators=(",", ":")))


if __name__ == "__main__":
    run_cli(main)
