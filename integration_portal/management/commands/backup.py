from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from integration_portal import backups


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données (pg_dump, format « custom ») dans un fichier, par "
        "défaut BACKUP_DIR/portail-AAAAMMJJ-HHMMSS.dump."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="le fichier à écrire")

    def handle(self, *args, output, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        path = Path(output) if output else Path(settings.BACKUP_DIR) / f"portail-{stamp}.dump"
        connection.ensure_connection()
        backups.dump(connection.settings_dict, connection.pg_version, path)
        size = filesizeformat(path.stat().st_size)
        self.stdout.write(f"Sauvegarde écrite : {path} ({size}).")
