import pghistory
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from integration_portal import demo


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (programmes, structures et événements des "
        "documents sources) dans la base locale de développement. Peut être relancée : une "
        "deuxième fois, elle n'écrit rien."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="charger aussi dans une autre base que la base locale de développement",
        )

    def handle(self, *args, force, **options):
        if not (settings.DEMO_ALLOWED or force):
            raise CommandError(
                "Les données de démonstration ne sont chargées que dans la base locale de "
                "développement (DATABASE_URL non défini). Pour les charger dans cette base-ci, "
                "ajoutez --force."
            )
        with pghistory.context(command="load_demo"):
            counts, written = demo.load()
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        change = f"{written} écritures" if written else "rien n'a changé"
        self.stdout.write(self.style.SUCCESS(f"Données de démonstration : {summary} ; {change}."))
