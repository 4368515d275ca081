import pytest
from django.db import IntegrityError

from reference.enums import TerritoryLevel
from reference.models import Audience, Territory, Theme
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_migrations_ship_all_regions_and_departments_with_insee_codes():
    assert Territory.objects.regions().count() == 18
    assert Territory.objects.departments().count() == 101
    assert Territory.objects.get(level="region", code="84").name == "Auvergne-Rhône-Alpes"
    puy_de_dome = Territory.objects.get(level="departement", code="63")
    assert (puy_de_dome.name, puy_de_dome.parent.code) == ("Puy-de-Dôme", "84")
    corsica = Territory.objects.departments().filter(code__in=["2A", "2B"])
    assert sorted(corsica.values_list("name", flat=True)) == ["Corse-du-Sud", "Haute-Corse"]
    assert Territory.objects.get(level="departement", code="976").parent.name == "Mayotte"


def test_all_communes_are_shipped_with_their_postcodes():
    assert 34_000 < Territory.objects.communes().count() < 36_000
    assert not Territory.objects.communes().filter(postcodes=[]).exists()
    paris_15 = Territory.objects.get(level="commune", code="75115")
    assert (paris_15.name, paris_15.postcodes) == ("Paris 15e Arrondissement", ["75015"])
    assert Territory.objects.get(level="commune", code="63278").name == "Pessat-Villeneuve"
    assert Territory.objects.get(level="commune", code="97611").name == "Mamoudzou"


def test_communes_of_the_demo_are_shipped_with_their_postcodes():
    poitiers = Territory.objects.get(level="commune", code="86194")
    assert poitiers.name == "Poitiers"
    assert poitiers.postcodes == ["86000"]
    assert poitiers.region.code == "75"
    tomblaine = Territory.objects.get(level="commune", code="54526")
    assert (tomblaine.parent.code, tomblaine.postcodes) == ("54", ["54510"])


def test_within_a_department_includes_its_communes_and_a_region_its_departments(
    grand_est, bas_rhin, strasbourg
):
    assert set(Territory.objects.within(bas_rhin)) >= {bas_rhin, strasbourg}
    within_region = Territory.objects.within(grand_est)
    assert {bas_rhin, strasbourg, grand_est} <= set(within_region)
    assert not within_region.filter(code="63").exists()


def test_same_code_twice_at_one_level_is_refused(bas_rhin):
    with pytest.raises(IntegrityError, match="territory_level_code_unique"):
        Territory.objects.create(level="departement", code="67", name="Doublon", parent=bas_rhin)


@pytest.mark.parametrize(
    ("level", "code"),
    [
        ("region", "4"),
        ("departement", "20"),
        ("departement", "975"),
        ("commune", "6748"),
        ("commune", "20001"),
    ],
)
def test_code_not_of_its_level_is_refused(level, code, france):
    with pytest.raises(IntegrityError, match="territory_code_matches_level"):
        Territory.objects.create(level=level, code=code, name="Mauvais code", parent=france)


def test_only_france_has_no_parent():
    with pytest.raises(IntegrityError, match="territory_code_matches_level"):
        Territory.objects.create(level=TerritoryLevel.REGION, code="99", name="Sans parent")


def test_commune_factory_makes_a_commune_in_its_department():
    commune = CommuneFactory()
    assert commune.parent.name == "Corse-du-Sud"
    assert str(commune) == commune.name


def test_starting_themes_and_audiences_come_with_the_migrations():
    assert "Logement et hébergement" in Theme.objects.values_list("name", flat=True)
    assert Theme.objects.count() == 9
    assert list(Audience.objects.values_list("name", flat=True)[:2]) == [
        "Réfugiés",
        "Demandeurs d'asile",
    ]
