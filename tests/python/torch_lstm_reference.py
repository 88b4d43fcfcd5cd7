"""Scores a text with a Gate Lab safetensors file the way torch.nn.LSTM would, in numpy.

Reads the file with nothing but the format's definition (8-byte header length, JSON header, data),
applies PyTorch's LSTM equations (gate order i, f, g, o; W_ih x + b_ih + W_hh h + b_hh), an embedding
lookup and a linear decoder, and prints {"loss_nats_per_char", "chars"} for one stream from a zero state.
"""
import json
import struct
import sys

import numpy as np


def load_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    meta = header.pop("__metadata__", {})
    data = raw[8 + n :]
    tensors = {}
    for name, entry in header.items():
        assert entry["dtype"] == "F32", entry
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"]).astype(np.float64)
    return tensors, meta


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def main(weights_path, text_path):
    t, meta = load_safetensors(weights_path)
    vocab = json.loads(meta["vocab"])
    unk = int(meta["unk"])
    layers = int(meta["layers"])
    hidden = int(meta["hidden"])
    index = {s: k for k, s in enumerate(vocab)}
    text = open(text_path, encoding="utf-8").read()
    ids = [index.get(c, unk) for c in text]
    h = [np.zeros(hidden) for _ in range(layers)]
    c = [np.zeros(hidden) for _ in range(layers)]
    total = 0.0
    for k in range(len(ids) - 1):
        x = t["embedding.weight"][ids[k]]
        for l in range(layers):
            z = t[f"rnn.weight_ih_l{l}"] @ x + t[f"rnn.bias_ih_l{l}"] + t[f"rnn.weight_hh_l{l}"] @ h[l] + t[f"rnn.bias_hh_l{l}"]
            i, f, g, o = np.split(z, 4)
            c[l] = sigmoid(f) * c[l] + sigmoid(i) * np.tanh(g)
            h[l] = sigmoid(o) * np.tanh(c[l])
            x = h[l]
        logits = t["decoder.weight"] @ x + t["decoder.bias"]
        m = logits.max()
        total += m + np.log(np.exp(logits - m).sum()) - logits[ids[k + 1]]
    print(json.dumps({"loss_nats_per_char": total / (len(ids) - 1), "chars": len(ids) - 1}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
