"""Numbers written as text (flags, metadata), read as Gate Lab's TypeScript reads them."""
import re

# src/decimal.ts: decimal digits, a point, an exponent; no hex, no blanks, no Infinity, no '_'.
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def parse_number(raw: str) -> float:
    """The number `raw` spells, or NaN (JavaScript's Number(), which the checks after it then refuse)."""
    try:
        return float(raw)
    except ValueError:
        return float("nan")


def parse_decimal(raw: str) -> float:
    """A number as a person writes it in a flag (parseDecimal), or NaN: '0x10', '', 'inf' and '1_0' are not."""
    return float(raw) if _DECIMAL.fullmatch(raw.strip()) else float("nan")
