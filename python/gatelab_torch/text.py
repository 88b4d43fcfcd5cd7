"""Text as Gate Lab reads it (src/data/textChecks.ts, vocabulary.ts, prepare.ts, batches.ts), so that a text gives
the same vocabulary, the same training and validation split and the same batches on both sides."""
from __future__ import annotations

import codecs
from collections import Counter
from dataclasses import dataclass
from typing import Callable, List, Tuple

import torch

MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_CONTROL_SHARE = 0.01
UNKNOWN_SYMBOL = "\ufffd"
DEFAULT_VOCAB_CAP = 256
VALIDATION_SHARE = 0.1
VOCAB_OVERFLOW_FACTOR = 4
MAX_UNKNOWN_SHARE = 0.05


class TextError(ValueError):
    """A text Gate Lab refuses, with the same sentence the page and `npm run train` give."""


@dataclass
class Vocabulary:
    """Index = token id; each a single code point. `unk` is the unknown symbol's id, or -1."""

    symbols: List[str]
    unk: int

    def encode(self, text: str, what: str = "the text") -> torch.Tensor:
        """Token ids of every code point; characters outside the vocabulary read as the unknown symbol."""
        index = {s: k for k, s in enumerate(self.symbols)}
        missing = list(dict.fromkeys(c for c in text if c not in index))
        if missing and self.unk < 0:
            shown = " ".join(_js_string(c) for c in missing[:10])
            raise TextError(
                f"{what} has {len(missing)} characters the model has never seen ({shown}) and its vocabulary has no unknown symbol"
            )
        return torch.tensor([index.get(c, self.unk) for c in text], dtype=torch.long)


def _js_string(c: str) -> str:
    import json

    return json.dumps(c, ensure_ascii=False)


def _format_bytes(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _decode_with_bom(data: bytes) -> str | None:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decode_user_text(data: bytes) -> str:
    """Size first, then encoding, then binary content: the checks of textChecks.ts, with its messages."""
    if len(data) == 0:
        raise TextError("The file is empty.")
    if len(data) > MAX_TEXT_BYTES:
        raise TextError(
            f"The file is {_format_bytes(len(data))}; Gate Lab accepts texts up to {_format_bytes(MAX_TEXT_BYTES)}."
        )
    utf16 = data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE)
    if not utf16 and b"\x00" in data:
        raise TextError(
            "The file holds NUL bytes: it looks like a binary file, not text. Choose a plain-text (.txt) file."
        )
    text = _decode_with_bom(data)
    if text is None:
        raise TextError("The file is not UTF-8 text (its bytes are not valid UTF-8). Save it as UTF-8 and try again.")
    # The page counts in UTF-16 code units (JavaScript's string length).
    units = len(text) + sum(1 for c in text if ord(c) > 0xFFFF)
    control = sum(1 for c in text if (ord(c) < 32 and c not in "\t\n\r\f") or ord(c) == 127)
    if control > MAX_CONTROL_SHARE * units:
        raise TextError(
            f"{100 * control / units:.0f}% of the file is control characters: it looks like a binary file, not text."
        )
    if text.strip(_JS_WHITESPACE) == "":
        raise TextError("The file holds only white space.")
    return text


# JavaScript's String.prototype.trim() white space (Python's str.strip() also strips some control characters).
_JS_WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def build_vocabulary(text: str, cap: int = DEFAULT_VOCAB_CAP) -> Vocabulary:
    """Sorted by code point: the cap − 1 most frequent characters (ties by code point) and the unknown symbol."""
    counts = Counter(text)
    kept = sorted((c for c in counts if c != UNKNOWN_SYMBOL), key=lambda c: (-counts[c], ord(c)))[: cap - 1]
    symbols = sorted(kept + [UNKNOWN_SYMBOL], key=ord)
    return Vocabulary(symbols, symbols.index(UNKNOWN_SYMBOL))


@dataclass
class Corpus:
    vocab: Vocabulary
    train: torch.Tensor
    valid: torch.Tensor


def prepare_text(data: bytes, batch: int, seq_len: int, cap: int = DEFAULT_VOCAB_CAP) -> Corpus:
    """prepare.ts's prepareText: checks, vocabulary, and the last 10 % of the text kept for validation."""
    text = decode_user_text(data)
    distinct = len(set(text))
    if distinct > VOCAB_OVERFLOW_FACTOR * cap:
        raise TextError(
            f"The text uses {distinct} different characters; Gate Lab models at most {cap}, so most of it would be unknown symbols."
        )
    vocab = build_vocabulary(text, cap)
    tokens = vocab.encode(text)
    unknown = int((tokens == vocab.unk).sum())
    if unknown > MAX_UNKNOWN_SHARE * len(tokens):
        raise TextError(
            f"{100 * unknown / len(tokens):.0f}% of the text falls outside the {cap} most frequent characters; "
            f"Gate Lab needs at least {100 - 100 * MAX_UNKNOWN_SHARE:g}% inside them."
        )
    valid_length = int(len(tokens) * VALIDATION_SHARE)
    train, valid = tokens[: len(tokens) - valid_length], tokens[len(tokens) - valid_length :]
    need_train, need_valid = batch * seq_len + 1, seq_len + 1
    if len(train) < need_train or len(valid) < need_valid:
        import math

        need = math.ceil(max(need_train / (1 - VALIDATION_SHARE), need_valid / VALIDATION_SHARE))
        raise TextError(
            f"The text has {len(text)} characters; with batch {batch} and window {seq_len} it needs at least {need}."
        )
    return Corpus(vocab, train, valid)


def time_major_window(tokens: torch.Tensor, streams: int, per_stream: int, start: int, steps: int) -> Tuple[torch.Tensor, torch.Tensor]:
    """[steps, streams] inputs and next-character targets; stream b starts at b · per_stream (windows.ts)."""
    at = torch.arange(streams) * per_stream + start
    index = at.unsqueeze(0) + torch.arange(steps).unsqueeze(1)
    return tokens[index], tokens[index + 1]


def batch_stream(
    tokens: torch.Tensor, batch: int, seq_len: int, first_stream: int = 0, total_streams: int | None = None
) -> Callable[[], Tuple[torch.Tensor, torch.Tensor, bool]]:
    """batches.ts's batchStream: the text cut into `total_streams` contiguous streams read side by side in windows
    of `seq_len`; this process reads streams first_stream … first_stream + batch − 1 (all of them on one process,
    one share per rank under DistributedDataParallel). Returns (inputs [T, B], targets [T, B], reset_state)."""
    total = total_streams or batch
    per_stream = (len(tokens) - 1) // total
    windows = per_stream // seq_len
    if windows < 1:
        raise TextError(f"{len(tokens)} characters are too few for {total} streams of {seq_len} characters")
    shifted = tokens[first_stream * per_stream :]
    window = 0

    def next_batch():
        nonlocal window
        inputs, targets = time_major_window(shifted, batch, per_stream, window * seq_len, seq_len)
        reset = window == 0
        window = (window + 1) % windows
        return inputs, targets, reset

    return next_batch
