import json
import struct
import unittest

import torch

from gatelab_torch import safetensors_io
from gatelab_torch.safetensors_io import SafetensorsError


def raw_file(header: dict, body: bytes) -> bytes:
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + body


class SafetensorsTest(unittest.TestCase):
    def test_round_trip_keeps_names_order_shapes_values_and_metadata(self):
        tensors = {"b": torch.arange(6.0).reshape(2, 3), "a": torch.tensor([1.5, -2.0]), "empty": torch.zeros(0, 4)}
        data = safetensors_io.encode(tensors, {"vocab": '["a","🐋"]', "n": 3})
        (n,) = struct.unpack("<Q", data[:8])
        self.assertEqual(n % 8, 0)  # the data start on a multiple of 8
        back, meta = safetensors_io.decode(data)
        self.assertEqual(list(back), ["b", "a", "empty"])
        for name, t in tensors.items():
            self.assertTrue(torch.equal(back[name], t), name)
        self.assertEqual(meta, {"vocab": '["a","🐋"]', "n": "3"})

    def test_reads_f16_bf16_and_f64(self):
        values = torch.tensor([0.5, -3.0, 1024.0])
        for dtype, torch_dtype, width in (("F16", torch.float16, 2), ("BF16", torch.bfloat16, 2), ("F64", torch.float64, 8)):
            body = values.to(torch_dtype).view(torch.uint8).numpy().tobytes() if torch_dtype != torch.float64 else values.double().numpy().tobytes()
            header = {"x": {"dtype": dtype, "shape": [3], "data_offsets": [0, 3 * width]}}
            back, _ = safetensors_io.decode(raw_file(header, body))
            self.assertTrue(torch.equal(back["x"], values), dtype)

    def test_refuses_damaged_files_with_the_reason(self):
        good = safetensors_io.encode({"x": torch.ones(4)})
        cases = [
            (b"", "8-byte header length"),
            (b"hello, world! not a weights file", "header claims"),
            (struct.pack("<Q", 4) + b"\xff\xfe{}", "not valid UTF-8 JSON"),
            (struct.pack("<Q", 2) + b"[]", "not a JSON object"),
            (good[:-3], "data_offsets"),
            (good + b"\0\0\0\0", "cover 16 of the 20"),
            (raw_file({"x": {"dtype": "I8", "shape": [1], "data_offsets": [0, 1]}}, b"\0"), "dtype I8 is not supported"),
            (raw_file({"x": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}, b"\0" * 4), "non-negative integers"),
            (raw_file({"x": {"dtype": "F32", "shape": [2], "data_offsets": [0, 4]}}, b"\0" * 4), "do not match shape"),
            (
                raw_file(
                    {"x": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "y": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}},
                    b"\0" * 4,
                ),
                "overlap",
            ),
            (raw_file({"__metadata__": {"n": 3}}, b""), '"n" is not a string'),
        ]
        for data, message in cases:
            with self.assertRaises(SafetensorsError, msg=message) as caught:
                safetensors_io.decode(data)
            self.assertIn(message, str(caught.exception))


if __name__ == "__main__":
    unittest.main()
