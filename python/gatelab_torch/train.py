"""Trains a character language model like `npm run train` (src/cli/train.ts) and writes DIR/weights.safetensors and
DIR/report.json, which the page's Import weights and `npm run evaluate` read:

    python3 -m gatelab_torch.train --text FILE --cell g2 --hidden 256 --steps 2000 --out DIR

On one CPU, or one GPU (--device cuda, the default where one is visible), or on many GPUs and machines through
PyTorch's launcher, which runs one process per GPU under DistributedDataParallel:

    torchrun --nproc_per_node N -m gatelab_torch.train --text FILE ... --out DIR

--batch is per process: N processes read the text as N·B streams, each its own B, and average their gradients
(so N processes of batch B train as one process of batch N·B would, with the noise drawn per process).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import time
from typing import List, Optional

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from .checkpoint import save_checkpoint
from .cli import CliError, run_cli
from .evaluate import evaluate
from .gates import CELL_KINDS, GATE_MODES
from .model import CharLM, ModelConfig, cross_entropy
from .numbers import parse_decimal
from .report import compression_table, gate_histograms, unigram_entropy
from .text import TextError, batch_stream, prepare_text

MAX_EVAL_CHARS = 20_000
"""Validation is measured on at most this many characters, so long texts stay quick to score."""
ADAM_EPSILON = 1e-7
"""tfjs's Adam epsilon in float32, so both trainers take the same steps."""

USAGE = """python3 -m gatelab_torch.train --text FILE --out DIR [options]
  --cell g2|lstm|sharpened|beta|bibeta       recurrent cell (default g2)
  --hidden N  --layers N  --embedding N      model size (defaults 64, 1, = hidden)
  --steps N  --seq T  --batch B              training length and shape (defaults 500, 64, 32; B per process)
  --lr X  --clip X  --tau X  --noise-p P  --h-detach P  --seed N
  --eval-every N                             validation every N steps (default steps/10)
  --init-bound X    weights start U(−X, X) (default 1/√H, the official code's)
  --input-bias X  --forget-bias X          added to the input / forget gate biases at the start (default 0)
  --device auto|cpu|cuda                     (default auto: cuda where a GPU is visible)"""


def _number(name: str, raw: Optional[str], fallback: float, check, rule: str) -> float:
    """A flag's number, or a one-line error naming the rule it breaks (cliError.ts's parseNumber)."""
    if raw is None:
        return fallback
    n = parse_decimal(raw)
    if not math.isfinite(n) or not check(n):
        raise CliError(f'--{name} must be {rule}, got "{raw}"')
    return n


def _whole(name: str, raw: Optional[str], fallback: int, low: int, high: Optional[int] = None) -> int:
    rule = f"a whole number from {low} to {high}" if high else ("a positive whole number" if low == 1 else "a whole number")
    return int(_number(name, raw, fallback, lambda n: n.is_integer() and n >= low and (high is None or n <= high), rule))


def parse_options(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python3 -m gatelab_torch.train", usage=USAGE)
    for flag in ("text", "out", "cell", "hidden", "layers", "embedding", "steps", "seq", "batch", "lr", "clip", "tau",
                 "noise-p", "h-detach", "seed", "eval-every", "init-bound", "input-bias", "forget-bias", "device"):
        parser.add_argument(f"--{flag}")
    v = parser.parse_args(argv)
    if not v.text:
        raise CliError(f"--text FILE is required\nusage: {USAGE}")
    if not v.out:
        raise CliError(f"--out DIR is required\nusage: {USAGE}")
    cell = v.cell or "g2"
    if cell not in CELL_KINDS:
        raise CliError(f'--cell must be one of {", ".join(CELL_KINDS)}, got "{v.cell}"')
    o = argparse.Namespace(text=v.text, out=v.out, cell=cell)
    o.hidden = _whole("hidden", v.hidden, 64, 2, 4096)
    o.layers = _whole("layers", v.layers, 1, 1, 8)
    o.embedding = _whole("embedding", v.embedding, o.hidden, 1, 4096)
    o.steps = _whole("steps", v.steps, 500, 1)
    o.seq = _whole("seq", v.seq, 64, 1, 4096)
    o.batch = _whole("batch", v.batch, 32, 1, 4096)
    o.lr = _number("lr", v.lr, 0.01, lambda n: 0 < n < 10, "a number between 0 and 10")
    o.clip = _number("clip", v.clip, 1.0, lambda n: n > 0, "a positive number")
    o.tau = _number("tau", v.tau, 0.9, lambda n: 0 < n <= 100, "a number in (0, 100]")
    o.noise_p = _number("noise-p", v.noise_p, 1.0, lambda n: 0 < n <= 1, "a probability in (0, 1]")
    o.h_detach = _number("h-detach", v.h_detach, 0.0, lambda n: 0 <= n <= 1, "a probability in [0, 1]")
    o.seed = _whole("seed", v.seed, 1, -(2**53))
    o.eval_every = _whole("eval-every", v.eval_every, max(1, math.floor(o.steps / 10 + 0.5)), 1)
    o.init = {}
    if v.init_bound is not None:
        o.init["bound"] = _number("init-bound", v.init_bound, 0, lambda n: 0 < n <= 10, "a number in (0, 10]")
    for flag, key in (("input-bias", "inputBias"), ("forget-bias", "forgetBias")):
        bias = _number(flag, getattr(v, flag.replace("-", "_")), 0.0, lambda n: abs(n) <= 20, "a number from −20 to 20")
        if bias != 0:
            o.init[key] = bias
    o.device = v.device or "auto"
    if o.device not in ("auto", "cpu", "cuda"):
        raise CliError(f'--device must be auto, cpu or cuda, got "{v.device}"')
    if o.device == "cuda" and not torch.cuda.is_available():
        raise CliError("--device cuda: PyTorch sees no GPU here (torch.cuda.is_available() is False)")
    return o


class Distributed:
    """This process's place in a torchrun launch (RANK, LOCAL_RANK, WORLD_SIZE), or a lone process."""

    def __init__(self, device_flag: str):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        local = int(os.environ.get("LOCAL_RANK", "0"))
        cuda = device_flag == "cuda" or (device_flag == "auto" and torch.cuda.is_available())
        self.device = torch.device(f"cuda:{local}" if cuda else "cpu")
        if cuda:
            torch.cuda.set_device(self.device)
        self.backend = None
        if self.world > 1:
            self.backend = "nccl" if cuda else "gloo"
            dist.init_process_group(self.backend)

    @property
    def main(self) -> bool:
        return self.rank == 0

    def wrap(self, model: CharLM):
        if self.world == 1:
            return model
        return DistributedDataParallel(model, device_ids=[self.device.index] if self.device.type == "cuda" else None)

    def mean(self, value: torch.Tensor) -> float:
        """The mean of a scalar over the processes."""
        value = value.detach()
        if self.world > 1:
            value = value.clone()
            dist.all_reduce(value)
            value /= self.world
        return float(value)

    def close(self) -> None:
        """Waits for rank 0 to write its files, then leaves the process group."""
        if self.world > 1:
            dist.barrier()
            dist.destroy_process_group()

    def abort(self) -> None:
        """Leaves without waiting: torchrun then stops the other processes and reports this one's error."""
        if self.world > 1 and dist.is_initialized():
            dist.destroy_process_group()


def _read_text(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as error:
        import errno

        raise CliError(f"cannot read --text {path}: {errno.errorcode.get(error.errno, str(error))}") from None


def main(argv: Optional[List[str]] = None) -> None:
    o = parse_options(argv)
    data = _read_text(o.text)
    place = Distributed(o.device)
    try:
        train(o, data, place)
    except BaseException:
        place.abort()
        raise
    place.close()


def train(o: argparse.Namespace, data: bytes, place: Distributed) -> None:
    try:
        corpus = prepare_text(data, o.batch * place.world, o.seq)
        next_batch = batch_stream(corpus.train, o.batch, o.seq, place.rank * o.batch, o.batch * place.world)
    except TextError as error:
        raise CliError(str(error)) from None
    vocab, device = corpus.vocab, place.device
    config = ModelConfig(o.cell, len(vocab.symbols), o.embedding, o.hidden, o.layers, o.tau, o.noise_p)
    torch.manual_seed(o.seed)  # the same initial weights on every process (DistributedDataParallel also copies rank 0's)
    model = CharLM(config)
    model.initialize(o.init.get("bound"), o.init.get("inputBias", 0.0), o.init.get("forgetBias", 0.0))
    model = model.to(device)
    net = place.wrap(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=o.lr, eps=ADAM_EPSILON)
    noise = torch.Generator(device=device)
    noise.manual_seed((o.seed * 1_000_003 + place.rank) % 2**63)  # each process its own noise
    detach_draws = torch.Generator()
    detach_draws.manual_seed((o.seed * 7919 + place.rank) % 2**63)

    eval_tokens = corpus.valid[: MAX_EVAL_CHARS + 1].to(device)
    eval_options = dict(streams=min(16, max(1, (len(eval_tokens) - 1) // o.seq)), seq_len=o.seq, seed=o.seed)

    def valid_loss(mode: str) -> float:
        model.eval()
        try:
            return evaluate(model, eval_tokens, mode, **eval_options)["loss"]
        finally:
            model.train()

    log = print if place.main else (lambda *_, **__: None)
    where = f"{device.type}" + (f", {place.world} processes ({place.backend})" if place.world > 1 else "")
    log(f"training {o.cell} H={o.hidden} L={o.layers} on {len(corpus.train)} characters ({len(vocab.symbols)} symbols), "
        f"validating on {len(eval_tokens) - 1}, torch {torch.__version__} on {where}", flush=True)
    train_curve, valid_curve = [], []
    started = time.perf_counter()
    state = None
    model.train()
    for step in range(1, o.steps + 1):
        inputs, targets, reset = next_batch()
        inputs, targets = inputs.to(device), targets.to(device)
        if reset:
            state = None
        detach = (torch.rand(o.seq, generator=detach_draws) < o.h_detach).tolist() if o.h_detach > 0 else None
        logits, state = net(inputs, state, generator=noise, detach=detach)
        loss = cross_entropy(logits, targets)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()  # under DistributedDataParallel the gradients arrive averaged over the processes
        torch.nn.utils.clip_grad_norm_(model.parameters(), o.clip)
        optimizer.step()
        state = (state[0].detach(), state[1].detach())
        value = place.mean(loss)
        if not math.isfinite(value):
            raise RuntimeError(f"the training loss became {value} at step {step}; try a lower --lr")
        train_curve.append({"step": step, "loss": value})
        if place.main and (step % o.eval_every == 0 or step == o.steps):
            v = valid_loss("soft")
            valid_curve.append({"step": step, "loss": v})
            rate = step * o.batch * o.seq * place.world / (time.perf_counter() - started)
            log(f"step {step}/{o.steps}  train {value / math.log(2):.3f} bpc  valid {v / math.log(2):.3f} bpc  {round(rate)} chars/s", flush=True)
    if not place.main:
        return

    final = {mode: valid_loss(mode) for mode in GATE_MODES}
    model.eval()
    model_cpu = model.to("cpu")
    cpu_tokens = eval_tokens.cpu()
    report = {
        "config": {
            "model": config.as_report(),
            "train": {"batch": o.batch, "seqLen": o.seq, "lr": o.lr, "clipNorm": o.clip, "hDetach": o.h_detach, "seed": o.seed,
                      **({"init": o.init} if o.init else {})},
            "steps": o.steps,
            "text": o.text,
            "backend": f"torch {torch.__version__} {device.type}",
            "processes": place.world,
        },
        "vocabSize": len(vocab.symbols),
        "trainChars": len(corpus.train),
        "validChars": len(eval_tokens) - 1,
        "unigramEntropyNats": unigram_entropy(cpu_tokens, len(vocab.symbols)),
        "curves": {"train": train_curve, "valid": valid_curve},
        "finalValidLossNats": final,
        "gateHistograms": {"mode": "soft", "layers": gate_histograms(model_cpu, cpu_tokens, **eval_options)},
        "compression": compression_table(model_cpu, cpu_tokens, **eval_options),
        "seconds": time.perf_counter() - started,
    }
    os.makedirs(o.out, exist_ok=True)
    weights = os.path.join(o.out, "weights.safetensors")
    save_checkpoint(weights, model_cpu, vocab)
    with open(os.path.join(o.out, "report.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    log("final validation loss (nats/char): " + ", ".join(f"{m} {final[m]:.4f}" for m in GATE_MODES))
    log(f"wrote {weights} and {os.path.join(o.out, 'report.json')}")


if __name__ == "__main__":
    run_cli(main)
