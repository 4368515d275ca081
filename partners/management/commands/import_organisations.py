"""import_organisations: the import of an organisation list on the command line.

Everything taken from the file (column headers, values quoted in refusals) is printed with its
control characters escaped, so that a file cannot drive the operator's terminal.
"""

import re
import sys
from contextlib import ExitStack
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from partners.importing import records
from partners.importing.engine import run_import
from partners.importing.errors import UnusableFile, megabytes

EXIT_REFUSALS = 1
EXIT_UNUSABLE = 2
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CLEAR_LINE = "\r\033[K"


def harmless(text: str) -> str:
    """``text`` with its control characters written as escapes: "\\x1b[2J" → "\\\\x1b[2J"."""
    return CONTROL.sub(lambda match: repr(match[0])[1:-1], text)


class Command(BaseCommand):
    help = (
        "Importe une liste de structures (extrait RNA, fichier data·inclusion, tableur CSV ou "
        ".xlsx). Code de sortie : 0 sans refus, 1 si des lignes sont refusées, 2 si le fichier "
        "est inutilisable (rien n'est écrit)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="le fichier à importer")
        parser.add_argument(
            "--dry-run", action="store_true", help="ne rien écrire, afficher les mêmes comptes"
        )
        parser.add_argument(
            "--atomic", action="store_true", help="ne rien écrire si une ligne est refusée"
        )
        parser.add_argument(
            "--rejects", metavar="OUT.csv", help="écrire les lignes refusées dans ce fichier"
        )

    def handle(self, *args, file, dry_run, atomic, rejects, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            self._fail(f"Fichier illisible : {path} ({error.strerror}).")

        interactive = self.stderr.isatty()
        lines = data.count(b"\n")  # about the number of rows of a CSV file

        def progress(count, refused):
            if interactive:
                total = f" sur environ {lines}" if lines >= count else ""
                self.stderr.write(f"\r{count} lignes lues{total}…", ending="", style_func=str)

        with ExitStack() as files:
            out = None
            if rejects:  # opened now: a path that cannot be written is known before importing
                try:
                    out = files.enter_context(open(rejects, "wb"))
                except OSError as error:
                    self._fail(f"Impossible d'écrire {rejects} : {error.strerror}.")
            try:
                report = run_import(
                    data,
                    dry_run=dry_run,
                    atomic=atomic,
                    progress=progress,
                    history={"command": "import_organisations", "import_file": path.name},
                    rejects=out,
                )
            except UnusableFile as error:
                if out:
                    out.truncate(0)  # nothing of a file refused whole
                if interactive:
                    self.stderr.write(CLEAR_LINE, ending="", style_func=str)
                self._fail(f"Fichier inutilisable : {error}")
        if interactive:
            self.stderr.write(CLEAR_LINE, ending="", style_func=str)
        if not dry_run:  # an --atomic import that wrote nothing is recorded as abandoned
            records.record_command_import(path.name, data, report)
        self._print_report(report, rejects)
        if dry_run:
            self.stdout.write("Essai à blanc : rien n'a été écrit.")
        elif atomic and report.rejected:
            self.stdout.write(
                "Import annulé (--atomic) : des lignes sont refusées, rien n'a été écrit."
            )
        self.stdout.write(report.counts)
        if report.rejected:
            sys.exit(EXIT_REFUSALS)

    def _fail(self, message):
        self.stderr.write(harmless(message))
        sys.exit(EXIT_UNUSABLE)

    def _print_report(self, report, rejects):
        say = self.stdout.write
        say(f"Forme reconnue : {report.shape_label} ({report.file_description}).")
        if report.unmapped:
            say(
                harmless(
                    "Colonnes non reprises : "
                    + ", ".join(f"« {h} »" for h in report.unmapped)
                    + "."
                )
            )
        for note in report.notes:
            say(harmless(note))
        for refusal in report.refusals:
            say(harmless(f"Refus {refusal}"))
        if (hidden := report.refusals_total - len(report.refusals)) > 0:
            say(
                f"… et {hidden} autres refus, non affichés : l'option --rejects écrit toutes les "
                "lignes refusées dans un fichier."
            )
        if rejects and report.rejected:
            written = report.rejects_written
            if written < report.rejected:
                limit = megabytes(settings.ORGANISATION_IMPORT_MAX_BYTES, 0)
                say(
                    harmless(
                        f"Lignes refusées écrites dans {rejects} : les {written} premières, "
                        f"le fichier s'arrêtant à {limit} Mo, la taille d'un import."
                    )
                )
            else:
                say(harmless(f"Lignes refusées écrites dans {rejects}."))
