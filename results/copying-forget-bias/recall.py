"""Symbol recall of a trained checkpoint on held-out copying examples (σ(z) gates, each from a zero state)."""
import json, sys
import torch
from gatelab_torch.checkpoint import load_checkpoint
model, vocab = load_checkpoint(sys.argv[1])
model.eval()
examples = json.load(open(sys.argv[2]))
ids = {s: k for k, s in enumerate(vocab.symbols)}
start = examples[0]["recallStart"]
x = torch.tensor([[ids[c] for c in e["line"]] for e in examples]).T  # [T, B]
with torch.no_grad():
    logits, _ = model(x, mode="soft")
pred = logits[start - 1 : start + 9].argmax(-1)  # [10, B]
want = x[start : start + 10]
print(json.dumps({"run": sys.argv[3], "symbol_recall": float((pred == want).float().mean()), "sequence_recall": float((pred == want).all(0).float().mean())}))
