"""The PyTorch side of tests/unit/torch/: for each job of a JSON file, loads a Gate Lab weights file with
gatelab_torch, scores tokens in the asked gate modes, and, when asked, computes one window's loss and gradients in
training mode with the noise the TypeScript side drew; writes the gradients as safetensors and prints the results as
JSON.
"""
import json
import sys

import torch

from gatelab_torch import safetensors_io
from gatelab_torch.checkpoint import load_checkpoint
from gatelab_torch.evaluate import evaluate
from gatelab_torch.model import cross_entropy
from gatelab_torch.noise import GammaNoise


def layer_noise(noise, l):
    if f"noise.l{l}" in noise:
        return noise[f"noise.l{l}"]
    if f"gamma.l{l}.normal" in noise:
        return GammaNoise(*(noise[f"gamma.l{l}.{k}"] for k in ("normal", "accept_threshold", "log_boost")))
    return None


def run(job):
    model, _ = load_checkpoint(job["weights"])
    tokens = torch.tensor(job["tokens"], dtype=torch.long)
    model.eval()
    losses = [evaluate(model, tokens, e["mode"], e["streams"], e["seqLen"])["loss"] for e in job["evals"]]
    grad = job.get("grad")
    if grad is None:
        return {"losses": losses}
    T, B = grad["steps"], grad["batch"]
    inputs = torch.tensor(grad["inputs"], dtype=torch.long).reshape(T, B)
    targets = torch.tensor(grad["targets"], dtype=torch.long).reshape(T, B)
    noise, _ = safetensors_io.read_file(grad["noise"]) if grad["noise"] else ({}, {})
    model.train()
    logits, _ = model(inputs, noise=[layer_noise(noise, l) for l in range(model.config.layers)])
    loss = cross_entropy(logits, targets)
    loss.backward()
    safetensors_io.write_file(grad["out"], {name: p.grad for name, p in model.named_parameters()})
    return {"losses": losses, "trainLoss": loss.item()}


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        jobs = json.load(f)
    print(json.dumps([run(job) for job in jobs]))
