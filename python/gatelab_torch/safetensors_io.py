"""Gate Lab's safetensors files (src/model/safetensors.ts): an 8-byte little-endian header length N, N bytes of
JSON header padded with spaces to a multiple of 8, then the tensors' bytes, which the header's data_offsets must
cover exactly. F32 is written; F32, F16, BF16 and F64 are read (as float32).

The `safetensors` package is used where it is installed; otherwise the format is read and written here.
Either way the checks below run, so a damaged file gets the same message as in Gate Lab.
"""
from __future__ import annotations

import json
import struct
from typing import Dict, Tuple

import torch

MAX_HEADER_BYTES = 100 * 1024 * 1024
DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64}
WIDTH = {"F32": 4, "F16": 2, "BF16": 2, "F64": 8}

try:  # pragma: no cover - depends on the machine
    from safetensors.torch import load as _package_load
    from safetensors.torch import save as _package_save
except ImportError:  # Debian ships no python3-safetensors; the format is simple enough to do by hand
    _package_load = None
    _package_save = None


class SafetensorsError(ValueError):
    """A file that is not valid safetensors, with the reason in words."""


def encode(tensors: Dict[str, torch.Tensor], metadata: Dict[str, str] | None = None) -> bytes:
    """The bytes of a safetensors file holding `tensors` as float32 (in insertion order) and `metadata`."""
    flat = {name: t.detach().to("cpu", torch.float32).contiguous() for name, t in tensors.items()}
    meta = {k: str(v) for k, v in (metadata or {}).items()}
    if _package_save is not None:
        return _package_save(flat, metadata=meta)
    header: dict = {"__metadata__": meta}
    offset = 0
    for name, t in flat.items():
        size = 4 * t.numel()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + size]}
        offset += size
    raw = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)
    body = b"".join(t.numpy().astype("<f4", copy=False).tobytes() for t in flat.values())
    return struct.pack("<Q", len(raw)) + raw + body


def _entry(name: str, raw: object, data_bytes: int) -> Tuple[str, list, int, int]:
    if not isinstance(raw, dict):
        raise SafetensorsError(f"tensor {name}: its header entry is not an object")
    dtype = raw.get("dtype")
    if not isinstance(dtype, str):
        raise SafetensorsError(f"tensor {name}: no dtype")
    if dtype not in WIDTH:
        raise SafetensorsError(f"tensor {name}: dtype {dtype} is not supported (F32, F16, BF16 or F64)")
    shape = raw.get("shape")
    if not isinstance(shape, list) or not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape):
        raise SafetensorsError(f"tensor {name}: shape must be a list of non-negative integers")
    offsets = raw.get("data_offsets")
    if (
        not isinstance(offsets, list)
        or len(offsets) != 2
        or not all(isinstance(o, int) and not isinstance(o, bool) and o >= 0 for o in offsets)
    ):
        raise SafetensorsError(f"tensor {name}: data_offsets must be two non-negative integers")
    begin, end = offsets
    if begin > end or end > data_bytes:
        raise SafetensorsError(f"tensor {name}: data_offsets [{begin}, {end}] fall outside the {data_bytes} data bytes")
    expected = WIDTH[dtype]
    for d in shape:
        expected *= d
    if end - begin != expected:
        raise SafetensorsError(
            f"tensor {name}: data_offsets [{begin}, {end}] do not match shape {shape} of {dtype} ({expected} bytes)"
        )
    return dtype, shape, begin, end


def decode(data: bytes) -> Tuple[Dict[str, torch.Tensor], Dict[str, str]]:
    """Tensors (float32, in the header's order) and metadata of a safetensors file's bytes; SafetensorsError if damaged."""
    if len(data) < 8:
        raise SafetensorsError(
            f"the file has {len(data)} bytes; a safetensors file starts with an 8-byte header length"
        )
    (n,) = struct.unpack("<Q", data[:8])
    if n > min(MAX_HEADER_BYTES, len(data) - 8):
        raise SafetensorsError(f"the header claims {n} bytes but the file has {len(data) - 8} after the length field")
    try:
        header = json.loads(data[8 : 8 + n].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SafetensorsError(
            "the header is not valid UTF-8 JSON: this is not a safetensors file, or it is damaged"
        ) from None
    if not isinstance(header, dict):
        raise SafetensorsError("the header is not a JSON object")
    start = 8 + n
    data_bytes = len(data) - start
    metadata: Dict[str, str] = {}
    entries = []
    for name, raw in header.items():
        if name == "__metadata__":
            if not isinstance(raw, dict):
                raise SafetensorsError("__metadata__ is not an object")
            for key, value in raw.items():
                if not isinstance(value, str):
                    raise SafetensorsError(f'__metadata__ "{key}" is not a string')
                metadata[key] = value
            continue
        entries.append((name, _entry(name, raw, data_bytes)))
    covered = 0
    for _, (_, _, begin, end) in sorted(entries, key=lambda e: (e[1][2], e[1][3])):
        if begin != covered:
            raise SafetensorsError(
                f"tensors overlap at byte {begin}" if begin < covered else f"bytes {covered}–{begin} belong to no tensor"
            )
        covered = end
    if covered != data_bytes:
        raise SafetensorsError(
            f"the tensors cover {covered} of the {data_bytes} data bytes: the file is truncated or has trailing bytes"
        )
    if _package_load is not None:
        loaded = _package_load(bytes(data))
        tensors = {name: loaded[name].to(torch.float32) for name, _ in entries}
    else:
        tensors = {}
        for name, (dtype, shape, begin, end) in entries:
            chunk = bytearray(data[start + begin : start + end])  # writable, so torch does not warn
            t = torch.frombuffer(chunk, dtype=DTYPES[dtype]) if chunk else torch.empty(0, dtype=DTYPES[dtype])
            tensors[name] = t.to(torch.float32).reshape(shape)
    return tensors, metadata


def read_file(path: str) -> Tuple[Dict[str, torch.Tensor], Dict[str, str]]:
    with open(path, "rb") as f:
        return decode(f.read())


def write_file(path: str, tensors: Dict[str, torch.Tensor], metadata: Dict[str, str] | None = None) -> None:
    with open(path, "wb") as f:
        f.write(encode(tensors, metadata))
