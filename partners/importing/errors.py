class UnusableFile(Exception):
    """The file cannot be imported at all; the message says why, in French."""


def megabytes(count: int, digits: int) -> str:
    """1_600_000 → "1,6" (with ``digits=1``)."""
    return f"{count / 1_000_000:.{digits}f}".replace(".", ",")


def too_large(size: int, limit: int) -> str:
    return (
        f"Le fichier pèse {megabytes(size, 1)} Mo : la limite est de {megabytes(limit, 0)} Mo. "
        "Découpez-le en plusieurs fichiers."
    )
