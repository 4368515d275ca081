from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from staff.enums import Role
from staff.roles import GROUP_NAMES
from staff.territory_codes import UnknownTerritory, resolve


class Command(BaseCommand):
    help = (
        "Crée ou met à jour le rôle et le périmètre d'un compte de l'équipe : "
        "set_role IDENTIFIANT ROLE [CODE_TERRITOIRE …], ROLE parmi administrateur, editeur, "
        "relecteur, lecteur ; codes INSEE de régions ou de départements (84, 86, 2A), "
        "region:44 ou departement:44 quand un code désigne les deux. Les territoires donnés "
        "remplacent le périmètre du compte."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="identifiant du compte (créé s'il n'existe pas)")
        parser.add_argument("role", help="administrateur, editeur, relecteur ou lecteur")
        parser.add_argument(
            "territories", nargs="*", help="codes INSEE des régions et départements du périmètre"
        )

    def handle(self, *args, username, role, territories, **options):
        if role not in Role.values:
            raise CommandError(
                f"Rôle inconnu : « {role} ». Rôles possibles : {', '.join(Role.values)}.",
                returncode=2,
            )
        role = Role(role)
        try:
            scope = [resolve(code) for code in territories]
        except UnknownTerritory as error:
            raise CommandError(f"Territoire refusé : {error}", returncode=2) from None
        groups = {name: Group.objects.filter(name=name).first() for name in GROUP_NAMES.values()}
        if groups[GROUP_NAMES[role]] is None:
            raise CommandError(
                "Les groupes des rôles n'existent pas : appliquez d'abord les migrations "
                "(manage.py migrate).",
                returncode=2,
            )
        with transaction.atomic():
            user, created = get_user_model().objects.get_or_create(
                username=username, defaults={"is_staff": True}
            )
            if created:
                user.set_unusable_password()
            user.is_staff = True
            user.save()
            user.groups.remove(*(group for group in groups.values() if group is not None))
            user.groups.add(groups[GROUP_NAMES[role]])
            user.territories.set(scope)
        names = ", ".join(str(territory) for territory in scope) or "aucun territoire"
        where = "France entière" if role == Role.ADMINISTRATOR else names
        action = "créé" if created else "mis à jour"
        self.stdout.write(f"Compte « {username} » {action} : {role.label}, périmètre : {where}.")
        if created:
            self.stdout.write(
                f"Sans mot de passe : définissez-le avec « manage.py changepassword {username} »."
            )
        if role in (Role.EDITOR, Role.REVIEWER) and not scope:
            self.stderr.write(
                "Attention : sans territoire, ce compte ne peut modifier aucune fiche."
            )
