from django.core.management.base import BaseCommand

from integration_portal import demo


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (programmes, structures et événements des "
        "documents sources). Peut être relancée : elle ne crée pas de doublon."
    )

    def handle(self, *args, **options):
        counts = demo.load()
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Données de démonstration chargées : {summary}."))
