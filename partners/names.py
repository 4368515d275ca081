"""Folding organisation names for matching: « Association d’Entraide » = "associationdentraide".

PostgreSQL computes the same key in the ``Organisation.name_key`` generated column, from the
same table: keep both sides on these constants.
"""

import re

NAME_KEY_SOURCE = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŒœÆæ"
NAME_KEY_PLAIN = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyyOoAa"
NAME_KEY_PATTERN = "[^a-z0-9]+"

_TABLE = str.maketrans(NAME_KEY_SOURCE, NAME_KEY_PLAIN)
_STRIP = re.compile(NAME_KEY_PATTERN)


def name_key(name: str) -> str:
    return _STRIP.sub("", name.translate(_TABLE).lower())
