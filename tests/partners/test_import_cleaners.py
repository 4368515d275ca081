"""Each field's cleaner alone (partners/importing/cleaners.py): the value it keeps, or the
reason it refuses the cell, in French. No database: the communes are given by hand."""

import datetime as dt

import pytest
from stdnum import luhn

from partners.importing.cleaners import (
    Refused,
    Row,
    as_given,
    clean_acronym,
    clean_address,
    clean_commune,
    clean_dissolved_on,
    clean_email,
    clean_insee_code,
    clean_is_dissolved,
    clean_kind,
    clean_name,
    clean_phone,
    clean_postcode,
    clean_rna,
    clean_siren,
    clean_siret,
    clean_website,
)
from partners.importing.rows import Communes
from partners.importing.shapes import HAND_MADE, SHAPES

SHAPE = {shape.key: shape for shape in SHAPES}
COMMUNES = Communes(
    [
        (1, "31555", "Toulouse", ["31000", "31100", "31200", "31300", "31400", "31500"]),
        (2, "54526", "Tomblaine", ["54510"]),
        (3, "2A004", "Ajaccio", ["20000", "20090", "20167"]),
        # 01400 is shared by several communes.
        (4, "01001", "L'Abergement-Clémenciat", ["01400"]),
        (5, "01093", "Châtillon-sur-Chalaronne", ["01400"]),
        (6, "08190", "Givet", ["08600"]),
        (7, "86194", "Poitiers", ["86000"]),
        (8, "42218", "Saint-Étienne", ["42000"]),
    ]
)


def row(*, shape=HAND_MADE, known=None, values=None, **texts):
    return Row(texts=texts, known=known or {}, shape=shape, communes=COMMUNES, values=values or {})


def refusal(clean, text, a_row=None):
    """The reason ``clean`` refuses ``text`` for."""
    with pytest.raises(Refused) as refused:
        clean(text, a_row or row())
    return refused.value.reason


# Name, acronym, kind, description.


def test_a_name_is_required_and_fits_its_column():
    assert clean_name("Accueil", row()) == "Accueil"
    assert clean_name("A" * 255, row()) == "A" * 255
    assert clean_name('=HYPERLINK("http://x")', row()) == '=HYPERLINK("http://x")'
    assert refusal(clean_name, "") == "le nom est obligatoire."
    assert refusal(clean_name, "A" * 256) == "le nom dépasse 255 caractères (256)."


def test_an_acronym_fits_its_column():
    assert clean_acronym("ASET", row()) == "ASET"
    assert clean_acronym("S" * 50, row()) == "S" * 50
    assert clean_acronym("", row()) is None
    assert refusal(clean_acronym, "S" * 51) == "le sigle dépasse 50 caractères (51)."


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("association", "association"),
        ("ENTREPRISE", "entreprise"),
        ("service_deconcentre", "service_deconcentre"),
        ("Collectivité territoriale", "collectivite"),
        ("collectivite territoriale", "collectivite"),
        ("Administration centrale de l’État", "etat"),
        ("", None),
    ],
)
def test_a_kind_is_read_by_its_value_or_its_label(text, kind):
    assert clean_kind(text, row()) == kind


def test_an_unknown_kind_is_refused_naming_the_kinds():
    assert refusal(clean_kind, "bidule") == (
        "type de structure « bidule » inconnu (attendu : Association, Administration centrale "
        "de l'État, Service déconcentré de l'État, Collectivité territoriale, Bailleur social, "
        "Fondation ou financeur, Réseau, Entreprise, Autre)."
    )


def test_a_typology_of_its_own_is_read_through_its_codes_never_refused():
    datainclusion = row(shape=SHAPE["datainclusion_v0"])
    assert clean_kind("MUNI", datainclusion) == "collectivite"
    assert clean_kind("ccas", datainclusion) == "collectivite"
    assert clean_kind("ASSO", datainclusion) == "association"
    assert clean_kind("XYZ", datainclusion) == "autre"
    assert clean_kind("association", datainclusion) == "autre"  # a code, not a label
    assert clean_kind("", datainclusion) is None


def test_a_description_is_kept_as_given():
    assert as_given("ligne 1\nligne 2", row()) == "ligne 1\nligne 2"
    assert as_given("<b>gras</b>", row()) == "<b>gras</b>"
    assert as_given("", row()) is None


# Identifiers.

RNA_REFUSED = (
    "« {} » n'est pas un numéro RNA : W suivi de 9 caractères, des chiffres sauf le deuxième "
    "qui peut être une lettre (ex. W751234567, W2B1000123)."
)


@pytest.mark.parametrize(
    ("text", "rna"),
    [
        ("W543000002", "W543000002"),
        ("w543000002", "W543000002"),
        ("W 543 000 002", "W543000002"),
        ("w 543.000-002", "W543000002"),
        ("W543_000/002", "W543000002"),
        ("W2B1000123", "W2B1000123"),
        ("w2b 100 0123", "W2B1000123"),
        ("W9M6000512", "W9M6000512"),
        ("", None),
    ],
)
def test_an_rna_number_is_kept_without_spaces_dots_or_dashes(text, rna):
    assert clean_rna(text, row()) == rna


@pytest.mark.parametrize(
    "text",
    [
        "W54300",  # too short
        "W5430000021",  # too long
        "WA71200001",  # a letter first
        "W2BB000123",  # a letter third
        "543000002",  # no W
        "X543000002",
        "W54300000A",
    ],
)
def test_a_malformed_rna_number_is_refused_as_written(text):
    assert refusal(clean_rna, text) == RNA_REFUSED.format(text)


@pytest.mark.parametrize(
    ("text", "siret"),
    [
        ("73282932000074", "73282932000074"),
        ("732 829 320 00074", "73282932000074"),
        ("732.829.320-00074", "73282932000074"),
        ("35600000000048", "35600000000048"),  # La Poste's head office: a Luhn key
        # La Poste's establishments have no Luhn key: their digits add up to a multiple of 5.
        ("35600000049837", "35600000049837"),
        ("356 000 000 00056", "35600000000056"),
        ("", None),
    ],
)
def test_a_siret_is_kept_when_its_key_is_right(text, siret):
    assert clean_siret(text, row()) == siret


def test_la_poste_establishments_are_the_exception_to_the_luhn_key():
    assert not luhn.is_valid("35600000049837") and not luhn.is_valid("35600000000056")
    # A Luhn key is not enough for La Poste's establishments.
    assert luhn.is_valid("35600000000014")
    assert refusal(clean_siret, "35600000000014") == (
        "« 35600000000014 » n'est pas un SIRET valide (14 chiffres, clé de contrôle)."
    )


@pytest.mark.parametrize(
    "text",
    [
        "73282932000075",  # wrong key
        "35600000000049",  # La Poste: neither a Luhn key nor digits adding up to 5 × n
        "7328293200007",  # 13 digits
        "732829320000740",  # 15 digits
        "7328293200007A",
    ],
)
def test_a_siret_with_a_wrong_key_or_length_is_refused(text):
    assert refusal(clean_siret, text) == (
        f"« {text} » n'est pas un SIRET valide (14 chiffres, clé de contrôle)."
    )


@pytest.mark.parametrize(
    ("text", "siren"),
    [
        ("732829320", "732829320"),
        ("732 829 320", "732829320"),
        ("732.829.320", "732829320"),
        ("356000000", "356000000"),
        ("", None),
    ],
)
def test_a_siren_is_kept_when_its_key_is_right(text, siren):
    assert clean_siren(text, row()) == siren


@pytest.mark.parametrize("text", ["732829321", "73282932", "7328293200", "ABCDEFGHI"])
def test_a_siren_with_a_wrong_key_or_length_is_refused(text):
    assert refusal(clean_siren, text) == (
        f"« {text} » n'est pas un SIREN valide (9 chiffres, clé de contrôle)."
    )


def test_a_siren_must_begin_the_rows_siret_and_is_taken_from_it_when_missing():
    with_siret = row(values={"siret": "73282932000074"})
    assert clean_siren("732 829 320", with_siret) == "732829320"
    assert clean_siren("", with_siret) == "732829320"
    assert refusal(clean_siren, "404833048", with_siret) == (
        "le SIREN 404833048 ne correspond pas au SIRET 73282932000074."
    )
    la_poste = row(values={"siret": "35600000000048"})
    assert clean_siren("356000000", la_poste) == "356000000"
    # A refused SIRET is not in the values: the SIREN is checked alone.
    assert clean_siren("404833048", row()) == "404833048"


# Address, postcode, INSEE code, commune.


def test_an_address_fits_its_column():
    assert clean_address("12 rue des Lois", row()) == "12 rue des Lois"
    assert clean_address("", row()) is None
    assert refusal(clean_address, "R" * 256) == "l'adresse dépasse 255 caractères (256)."


def test_the_rna_shapes_compose_the_address_from_their_own_columns():
    waldec = row(
        shape=SHAPE["rna_waldec"],
        known={
            "adrsnumvoie": "3",
            "adrsrepetition": "BIS",
            "adrstypevoie": "AV",
            "adrslibvoie": "Julien",
            "adrscomplement": "_",
            "adrsdistrib": "BP 113",
        },
    )
    assert clean_address("", waldec) == "3 BIS avenue Julien, BP 113"
    rna_import = row(shape=SHAPE["rna_import"], known={"adr1": "12 rue de la Gare", "adr2": "_"})
    assert clean_address("", rna_import) == "12 rue de la Gare"
    assert clean_address("", row(shape=SHAPE["rna_import"], known={})) is None
    too_long = row(shape=SHAPE["rna_import"], known={"adr1": "R" * 200, "adr2": "S" * 60})
    assert refusal(clean_address, "", too_long) == "l'adresse dépasse 255 caractères (262)."


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("31000", "31000"),
        ("75 015", "75015"),
        ("1400", "01400"),  # Excel dropped the leading zero
        ("2000", "02000"),
        ("20000", "20000"),  # Corsica
        ("97600", "97600"),  # Mayotte
        ("98800", "98800"),  # Nouméa
        ("98000", "98000"),  # Monaco
        ("", None),
    ],
)
def test_a_french_postcode_is_kept(text, postcode):
    assert clean_postcode(text, row()) == postcode


@pytest.mark.parametrize("text", ["1234A", "96000", "00150", "99000", "980", "750150", "97900"])
def test_a_postcode_that_is_not_french_is_refused(text):
    assert refusal(clean_postcode, text) == f"« {text} » n'est pas un code postal français."


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("31555", "31555"),
        ("1001", "01001"),  # Excel dropped the leading zero
        ("2a004", "2A004"),
        ("2B033", "2B033"),
        ("97611", "97611"),
        ("", None),
    ],
)
def test_an_insee_code_is_kept_in_capitals(text, code):
    assert clean_insee_code(text, row()) == code


@pytest.mark.parametrize("text", ["2C004", "20004", "97500", "99999", "123", "315555", "x"])
def test_a_malformed_insee_code_is_refused(text):
    assert refusal(clean_insee_code, text) == f"« {text} » n'est pas un code commune INSEE."


def commune(**texts_and_values):
    """The commune of a row whose cells give ``texts`` and whose cleaners gave ``values``."""
    values = texts_and_values.pop("values", {})
    return clean_commune("", row(values=values, **texts_and_values))


def test_the_commune_is_that_of_the_insee_code_whose_postcodes_include_the_rows():
    insee = {"insee_code": "31555", "values": {"insee_code": "31555"}}
    assert commune(**insee) == 1
    assert commune(**insee | {"values": {"insee_code": "31555", "postcode": "31100"}}) == 1
    with pytest.raises(Refused) as refused:
        commune(**insee | {"values": {"insee_code": "31555", "postcode": "75015"}})
    assert refused.value.reason == (
        "le code postal 75015 ne correspond pas à la commune 31555 "
        "(Toulouse : 31000, 31100, 31200, 31300, 31400, 31500)."
    )
    assert refused.value.field_name == "postcode"  # refused in the postcode's column


def test_an_insee_code_refused_or_unknown_gives_no_commune_even_with_a_postcode():
    refused_code = {"insee_code": "2C004", "values": {"postcode": "54510"}}
    assert commune(**refused_code) is None
    unknown_code = {"insee_code": "54999", "values": {"insee_code": "54999", "postcode": "54510"}}
    assert commune(**unknown_code) is None


def test_without_an_insee_code_the_commune_is_that_of_the_postcode_then_of_its_name():
    assert commune(values={"postcode": "54510"}) == 2
    assert commune(values={"postcode": "20090"}, commune_name="Ajaccio") == 3
    assert commune(values={"postcode": "01400"}, commune_name="CHATILLON SUR CHALARONNE") == 5
    assert commune(values={"postcode": "01400"}, commune_name="Lyon") is None
    assert commune(values={"postcode": "01400"}) is None
    assert commune(values={"postcode": "75015"}, commune_name="Paris") is None
    assert commune(commune_name="Tomblaine") is None  # no postcode, or a refused one


def test_four_digits_whose_communes_bear_another_name_lost_a_digit_not_a_zero():
    lost = {"postcode": "8600", "values": {"postcode": "08600"}, "commune_name": "Poitiers"}
    with pytest.raises(Refused) as refused:
        commune(**lost)
    assert refused.value.reason == (
        "« 8600 » n'a que 4 chiffres : lu 08600, le code postal de Givet, et non de Poitiers. "
        "Indiquez ses 5 chiffres."
    )
    assert refused.value.field_name == "postcode"
    assert commune(**lost | {"commune_name": "GIVET"}) == 6
    assert commune(**lost | {"commune_name": ""}) == 6
    assert commune(**lost | {"commune_name": "Givet Cedex"}) == 6
    assert commune(postcode="1400", values={"postcode": "01400"}, commune_name="Châtillon") is None
    assert commune(values={"postcode": "42000"}, commune_name="St Etienne") == 8


# Web address, e-mail, phone.


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("www.welcome.example", "https://www.welcome.example"),
        ("aset-toulouse.example.org/contact", "https://aset-toulouse.example.org/contact"),
        ("http://accueil.example", "http://accueil.example"),
        ("https://accueil.example/a?b=c", "https://accueil.example/a?b=c"),
        ("https://x.example/" + "a" * 482, "https://x.example/" + "a" * 482),  # 500 characters
        ("", None),
    ],
)
def test_a_web_address_is_kept_with_https_when_it_has_no_scheme(text, url):
    assert clean_website(text, row()) == url


@pytest.mark.parametrize("text", ["http://", "ftp://accueil.example", "accueil", "https://a b.fr"])
def test_a_malformed_web_address_is_refused_as_written(text):
    assert refusal(clean_website, text) == f"« {text} » n'est pas une adresse web valide."


def test_a_web_address_fits_its_column():
    assert refusal(clean_website, "https://x.example/" + "a" * 483) == (
        "site web : plus de 500 caractères."
    )


def test_an_email_address_is_checked_and_fits_its_column():
    assert clean_email("contact@accueil.example", row()) == "contact@accueil.example"
    assert clean_email("", row()) is None
    longest = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 58 + ".fr"
    assert clean_email(longest, row()) == longest  # 254 characters
    for text in ("contact@", "contact", "@accueil.example", "a b@accueil.example"):
        assert refusal(clean_email, text) == (
            f"« {text} » n'est pas une adresse électronique valide."
        )
    too_long = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".fr"
    assert refusal(clean_email, too_long) == "courriel : plus de 254 caractères."


def test_a_phone_number_is_kept_as_given_and_fits_its_column():
    assert clean_phone("03 89 00 00 00", row()) == "03 89 00 00 00"
    assert clean_phone("+33 (0)3 89 00 00 00", row()) == "+33 (0)3 89 00 00 00"
    assert clean_phone("0" * 30, row()) == "0" * 30
    assert clean_phone("", row()) is None
    assert refusal(clean_phone, "0" * 31) == "téléphone : plus de 30 caractères."


# Dissolution.


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2023-06-30", dt.date(2023, 6, 30)),
        ("30/06/2023", dt.date(2023, 6, 30)),
        ("2023-06-30 00:00:00", dt.date(2023, 6, 30)),  # a workbook's date
        ("0001-01-01", None),  # the RNA's « not dissolved »
        ("", None),
    ],
)
def test_a_date_of_dissolution_is_read_in_iso_or_french_order(text, date):
    assert clean_dissolved_on(text, row()) == date


@pytest.mark.parametrize("text", ["hier", "31/02/2020", "2023-13-01", "30.06.2023", "06/30/2023"])
def test_a_date_of_dissolution_that_is_not_a_date_is_refused(text):
    assert refusal(clean_dissolved_on, text) == (
        f"« {text} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)."
    )


def test_the_rna_gives_its_date_of_dissolution_in_a_column_of_its_own():
    assert clean_dissolved_on("", row(known={"datedisso": "2019-12-15"})) is None  # not the RNA
    assert clean_dissolved_on(
        "", row(shape=SHAPE["rna_waldec"], known={"datedisso": "2019-12-15"})
    ) == dt.date(2019, 12, 15)
    assert (
        clean_dissolved_on("", row(shape=SHAPE["rna_waldec"], known={"datedisso": "0001-01-01"}))
        is None
    )
    assert clean_dissolved_on(
        "2020-01-02", row(shape=SHAPE["rna_waldec"], known={"datedisso": "2019-12-15"})
    ) == (dt.date(2020, 1, 2))
    assert refusal(
        clean_dissolved_on, "", row(shape=SHAPE["rna_waldec"], known={"datedisso": "15.12.2019"})
    ) == ("« 15.12.2019 » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA).")


@pytest.mark.parametrize(
    ("kind", "date"),
    [("Dissolution", dt.date(2024, 4, 9)), ("Création", None), ("Modification", None)],
)
def test_a_joafe_dissolution_announcement_gives_its_publication_date(kind, date):
    known = {"typedannonce": kind, "datedeparution": "09/04/2024"}
    assert clean_dissolved_on("", row(shape=SHAPE["joafe"], known=known)) == date


@pytest.mark.parametrize(
    ("text", "dissolved"),
    [
        ("oui", True),
        ("Oui", True),
        ("x", True),
        ("D", True),
        ("Vrai", True),
        ("yes", True),
        ("1", True),
        ("non", None),  # a « non » never undoes a dissolution
        ("N", None),
        ("0", None),
        ("A", None),
        ("", None),
    ],
)
def test_dissolved_reads_yes_and_no(text, dissolved):
    assert clean_is_dissolved(text, row()) is dissolved


@pytest.mark.parametrize("text", ["peut-être", "-", "2023-06-30"])
def test_dissolved_refuses_anything_but_yes_or_no(text):
    assert refusal(clean_is_dissolved, text) == f"« {text} » : indiquez « oui » ou « non »."


def test_a_date_of_dissolution_or_the_rna_position_d_means_dissolved():
    assert clean_is_dissolved("", row(values={"dissolved_on": dt.date(2023, 6, 30)})) is True
    assert clean_is_dissolved("non", row(values={"dissolved_on": dt.date(2023, 6, 30)})) is True
    assert clean_is_dissolved("", row(known={"position": "D"})) is True
    assert clean_is_dissolved("", row(known={"position": "d"})) is True
    assert clean_is_dissolved("", row(known={"position": "A"})) is None
