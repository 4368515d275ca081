import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def set_role(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("set_role", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_creates_an_editor_of_a_region_and_a_department():
    out, _ = set_role("camille", "editeur", "region:84", "86")
    user = get_user_model().objects.get(username="camille")
    assert out.splitlines() == [
        "Compte « camille » créé : Éditeur territorial, périmètre : Auvergne-Rhône-Alpes, "
        "Vienne (86).",
        "Sans mot de passe : définissez-le avec « manage.py changepassword camille ».",
    ]
    assert user.is_staff and not user.is_superuser and not user.has_usable_password()
    assert [group.name for group in user.groups.all()] == ["Éditeur territorial"]
    assert user.scope.regions == {"84"} and user.scope.departments == {"86"}
    assert user.has_perm("programmes.change_programme")
    assert not user.has_perm("programmes.publish_programme")


def test_updates_the_role_and_replaces_the_scope():
    set_role("camille", "editeur", "region:84")
    out, _ = set_role("camille", "relecteur", "departement:44", "2A")
    user = get_user_model().objects.get(username="camille")
    assert out == (
        "Compte « camille » mis à jour : Relecteur, périmètre : Loire-Atlantique (44), "
        "Corse-du-Sud (2A).\n"
    )
    assert [group.name for group in user.groups.all()] == ["Relecteur"]
    assert user.scope.regions == set() and user.scope.departments == {"44", "2A"}
    assert user.has_perm("programmes.publish_programme")


def test_an_administrator_answers_for_everything():
    out, _ = set_role("dominique", "administrateur")
    user = get_user_model().objects.get(username="dominique")
    assert out.startswith(
        "Compte « dominique » créé : Administrateur national, périmètre : France entière."
    )
    assert user.scope.everything
    assert user.has_perm("staff.change_user") and user.has_perm("auth.change_group")


def test_an_editor_without_territory_is_warned():
    _, err = set_role("sacha", "editeur")
    assert err == "Attention : sans territoire, ce compte ne peut modifier aucune fiche.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["camille", "redacteur", "region:84"],
            "Rôle inconnu : « redacteur ». Rôles possibles : administrateur, editeur, "
            "relecteur, lecteur.",
        ),
        (
            ["camille", "editeur", "44"],
            "Territoire refusé : « 44 » désigne la région Grand Est et le département "
            "Loire-Atlantique : écrivez region:44 ou departement:44.",
        ),
        (
            # Every region's code is also a department's: 84 is Vaucluse too.
            ["camille", "editeur", "84"],
            "Territoire refusé : « 84 » désigne la région Auvergne-Rhône-Alpes et le "
            "département Vaucluse : écrivez region:84 ou departement:84.",
        ),
        (
            ["camille", "editeur", "99"],
            "Territoire refusé : « 99 » n'est le code INSEE d'aucune région ni d'aucun "
            "département.",
        ),
        (
            ["camille", "editeur", "67482"],
            "Territoire refusé : « 67482 » n'est le code INSEE d'aucune région ni d'aucun "
            "département.",
        ),
        (
            ["camille", "editeur", "canton:12"],
            "Territoire refusé : « canton:12 » : écrivez region:CODE ou departement:CODE.",
        ),
    ],
)
def test_refuses_unknown_roles_and_territories_with_status_2(args, message):
    with pytest.raises(CommandError) as refused:
        set_role(*args)
    assert str(refused.value) == message
    assert refused.value.returncode == 2
    assert not get_user_model().objects.filter(username="camille").exists()
