"""Gate Lab's cells in PyTorch: G2-LSTM, sharpened, LSTM, Beta and Bivariate Beta LSTMs with torch.nn.LSTM's
parameter layout, the character language model, and Gate Lab's safetensors weights files."""
from .cells import LSTM, BetaLSTM, BivariateBetaLSTM, G2LSTM, GateLabLSTM, SharpenedLSTM
from .checkpoint import decode_checkpoint, encode_checkpoint, load_checkpoint, save_checkpoint
from .gates import CELL_KINDS, GATE_MODES, GateSpec, evaluation_gates, training_gates
from .model import CharLM, ModelConfig, cross_entropy

__all__ = [
    "LSTM", "BetaLSTM", "BivariateBetaLSTM", "G2LSTM", "GateLabLSTM", "SharpenedLSTM",
    "decode_checkpoint", "encode_checkpoint", "load_checkpoint", "save_checkpoint",
    "CELL_KINDS", "GATE_MODES", "GateSpec", "evaluation_gates", "training_gates",
    "CharLM", "ModelConfig", "cross_entropy",
]
