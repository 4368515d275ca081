"""purge_imports: forget the files imports no longer need, to be run daily (cron, timer)."""

from django.core.management.base import BaseCommand

from partners.importing.records import KEPT, purge


class Command(BaseCommand):
    help = (
        f"Abandonne les aperçus d'import laissés sans confirmation depuis {KEPT.days} jours "
        "(leur fichier et leurs lignes refusées sont supprimés) et supprime les lignes refusées "
        f"des imports confirmés depuis {KEPT.days} jours. À lancer chaque jour."
    )

    def handle(self, *args, **options):
        abandoned, dropped = purge()
        self.stdout.write(
            f"Aperçus expirés abandonnés : {abandoned}. "
            f"Fichiers de lignes refusées supprimés : {dropped}."
        )
