"""Numbers written as text (flags, metadata), read as Gate Lab's TypeScript reads them."""


def parse_number(raw: str) -> float:
    """The number `raw` spells, or NaN (JavaScript's Number(), which the checks after it then refuse)."""
    try:
        return float(raw)
    except ValueError:
        return float("nan")
