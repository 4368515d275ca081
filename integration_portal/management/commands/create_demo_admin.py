from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "demo"
PASSWORD = "demo"


class Command(BaseCommand):
    help = (
        "Crée le compte d'administration local de la démonstration (identifiant et mot de "
        "passe « demo »). Refusé hors de la base locale de développement."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_ALLOWED:
            raise CommandError(
                "Le compte de démonstration n'est créé que dans la base locale de "
                "développement (DATABASE_URL non défini, réglages de développement)."
            )
        user, created = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        self.stdout.write(
            f"Administration : identifiant « {USERNAME} », mot de passe « {PASSWORD} »."
        )
