import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from partners.enums import ImportStatus
from partners.models import ImportRecord, Organisation
from partners.validators import siret_extends_siren
from tests.factories import ContactPersonFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_duplicate_rna_is_refused_by_the_database():
    OrganisationFactory(rna="W671200001")
    with pytest.raises(IntegrityError, match="organisation_rna_unique"):
        OrganisationFactory(rna="W671200001")


def test_duplicate_siret_is_refused_by_the_database():
    OrganisationFactory(siret="73282932000074")
    with pytest.raises(IntegrityError, match="organisation_siret_unique"):
        OrganisationFactory(siret="73282932000074")


def test_many_organisations_without_identifiers_are_allowed():
    OrganisationFactory.create_batch(3, rna="", siret="")
    assert Organisation.objects.filter(rna="", siret="").count() == 3


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("rna", "W12345678", "organisation_rna_format"),
        ("rna", "w671200001", "organisation_rna_format"),
        ("rna", "WA71200001", "organisation_rna_format"),
        ("siren", "12345678", "organisation_siren_format"),
        ("siret", "7328293200007", "organisation_siret_format"),
        ("postcode", "6700", "organisation_postcode_format"),
        ("postcode", "00150", "organisation_postcode_format"),
        ("postcode", "96000", "organisation_postcode_format"),
        ("name", "   ", "organisation_name_not_blank"),
    ],
)
def test_malformed_values_are_refused_by_the_database(field, value, constraint):
    with pytest.raises(IntegrityError, match=constraint):
        OrganisationFactory(**{field: value})


def test_rna_whose_second_character_is_a_letter_is_accepted():
    organisation = OrganisationFactory(rna="W2B1000123")
    organisation.full_clean()
    assert organisation.rna == "W2B1000123"


def test_siret_must_extend_the_siren():
    with pytest.raises(IntegrityError, match="organisation_siret_extends_siren"):
        OrganisationFactory(siren="732829320", siret="40483304800022")


@pytest.mark.parametrize(
    ("siren", "siret", "agree"),
    [
        ("732829320", "73282932000074", True),
        ("356000000", "35600000049837", True),
        ("732829320", "", True),
        ("", "73282932000074", True),
        ("732829320", "40483304800022", False),
        ("404833048", "73282932000074", False),
    ],
)
def test_the_imports_siren_and_siret_rule_is_the_databases(siren, siret, agree):
    assert siret_extends_siren(siren, siret) is agree
    if agree:
        assert OrganisationFactory(siren=siren, siret=siret).pk
    else:
        with pytest.raises(IntegrityError, match="organisation_siret_extends_siren"):
            OrganisationFactory(siren=siren, siret=siret)


def test_checksums_are_checked_with_french_messages():
    organisation = OrganisationFactory.build(siren="732829321", siret="73282932000075")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert error.value.message_dict["siren"] == [
        "« 732829321 » n'est pas un SIREN valide (9 chiffres, clé de contrôle)."
    ]
    assert error.value.message_dict["siret"] == [
        "« 73282932000075 » n'est pas un SIRET valide (14 chiffres, clé de contrôle)."
    ]


def test_la_poste_siret_exception_is_valid():
    # La Poste's establishments break the Luhn rule on the SIRET; python-stdnum knows it.
    OrganisationFactory.build(siren="356000000", siret="35600000000048").full_clean()


def test_str_shows_the_acronym_once():
    assert str(OrganisationFactory.build(name="Adoma", acronym="")) == "Adoma"
    cilpi = OrganisationFactory.build(
        name="Commission interministérielle pour le logement des populations immigrées",
        acronym="Cilpi",
    )
    assert str(cilpi).endswith("(Cilpi)")


def test_membership_of_a_network_and_no_self_membership():
    membership = MembershipFactory(since=2020)
    assert list(membership.member.networks.all()) == [membership.network]
    assert list(membership.network.members.all()) == [membership.member]
    with pytest.raises(IntegrityError, match="membership_not_self"):
        MembershipFactory(member=membership.member, network=membership.member)


def test_contact_people_belong_to_their_organisation():
    contact = ContactPersonFactory()
    assert list(contact.organisation.contacts.all()) == [contact]


def test_same_membership_twice_is_refused():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError, match="membership_unique"):
        MembershipFactory(member=membership.member, network=membership.network)


@pytest.mark.parametrize("status", ImportStatus.values)
def test_an_import_record_takes_each_import_status(status):
    record = ImportRecord.objects.create(file_name="l.csv", file_size=1, content=b"", status=status)
    assert ImportRecord.objects.get(pk=record.pk).status == status


def test_an_import_status_outside_the_enum_is_refused_by_the_database():
    with pytest.raises(IntegrityError, match="import_record_status_valid"):
        ImportRecord.objects.create(file_name="l.csv", file_size=1, content=b"", status="termine")
