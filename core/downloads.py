"""The ``Content-Disposition`` header of every file the portal hands out (RFC 6266).

A file's name is given twice: ``filename*=UTF-8''…`` (RFC 8187's encoding, percent-escaped
UTF-8), which every current browser and HTTP library reads, and before it a plain
``filename="…"`` in ASCII for the clients that read only that one (accents dropped, other
characters replaced). Django's ``content_disposition_header`` gives one or the other, never
both; a name written raw in a header (as drf-spectacular's schema view does) reaches clients
as Latin-1 bytes.
"""

import unicodedata
from urllib.parse import quote


def ascii_filename(filename: str) -> str:
    """The name in printable ASCII: accents dropped (« intégration » → « integration »),
    other characters, quotes and backslashes replaced by « _ »."""
    decomposed = unicodedata.normalize("NFKD", filename)
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return "".join(char if " " <= char <= "~" and char not in '"\\' else "_" for char in letters)


def content_disposition(filename: str, *, as_attachment: bool = True) -> str:
    """``attachment; filename="…"; filename*=UTF-8''…`` (``inline`` when shown in place)."""
    kind = "attachment" if as_attachment else "inline"
    fallback, encoded = ascii_filename(filename), quote(filename, safe="")
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
