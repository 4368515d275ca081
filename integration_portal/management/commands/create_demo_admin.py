from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "demo"
PASSWORD = "demo"


class Command(BaseCommand):
    help = (
        "Crée le compte d'administration local de la démonstration (identifiant et mot de "
        "passe « demo »). Refusé hors développement (DJANGO_DEBUG=true)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Le compte de démonstration n'est créé qu'en développement (DJANGO_DEBUG=true)."
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
