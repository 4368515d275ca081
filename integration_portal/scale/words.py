"""The vocabulary of generated records (``vocabulary.toml``) and the few rules of French
that combine it: "de Poitiers" but "du Havre", "à Lyon" but "au Mans", "1re", "3e"."""

import tomllib
from pathlib import Path

VOCABULARY = tomllib.loads(Path(__file__).with_name("vocabulary.toml").read_text("utf-8"))
WORDS = VOCABULARY["words"]
ELIDED = tuple("AEIOUYÉÈÊÎÏÔÂ")


def of_place(name: str) -> str:
    """« de Poitiers », « du Havre », « des Mureaux », « d'Angers »."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name.startswith(ELIDED):
        return "d'" + name
    return "de " + name


def in_place(name: str) -> str:
    """« à Poitiers », « au Havre », « aux Mureaux »."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name


def ordinal(number: int) -> str:
    return "1re" if number == 1 else f"{number}e"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def enumeration(items: list[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]
