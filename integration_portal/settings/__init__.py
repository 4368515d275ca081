"""The portal's settings: ``production`` (servers), ``development`` (``manage.py``'s default)
and ``test`` (the test suite), on a shared ``base``."""
