class UnusableFile(Exception):
    """The file cannot be imported at all; the message says why, in French."""


def too_large(size: int, limit: int) -> str:
    def megabytes(count: int, digits: int) -> str:
        return f"{count / 1_000_000:.{digits}f}".replace(".", ",")

    return (
        f"Le fichier pèse {megabytes(size, 1)} Mo : la limite est de {megabytes(limit, 0)} Mo. "
        "Découpez-le en plusieurs fichiers."
    )
