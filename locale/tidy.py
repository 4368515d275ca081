"""After ``makemessages`` (``make messages``): a string that gettext matched to a similar one
is not translated, so its guess is emptied to be translated anew; the French catalogue, of
the source language, repeats each string (for French plural rules)."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent

for language in ("fr", "en"):
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    for entry in catalogue.fuzzy_entries():
        entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        entry.msgstr = ""
        entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
    if language == "fr":
        for entry in catalogue:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
    catalogue.save()
