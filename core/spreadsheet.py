"""Cells that a spreadsheet would run as formulas (CSV and formula injection).

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written
with a leading apostrophe, which spreadsheets show as text. Imports remove that apostrophe
again, so that an export re-imports unchanged.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or _marked(value)  # "'=x" must come back as "'=x"
    ):
        return "'" + value
    return value


def _marked(value: str) -> bool:
    return value.startswith("'") and value[1:].startswith((*FORMULA_STARTS, "'"))


def restore(value: str) -> str:
    return value[1:] if _marked(value) else value
