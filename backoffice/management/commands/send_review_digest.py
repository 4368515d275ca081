from django.core.management.base import BaseCommand

from backoffice.notifications import send_review_digests


class Command(BaseCommand):
    help = (
        "Envoie à chaque relecteur et administrateur ce qui attend sa relecture dans son "
        "périmètre (une fois par jour au plus)."
    )

    def handle(self, *args, **options):
        sent = send_review_digests()
        self.stdout.write(f"Récapitulatifs de relecture envoyés : {sent}.")
