import codecs
import unittest

import torch

from gatelab_torch.text import TextError, batch_stream, build_vocabulary, decode_user_text, prepare_text


class TextTest(unittest.TestCase):
    def test_decodes_utf8_and_utf16_with_their_marks(self):
        self.assertEqual(decode_user_text("naïve 🐋".encode()), "naïve 🐋")
        self.assertEqual(decode_user_text(codecs.BOM_UTF8 + "abc".encode()), "abc")
        self.assertEqual(decode_user_text(codecs.BOM_UTF16_LE + "héllo".encode("utf-16-le")), "héllo")
        self.assertEqual(decode_user_text(codecs.BOM_UTF16_BE + "héllo".encode("utf-16-be")), "héllo")

    def test_refuses_what_the_page_refuses_with_its_sentences(self):
        cases = [
            (b"", "The file is empty."),
            (b"\x7fELF\x00\x01", "NUL bytes"),
            (b"caf\xe9", "not UTF-8 text"),
            (b" \n\t \xc2\xa0", "only white space"),
            (b"ab\x01\x02" + b"c" * 50, "control characters"),
            (b"x" * (20 * 1024 * 1024 + 1), "accepts texts up to 20.0 MB"),
        ]
        for data, message in cases:
            with self.assertRaises(TextError, msg=message) as caught:
                decode_user_text(data)
            self.assertIn(message, str(caught.exception))

    def test_vocabulary_is_by_code_point_with_the_unknown_symbol_and_a_cap(self):
        vocab = build_vocabulary("bba🐋c\ufffd")
        self.assertEqual(vocab.symbols, ["a", "b", "c", "\ufffd", "🐋"])
        self.assertEqual(vocab.unk, 3)
        capped = build_vocabulary("aaabbc", cap=3)  # the cap − 1 most frequent, and the unknown symbol
        self.assertEqual(capped.symbols, ["a", "b", "\ufffd"])
        self.assertEqual(capped.encode("abcz").tolist(), [0, 1, 2, 2])

    def test_split_and_batches_follow_the_page(self):
        corpus = prepare_text(("abcdefghij" * 40).encode(), batch=4, seq_len=8)
        self.assertEqual((len(corpus.train), len(corpus.valid)), (360, 40))
        with self.assertRaises(TextError) as caught:
            prepare_text(b"short text", batch=4, seq_len=8)
        self.assertIn("needs at least", str(caught.exception))
        tokens = torch.arange(41)
        whole = batch_stream(tokens, 4, 5)
        inputs, targets, reset = whole()
        self.assertEqual(inputs[:, 1].tolist(), [10, 11, 12, 13, 14])  # stream 1 starts at 1 · (40 // 4)
        self.assertTrue(torch.equal(targets, inputs + 1))
        self.assertTrue(reset)
        self.assertFalse(whole()[2])
        self.assertTrue(whole()[2])  # two windows per stream, then it starts over
        share = batch_stream(tokens, 2, 5, first_stream=2, total_streams=4)()[0]
        self.assertTrue(torch.equal(share, inputs[:, 2:]))  # one rank's share of the streams


if __name__ == "__main__":
    unittest.main()
