"""Django's ``makemessages``, whose catalogues get no fuzzy guesses: a new string is left
untranslated (and the translation test says so) rather than given a neighbour's translation."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
