from django.core.management.base import BaseCommand

from backoffice.tasks import purge_reports


class Command(BaseCommand):
    help = (
        "Efface le courriel des signalements d'erreur reçus il y a plus de 12 mois (donnée "
        "personnelle). À lancer chaque jour."
    )

    def handle(self, *args, **options):
        erased = purge_reports()
        self.stdout.write(f"Courriels de signalements effacés : {erased}.")
