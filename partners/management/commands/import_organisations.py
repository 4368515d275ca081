import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partners.importing import records
from partners.importing.engine import run_import
from partners.importing.errors import UnusableFile

EXIT_REFUSALS = 1
EXIT_UNUSABLE = 2


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
            self.stderr.write(f"Fichier illisible : {path} ({error.strerror}).")
            sys.exit(EXIT_UNUSABLE)

        if rejects:  # checked now: a path that cannot be written is known before importing
            try:
                Path(rejects).touch()
            except OSError as error:
                self.stderr.write(f"Impossible d'écrire {rejects} : {error.strerror}.")
                sys.exit(EXIT_UNUSABLE)

        interactive = self.stderr.isatty()
        lines = data.count(b"\n")  # about the number of rows of a CSV file

        def progress(count):
            if interactive:
                total = f" sur environ {lines}" if lines >= count else ""
                self.stderr.write(f"\r{count} lignes lues{total}…", ending="", style_func=str)

        try:
            report = run_import(
                data,
                dry_run=dry_run,
                atomic=atomic,
                progress=progress,
                history={"command": "import_organisations", "import_file": path.name},
            )
        except UnusableFile as error:
            self.stderr.write(f"Fichier inutilisable : {error}")
            sys.exit(EXIT_UNUSABLE)
        if interactive:
            self.stderr.write("\r\033[K", ending="", style_func=str)
        if not dry_run:  # an --atomic import that wrote nothing is recorded as abandoned
            records.record_command_import(path.name, data, report)

        self.stdout.write(f"Forme reconnue : {report.shape_label} ({report.file_description}).")
        if report.unmapped:
            self.stdout.write(
                "Colonnes non reprises : " + ", ".join(f"« {h} »" for h in report.unmapped) + "."
            )
        for note in report.notes:
            self.stdout.write(note)
        for refusal in report.refusals:
            self.stdout.write(f"Refus {refusal}")
        if rejects and report.rejected:
            try:
                Path(rejects).write_bytes(report.rejects_csv())
            except OSError as error:
                raise CommandError(f"Impossible d'écrire {rejects} : {error.strerror}.") from None
            self.stdout.write(f"Lignes refusées écrites dans {rejects}.")
        if dry_run:
            self.stdout.write("Essai à blanc : rien n'a été écrit.")
        elif atomic and report.rejected:
            self.stdout.write(
                "Import annulé (--atomic) : des lignes sont refusées, rien n'a été écrit."
            )
        self.stdout.write(report.counts)
        if report.rejected:
            sys.exit(EXIT_REFUSALS)
