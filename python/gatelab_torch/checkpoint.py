"""Gate Lab's weights files (src/model/checkpoint.ts): safetensors with torch.nn.LSTM's names and layouts and the
config and vocabulary in `__metadata__`. Files from plain PyTorch may carry only `vocab` (and `unk`): they are an
nn.LSTM, their sizes are read from the shapes."""
from __future__ import annotations

import json
from typing import Dict, Tuple

import torch

from . import safetensors_io
from .gates import CELL_KINDS
from .model import CharLM, ModelConfig
from .numbers import parse_number
from .text import Vocabulary

CHECKPOINT_FORMAT = "gatelab-safetensors/1"


class CheckpointError(ValueError):
    pass


def metadata_of(config: ModelConfig, vocab: Vocabulary) -> Dict[str, str]:
    return {
        "format": CHECKPOINT_FORMAT,
        "cell": config.cell,
        "tau": _js_number(config.tau),
        "noise_p": _js_number(config.noise_p),
        "hidden": str(config.hidden),
        "layers": str(config.layers),
        "embedding": str(config.embedding),
        "vocab": json.dumps(vocab.symbols, ensure_ascii=False, separators=(",", ":")),
        "unk": str(vocab.unk),
    }


def _js_number(x: float) -> str:
    """String(x) in JavaScript: 1 not 1.0."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def encode_checkpoint(model: CharLM, vocab: Vocabulary) -> bytes:
    state = {name: t for name, t in model.state_dict().items()}
    return safetensors_io.encode(state, metadata_of(model.config, vocab))


def save_checkpoint(path: str, model: CharLM, vocab: Vocabulary) -> None:
    with open(path, "wb") as f:
        f.write(encode_checkpoint(model, vocab))


def _positive_int(metadata: Dict[str, str], key: str, limit: int, from_shapes=None) -> int:
    raw = metadata.get(key, None if from_shapes is None else str(from_shapes))
    if raw is None:
        raise CheckpointError(f'the file\'s metadata has no "{key}"')
    n = parse_number(raw)
    if not (n == n and n.is_integer() and 1 <= n <= limit):
        raise CheckpointError(f'metadata "{key}" must be a whole number from 1 to {limit}, got "{raw}"')
    return int(n)


def _positive_number(metadata: Dict[str, str], key: str, fallback: float) -> float:
    raw = metadata.get(key)
    if raw is None:
        return fallback
    n = parse_number(raw)
    if not (n > 0 and n != float("inf")):
        raise CheckpointError(f'metadata "{key}" must be a positive number, got "{raw}"')
    return n


def _vocabulary(metadata: Dict[str, str], rows: int) -> Vocabulary:
    if "vocab" not in metadata:
        raise CheckpointError(
            'the file\'s metadata has no "vocab" (a JSON array of the characters in embedding row order), so its rows can\'t be matched to characters'
        )
    try:
        symbols = json.loads(metadata["vocab"])
    except ValueError:
        raise CheckpointError('metadata "vocab" is not a JSON array of characters') from None
    if not isinstance(symbols, list) or not all(isinstance(s, str) and len(s) == 1 for s in symbols):
        raise CheckpointError('metadata "vocab" must be a JSON array of single characters')
    if len(set(symbols)) != len(symbols):
        raise CheckpointError('metadata "vocab" repeats a character')
    if len(symbols) != rows:
        raise CheckpointError(f"the vocabulary has {len(symbols)} characters but embedding.weight has {rows} rows")
    raw = metadata.get("unk", "-1")
    try:
        unk = int(raw)
    except ValueError:
        unk = -2
    if not -1 <= unk < len(symbols):
        raise CheckpointError(f'metadata "unk" must be −1 or a vocabulary index, got "{raw}"')
    return Vocabulary(symbols, unk)


def decode_checkpoint(data: bytes) -> Tuple[CharLM, Vocabulary]:
    """A model holding the file's weights, and its vocabulary; CheckpointError / SafetensorsError with the reason."""
    tensors, metadata = safetensors_io.decode(data)
    cell = metadata.get("cell", "lstm")
    if cell not in CELL_KINDS:
        raise CheckpointError(f'metadata "cell" must be one of {", ".join(CELL_KINDS)}, got "{cell}"')
    emb = tensors.get("embedding.weight")
    if emb is None or emb.dim() != 2:
        raise CheckpointError('the file has no 2-D tensor "embedding.weight"')
    vocab = _vocabulary(metadata, emb.shape[0])
    hh = tensors.get("rnn.weight_hh_l0")
    layers = 0
    while f"rnn.weight_hh_l{layers}" in tensors:
        layers += 1
    config = ModelConfig(
        cell=cell,
        vocab_size=len(vocab.symbols),
        embedding=_positive_int(metadata, "embedding", 4096, emb.shape[1]),
        hidden=_positive_int(metadata, "hidden", 4096, None if hh is None else hh.shape[1]),
        layers=_positive_int(metadata, "layers", 8, layers or None),
        tau=_positive_number(metadata, "tau", 0.9),
        noise_p=_positive_number(metadata, "noise_p", 1.0),
    )
    model = CharLM(config)
    expected = model.state_dict()
    for name, want in expected.items():
        found = tensors.get(name)
        if found is None:
            raise CheckpointError(f'tensor "{name}" is missing')
        if tuple(found.shape) != tuple(want.shape):
            raise CheckpointError(f'tensor "{name}" has shape {list(found.shape)}, expected {list(want.shape)}')
    model.load_state_dict({name: tensors[name] for name in expected})
    return model, vocab


def load_checkpoint(path: str) -> Tuple[CharLM, Vocabulary]:
    with open(path, "rb") as f:
        return decode_checkpoint(f.read())
