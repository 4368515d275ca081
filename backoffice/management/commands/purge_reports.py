import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from backoffice.models import CorrectionReport

# How long the e-mail address of a correction report is kept (personal data).
KEPT = dt.timedelta(days=365)


class Command(BaseCommand):
    help = (
        "Efface le courriel des signalements d'erreur reçus il y a plus de 12 mois (donnée "
        "personnelle). À lancer chaque jour."
    )

    def handle(self, *args, **options):
        erased = (
            CorrectionReport.objects.filter(created_at__lt=timezone.now() - KEPT)
            .exclude(email="")
            .update(email="")
        )
        self.stdout.write(f"Courriels de signalements effacés : {erased}.")
