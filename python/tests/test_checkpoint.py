import json
import unittest

import torch

from gatelab_torch import CELL_KINDS, CharLM, ModelConfig, decode_checkpoint, encode_checkpoint, safetensors_io
from gatelab_torch.checkpoint import CheckpointError
from gatelab_torch.text import Vocabulary

VOCAB = Vocabulary(["a", "b", "é", "\ufffd", "🐋"], 3)


class CheckpointTest(unittest.TestCase):
    def test_round_trip_of_every_cell_with_gate_lab_metadata(self):
        for cell in CELL_KINDS:
            model = CharLM(ModelConfig(cell, 5, 3, 4, 2, tau=0.5, noise_p=0.2))
            data = encode_checkpoint(model, VOCAB)
            tensors, meta = safetensors_io.decode(data)
            self.assertEqual(list(tensors)[:3], ["embedding.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0"])
            self.assertEqual(tensors["rnn.weight_ih_l1"].shape, (16, 4))
            self.assertEqual(
                {k: meta[k] for k in ("cell", "tau", "noise_p", "hidden", "layers", "embedding", "unk")},
                {"cell": cell, "tau": "0.5", "noise_p": "0.2", "hidden": "4", "layers": "2", "embedding": "3", "unk": "3"},
            )
            self.assertEqual(json.loads(meta["vocab"]), VOCAB.symbols)
            back, vocab = decode_checkpoint(data)
            self.assertEqual(back.config, model.config)
            self.assertEqual(vocab, VOCAB)
            for (name, p), q in zip(model.state_dict().items(), back.state_dict().values()):
                self.assertTrue(torch.equal(p, q), name)

    def test_lstm_weights_load_into_torch_nn_lstm_and_compute_the_same(self):
        torch.manual_seed(0)
        model = CharLM(ModelConfig("lstm", 5, 3, 4, 2)).eval()
        for p in model.parameters():
            torch.nn.init.normal_(p)
        reference = torch.nn.LSTM(3, 4, 2)
        reference.load_state_dict(model.rnn.state_dict())  # strict: the same names and shapes
        x = torch.randn(7, 2, 3)
        h0, c0 = torch.randn(2, 2, 4), torch.randn(2, 2, 4)
        ours, (h, c) = model.rnn(x, (h0, c0))
        theirs, (h2, c2) = reference(x, (h0, c0))
        for a, b in ((ours, theirs), (h, h2), (c, c2)):
            self.assertLess(float((a - b).abs().max()), 1e-5)

    def test_a_plain_pytorch_file_with_only_a_vocabulary_reads_as_an_lstm(self):
        model = CharLM(ModelConfig("lstm", 5, 3, 4, 1))
        data = safetensors_io.encode(model.state_dict(), {"vocab": json.dumps(VOCAB.symbols), "unk": "3"})
        back, _ = decode_checkpoint(data)
        self.assertEqual((back.config.cell, back.config.hidden, back.config.layers, back.config.embedding), ("lstm", 4, 1, 3))

    def test_refuses_files_that_do_not_fit_with_the_reason(self):
        model = CharLM(ModelConfig("g2", 5, 3, 4, 1))
        state = model.state_dict()
        good = safetensors_io.decode(encode_checkpoint(model, VOCAB))[1]
        cases = [
            ({**good, "cell": "gru"}, state, 'metadata "cell" must be one of'),
            ({k: v for k, v in good.items() if k != "vocab"}, state, 'no "vocab"'),
            ({**good, "vocab": '["a","b"]'}, state, "the vocabulary has 2 characters but embedding.weight has 5 rows"),
            ({**good, "vocab": '["a","b","é","é","🐋"]'}, state, "repeats a character"),
            ({**good, "vocab": "not json"}, state, "not a JSON array"),
            ({**good, "unk": "9"}, state, 'metadata "unk"'),
            ({**good, "hidden": "many"}, state, 'metadata "hidden" must be a whole number'),
            ({**good, "tau": "-1"}, state, 'metadata "tau" must be a positive number'),
            (good, {k: v for k, v in state.items() if k != "decoder.bias"}, 'tensor "decoder.bias" is missing'),
            (good, {**state, "decoder.bias": torch.zeros(6)}, 'tensor "decoder.bias" has shape [6], expected [5]'),
        ]
        for meta, tensors, message in cases:
            with self.assertRaises(CheckpointError, msg=message) as caught:
                decode_checkpoint(safetensors_io.encode(tensors, meta))
            self.assertIn(message, str(caught.exception))


if __name__ == "__main__":
    unittest.main()
