import json
import os
import tempfile
import unittest

from tests import cli_call
from gatelab_torch import CharLM, ModelConfig, save_checkpoint
from gatelab_torch.evaluate import main
from gatelab_torch.text import Vocabulary


def call(args):
    return cli_call.call(main, args)


class EvaluateCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        d = cls.dir.name
        cls.weights = os.path.join(d, "w.safetensors")
        save_checkpoint(cls.weights, CharLM(ModelConfig("g2", 4, 3, 4, 1)), Vocabulary(["a", "b", "c", "\ufffd"], 3))
        cls.no_unk = os.path.join(d, "no-unk.safetensors")
        save_checkpoint(cls.no_unk, CharLM(ModelConfig("lstm", 3, 3, 4, 1)), Vocabulary(["a", "b", "c"], -1))

        def write(name, data):
            path = os.path.join(d, name)
            with open(path, "wb") as f:
                f.write(data)
            return path

        cls.text = write("t.txt", "abcab🐋cba".encode())
        cls.binary = write("b.bin", b"\x7fELF\x00\x00\x01")
        cls.one = write("one.txt", b"a")
        cls.latin1 = write("l.txt", b"caf\xe9 abc")

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_prints_the_json_of_npm_run_evaluate(self):
        for mode in ("soft", "binary", "sharpened", "stochastic"):
            code, out, err = call(["--weights", self.weights, "--text", self.text, "--mode", mode])
            self.assertEqual(code, 0, err)
            result = json.loads(out)
            self.assertEqual(sorted(result), ["chars", "loss_nats_per_char", "mode"])
            self.assertEqual((result["chars"], result["mode"]), (8, mode))
            self.assertGreater(result["loss_nats_per_char"], 0)

    def test_refuses_bad_input_with_one_line_and_exit_code_2(self):
        cases = [
            ([], "the following arguments are required"),
            (["--weights", self.weights, "--text", self.text, "--mode", "fuzzy"], '--mode must be one of stochastic, soft, sharpened, binary, got "fuzzy"'),
            (["--weights", self.weights + ".nope", "--text", self.text], "cannot read --weights"),
            (["--weights", self.text, "--text", self.text], "header"),
            (["--weights", self.weights, "--text", self.binary], "NUL bytes"),
            (["--weights", self.weights, "--text", self.latin1], "not UTF-8"),
            (["--weights", self.weights, "--text", self.one], "at least two characters"),
            (["--weights", self.no_unk, "--text", self.text], "has 1 characters the model has never seen (\"🐋\")"),
        ]
        for args, message in cases:
            code, out, err = call(args)
            self.assertEqual(code, 2, f"{args}: {err}")
            self.assertIn(message, err)
            self.assertEqual(out, "")


if __name__ == "__main__":
    unittest.main()
