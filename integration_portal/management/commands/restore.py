from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from integration_portal import backups


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde de `backup` dans la base de données (ou celle de "
        "--database-url), en remplaçant ce qu'elle contient, en une seule transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="le fichier de sauvegarde (.dump)")
        parser.add_argument("--database-url", help="restaurer dans cette base-ci (postgresql://…)")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="ne pas demander"
        )

    def handle(self, *args, file, database_url, interactive, **options):
        archive = Path(file)
        if not archive.is_file():
            raise CommandError(f"Aucun fichier {archive}.")
        connection.ensure_connection()
        target = backups.settings_of(database_url) if database_url else connection.settings_dict
        if interactive:
            answer = input(
                f"Les données de la base « {target['NAME']} » seront remplacées par celles de "
                f"{archive}. Tapez « oui » pour continuer : "
            )
            if answer.strip().lower() != "oui":
                raise CommandError("Restauration annulée.")
        backups.restore(target, connection.pg_version, archive)
        self.stdout.write(f"Base « {target['NAME']} » restaurée depuis {archive}.")
