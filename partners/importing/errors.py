class UnusableFile(Exception):
    """The file cannot be imported at all; the message says why, in French."""
