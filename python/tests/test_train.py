import json
import os
import socket
import subprocess
import sys
import tempfile
import unittest

import torch

from tests import cli_call
from gatelab_torch import load_checkpoint
from gatelab_torch.train import main

TEXT = ("Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse, "
        "and nothing particular to interest me on shore, I thought I would sail about a little and see the watery "
        "part of the world. ") * 12
TINY = ["--hidden", "8", "--embedding", "6", "--seq", "8", "--steps", "3", "--lr", "0.01", "--seed", "5"]


# PyTorch 1.13's torchrun under Python 3.11 (Debian 12) reads its default "0" for both flags as None and stops with
# "'NoneType' object has no attribute 'get'"; any other value works (README, Scaling out).
TORCHRUN_PY311 = ["--redirects", "1", "--tee", "1"]


def call(args):
    return cli_call.call(main, args)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TrainTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.text = os.path.join(cls.dir.name, "text.txt")
        with open(cls.text, "w", encoding="utf-8") as f:
            f.write(TEXT)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def test_writes_weights_and_the_report_of_npm_run_train(self):
        out = self.path("g2")
        code, stdout, err = call(["--text", self.text, "--cell", "g2", "--layers", "2", "--batch", "4", "--out", out, *TINY])
        self.assertEqual(code, 0, err)
        self.assertIn("wrote", stdout)
        with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
            report = json.load(f)
        self.assertEqual({k: report["config"]["model"][k] for k in ("cell", "hidden", "layers", "embedding")},
                         {"cell": "g2", "hidden": 8, "layers": 2, "embedding": 6})
        self.assertEqual(len(report["curves"]["train"]), 3)
        self.assertGreater(len(report["curves"]["valid"]), 0)
        self.assertEqual(sorted(report["finalValidLossNats"]), ["binary", "sharpened", "soft", "stochastic"])
        self.assertEqual(len(report["gateHistograms"]["layers"]), 2)
        self.assertAlmostEqual(sum(report["gateHistograms"]["layers"][0]["input"]["bins10"]), 1, places=6)
        self.assertEqual([r["label"] for r in report["compression"]],
                         ["round r=0.2", "round r=0.2 clip c=0.4", "low rank k=1", "low rank k=1"])
        self.assertNotIn("init", report["config"]["train"])
        model, vocab = load_checkpoint(os.path.join(out, "weights.safetensors"))
        self.assertEqual((model.config.cell, model.config.layers, len(vocab.symbols)), ("g2", 2, report["vocabSize"]))

    def test_init_flags_set_the_starting_weights(self):
        out = self.path("init")
        args = ["--text", self.text, "--cell", "g2", "--batch", "2", "--out", out, *TINY, "--steps", "1", "--lr", "1e-9"]
        code, _, err = call([*args, "--init-bound", "0.05", "--forget-bias", "3"])
        self.assertEqual(code, 0, err)
        model, _ = load_checkpoint(os.path.join(out, "weights.safetensors"))
        self.assertLessEqual(float(model.rnn.weight_hh_l0.abs().max()), 0.05 + 1e-6)
        bias = model.rnn.bias_ih_l0.detach()
        self.assertTrue(bool(((bias[8:16] - 3).abs() <= 0.05 + 1e-6).all()))  # H 8: the forget block moved by 3
        self.assertLessEqual(float(bias[:8].abs().max()), 0.05 + 1e-6)
        with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
            self.assertEqual(json.load(f)["config"]["train"]["init"], {"bound": 0.05, "forgetBias": 3.0})
        code, _, err = call([*args, "--input-bias", "25"])
        self.assertEqual(code, 2)
        self.assertIn("--input-bias must be a number from −20 to 20", err)

    def test_h_detach_and_every_cell_train(self):
        for cell in ("lstm", "sharpened", "beta", "bibeta"):
            code, _, err = call(["--text", self.text, "--cell", cell, "--batch", "2", "--h-detach", "0.5", "--out", self.path(cell), *TINY])
            self.assertEqual(code, 0, f"{cell}: {err}")

    def test_refuses_bad_input_with_one_line_and_exit_code_2(self):
        binary = self.path("binary.bin")
        with open(binary, "wb") as f:
            f.write(b"\x7fELF\x00\x00\x01\x02")
        empty = self.path("empty.txt")
        open(empty, "w").close()
        out = self.path("bad")
        cases = [
            (["--out", out], "--text FILE is required"),
            (["--text", self.path("nope.txt"), "--out", out], "cannot read --text"),
            (["--text", self.text, "--cell", "gru", "--out", out], "--cell must be one of"),
            (["--text", self.text, "--hidden", "many", "--out", out], '--hidden must be a whole number from 2 to 4096, got "many"'),
            (["--text", self.text, "--lr", "nan", "--out", out], "--lr must be"),
            (["--text", self.text, "--hidden", "0x10", "--out", out], '--hidden must be a whole number from 2 to 4096, got "0x10"'),
            (["--text", self.text, "--clip", " ", "--out", out], "--clip must be a positive number"),
            (["--text", self.text, "--steps", "1_0", "--out", out], "--steps must be a positive whole number"),
            (["--text", self.text, "--out", out, "--frobnicate"], "unrecognized arguments"),
            (["--text", binary, "--out", out], "binary file"),
            (["--text", empty, "--out", out], "empty"),
            (["--text", self.text, "--batch", "400", "--out", out], "needs at least"),
        ]
        for args, message in cases:
            code, _, err = call(args)
            self.assertEqual(code, 2, f"{args}: {err}")
            self.assertIn(message, err)
        self.assertFalse(os.path.exists(out))

    def test_torchrun_with_two_processes_trains_as_one_process_with_both_batches(self):
        """DistributedDataParallel on CPU (gloo): 2 processes of batch 2 average their gradients into what one process
        of batch 4 computes, so an LSTM (no noise) ends at the same weights."""
        common = ["--text", self.text, "--cell", "lstm", *TINY]
        env = {**os.environ, "OMP_NUM_THREADS": "1"}
        launch = [sys.executable, "-m", "torch.distributed.run", "--nnodes", "1", "--nproc_per_node", "2",
                  "--master_addr", "127.0.0.1", "--master_port", str(free_port()), *TORCHRUN_PY311, "-m", "gatelab_torch.train"]
        run = subprocess.run([*launch, *common, "--batch", "2", "--device", "cpu", "--out", self.path("ddp")],
                             env=env, capture_output=True, text=True, timeout=300)
        self.assertEqual(run.returncode, 0, run.stderr[-3000:])
        self.assertIn("2 processes (gloo)", run.stdout)
        code, _, err = call([*common, "--batch", "4", "--device", "cpu", "--out", self.path("one")])
        self.assertEqual(code, 0, err)
        two, _ = load_checkpoint(self.path("ddp/weights.safetensors"))
        one, _ = load_checkpoint(self.path("one/weights.safetensors"))
        start = self.path("start")
        call([*common, "--batch", "4", "--steps", "1", "--lr", "1e-9", "--device", "cpu", "--out", start])
        initial, _ = load_checkpoint(os.path.join(start, "weights.safetensors"))
        for (name, a), b, c in zip(two.state_dict().items(), one.state_dict().values(), initial.state_dict().values()):
            self.assertLess(float((a - b).abs().max()), 1e-5, name)
            if not name.startswith("rnn.bias_hh"):
                self.assertGreater(float((a - c).abs().max()), 1e-4, f"{name} moved in training")
        with open(self.path("ddp/report.json"), encoding="utf-8") as f:
            report = json.load(f)
        self.assertEqual(report["config"]["processes"], 2)
        with open(self.path("one/report.json"), encoding="utf-8") as f:
            single = json.load(f)
        for a, b in zip(report["curves"]["train"], single["curves"]["train"]):
            self.assertAlmostEqual(a["loss"], b["loss"], places=5)


if __name__ == "__main__":
    unittest.main()
