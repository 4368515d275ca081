import datetime as dt
import io

import pytest
from openpyxl import Workbook

from partners.importing.engine import run_import
from partners.importing.errors import UnusableFile
from partners.models import ImportRecord, Organisation
from tests.factories import OrganisationFactory
from tests.partners.helpers import FILES, csv_bytes, run_command

pytestmark = pytest.mark.django_db

HEADER = ["Nom", "N° RNA", "SIRET", "Adresse", "CP", "Ville", "Site web", "Courriel"]


def sheet(*rows, header=HEADER, **options):
    return csv_bytes([header, *rows], **options)


# The files of tests/partners/files/, in the shapes found in the wild.


def test_rna_waldec_file_imports_then_reimports_unchanged():
    status, out, _ = run_command(FILES / "rna_waldec.csv")
    assert (status, out[-1]) == (0, "created=16 updated=0 unchanged=0 rejected=0")
    assert out[0] == (
        "Forme reconnue : Répertoire national des associations (RNA), export « waldec » "
        "(CSV, encodage UTF-8, séparateur point-virgule)."
    )
    assert Organisation.objects.count() == 16
    toulouse = Organisation.objects.get(rna="W313004411")
    assert (toulouse.name, toulouse.acronym) == ("ACCUEIL ET SOLIDARITÉ EXILÉS TOULOUSE", "ASET")
    assert toulouse.address == "12 rue des Lois"
    assert (toulouse.postcode, toulouse.commune.code) == ("31000", "31555")
    assert (toulouse.website, toulouse.kind) == ("https://aset-toulouse.example.org", "association")
    assert (toulouse.siret, toulouse.siren) == ("44810021400114", "448100214")
    assert toulouse.publication_state == "brouillon"
    assert not toulouse.is_dissolved
    # Placeholders « _ » are not part of addresses; a complement and a repetition are.
    assert Organisation.objects.get(rna="W543000614").address == "Mairie"
    assert Organisation.objects.get(rna="W632001872").address == "3 BIS avenue Julien"
    assert Organisation.objects.get(rna="W691078234").address == "8 place Sathonay, Bâtiment B"
    assert Organisation.objects.get(rna="W863001728").address == "40 rue Carnot, BP 113"
    # Corsica, overseas departments and Paris arrondissements find their communes.
    assert {
        organisation.rna: organisation.commune.code
        for organisation in Organisation.objects.filter(
            rna__in=["W2A1000457", "W9R4001236", "W751204455", "W9M6000512"]
        )
    } == {
        "W2A1000457": "2A004",
        "W9R4001236": "97411",
        "W751204455": "75115",
        "W9M6000512": "97608",
    }

    status, out, _ = run_command(FILES / "rna_waldec.csv")
    assert (status, out[-1]) == (0, "created=0 updated=0 unchanged=16 rejected=0")
    assert Organisation.objects.count() == 16


def test_dissolved_associations_of_the_rna_are_marked():
    run_command(FILES / "rna_waldec.csv")
    dissolved = Organisation.objects.filter(is_dissolved=True).order_by("rna")
    assert list(dissolved.values_list("rna", "dissolved_on")) == [
        ("W442012341", dt.date(2019, 12, 15)),
        ("W672014503", dt.date(2022, 3, 31)),
    ]


def test_excel_sheet_in_windows_1252_imports():
    status, out, _ = run_command(FILES / "associations_tableur_cp1252.csv")
    assert (status, out[-1]) == (0, "created=6 updated=0 unchanged=0 rejected=0")
    assert "encodage Windows-1252, séparateur point-virgule" in out[0]
    entraide = Organisation.objects.get(rna="W672009931")
    assert entraide.name == "Association d’entraide de Cronenbourg"
    assert entraide.address == "5 route d’Oberhausbergen"
    assert entraide.email == "contact@entraide-cronenbourg.example"
    assert entraide.commune.name == "Strasbourg"
    assert Organisation.objects.get(rna="W682000775").name == "Vieillesses plurielles – foyers"
    assert Organisation.objects.get(name="Adoma").siret == "39741122401734"
    assert run_command(FILES / "associations_tableur_cp1252.csv")[1][-1] == (
        "created=0 updated=0 unchanged=6 rejected=0"
    )


def test_datainclusion_v1_file_imports():
    status, out, _ = run_command(FILES / "datainclusion_structures_v1.csv")
    assert (status, out[-1]) == (0, "created=4 updated=0 unchanged=0 rejected=0")
    assert out[0].startswith("Forme reconnue : data·inclusion, structures (schéma v1)")
    assert out[1].startswith("Colonnes non reprises : « source », « id », « date_maj »")
    reims = Organisation.objects.get(siret="41255501300124")
    assert (reims.name, reims.address, reims.commune.name) == (
        "Solidarité exilés Reims",
        "10 rue Chanzy",
        "Reims",
    )
    assert reims.description == "Permanences d’accès aux droits"
    saint_denis = Organisation.objects.get(name="Maison des familles de Saint-Denis")
    assert (saint_denis.address, saint_denis.commune.code) == (
        "3 place du Caquet, Porte 2",
        "93066",
    )
    assert Organisation.objects.get(name="Cayenne accueil migrants").commune.code == "97302"
    assert Organisation.objects.get(name="Français pour tous Mulhouse").phone == "03 89 00 00 00"


def test_joafe_announcements_import_and_a_dissolution_dissolves():
    toulouse = OrganisationFactory(name="Solidarité migrants Toulouse", rna="W313009999")
    status, out, _ = run_command(FILES / "joafe_annonces.csv")
    assert (status, out[-1]) == (0, "created=2 updated=1 unchanged=0 rejected=0")
    assert out[0] == (
        "Forme reconnue : Journal officiel des associations (JOAFE), annonces "
        "(CSV, encodage UTF-8 avec BOM, séparateur point-virgule)."
    )
    assert out[1] == "Colonnes non reprises : « Numéro de parution »."
    poitiers = Organisation.objects.get(rna="W863012345")
    assert (poitiers.name, poitiers.postcode, poitiers.commune.name) == (
        "ACCUEIL DES EXILÉS DU POITOU",
        "86000",
        "Poitiers",
    )
    assert poitiers.description.startswith("accueillir et accompagner les personnes exilées")
    assert (poitiers.is_dissolved, poitiers.dissolved_on) == (False, None)
    toulouse.refresh_from_db()
    assert (toulouse.is_dissolved, toulouse.dissolved_on) == (True, dt.date(2024, 4, 9))
    status, out, _ = run_command(FILES / "joafe_annonces.csv")
    assert (status, out[-1]) == (0, "created=0 updated=0 unchanged=3 rejected=0")


def test_joafe_identifiant_association_reads_as_the_rna_number():
    header = ["Identifiant association", "Titre", "Code postal", "Ville", "Date de parution"]
    report = run_import(
        sheet(["W543004321", "Accueil", "54000", "Nancy", "2024-03-05"], header=header)
    )
    assert report.shape == "joafe"
    assert Organisation.objects.get().rna == "W543004321"


def test_every_problem_of_a_row_is_listed_at_once():
    data = csv_bytes(
        [["Nom", "CP", "Ville", "Courriel"], ["Accueil", "8600", "Poitiers", "contact@"]]
    )
    rejects = io.BytesIO()
    report = run_import(data, rejects=rejects)
    assert [str(refusal) for refusal in report.refusals] == [
        "ligne 2, colonne « CP » : « 8600 » n'a que 4 chiffres : lu 08600, le code postal de "
        "Charnois, Chooz, Foisches…, et non de Poitiers. Indiquez ses 5 chiffres.",
        "ligne 2, colonne « Courriel » : « contact@ » n'est pas une adresse électronique valide.",
    ]
    line = rejects.getvalue().decode("utf-8-sig").splitlines()[1]
    assert line == (
        "Accueil;8600;Poitiers;contact@;2;\"« 8600 » n'a que 4 chiffres : lu 08600, le code "
        "postal de Charnois, Chooz, Foisches…, et non de Poitiers. Indiquez ses 5 chiffres. ; "
        "« contact@ » n'est pas une adresse électronique valide.\""
    )
    assert not Organisation.objects.exists()


# Encodings, separators, formats.


@pytest.mark.parametrize(
    ("options", "description"),
    [
        ({"bom": True}, "CSV, encodage UTF-8 avec BOM, séparateur point-virgule"),
        ({"separator": ","}, "CSV, encodage UTF-8, séparateur virgule"),
        (
            {"separator": "\t", "encoding": "cp1252"},
            "CSV, encodage Windows-1252, séparateur tabulation",
        ),
    ],
)
def test_encodings_and_separators_are_detected(options, description):
    data = sheet(
        ["Comité d’accueil", "W543000002", "", "", "54510", "Tomblaine", "", ""], **options
    )
    report = run_import(data)
    assert report.file_description == description
    assert Organisation.objects.get().name == "Comité d’accueil"


def test_xlsx_is_read():
    book = Workbook()
    book.active.append(["Raison sociale", "Code postal", "Ville"])
    book.active.append(["Les Amis de l’appartement pédagogique", 59000, "Lille"])
    out = io.BytesIO()
    book.save(out)
    report = run_import(out.getvalue())
    assert (report.file_description, report.created) == ("classeur Excel (.xlsx)", 1)
    assert Organisation.objects.get().commune.code == "59350"


def test_english_headers_are_recognised_and_unknown_columns_reported():
    data = csv_bytes(
        [
            ["Name", "Postcode", "City", "Website", "Favourite colour"],
            ["Welcome Refugees Lille", "59000", "Lille", "www.welcome.example", "bleu"],
        ]
    )
    report = run_import(data)
    assert report.shape == "tableur"
    assert report.unmapped == ["Favourite colour"]
    assert Organisation.objects.get().website == "https://www.welcome.example"


def test_older_rna_import_files_are_recognised():
    rna_import = (
        b"id;siret;titre;objet;adr1;adr2;adr3;adrs_codepostal;libcom;telephone;email;siteweb;"
        b"position\r\n"
        b"W863000010;;ASSOCIATION DES AMIS;;12 rue de la Gare;;;86000;POITIERS;05 49 00 00 00;"
        b"contact@amis.example;;A\r\n"
    )
    assert run_import(rna_import).shape == "rna_import"
    amis = Organisation.objects.get(rna="W863000010")
    assert (amis.address, amis.phone, amis.commune.name) == (
        "12 rue de la Gare",
        "05 49 00 00 00",
        "Poitiers",
    )


def test_datainclusion_v0_files_are_recognised():
    v0 = (
        b"id;siret;rna;nom;commune;code_postal;code_insee;adresse;typologie;presentation_resume;"
        b"source;date_maj\r\n"
        b"x-1;;W543000099;Accueil Tomblaine;Tomblaine;54510;54526;;ASSO;Accueil de jour;dora;"
        b"2024-01-01\r\n"
    )
    report = run_import(v0)
    assert report.shape == "datainclusion_v0"
    assert Organisation.objects.get(rna="W543000099").description == "Accueil de jour"


# Refusals: line, column and reason, in French.


def refusals_of(data):
    return [str(refusal) for refusal in run_import(data).refusals]


def test_missing_and_overlong_names_are_refused_with_line_and_column():
    data = sheet(
        ["", "W543000002", "", "", "54510", "Tomblaine", "", ""],
        ["A" * 256, "", "", "", "", "", "", ""],
    )
    assert refusals_of(data) == [
        "ligne 2, colonne « Nom » : le nom est obligatoire.",
        "ligne 3, colonne « Nom » : le nom dépasse 255 caractères (256).",
    ]
    assert not Organisation.objects.exists()


def test_rna_numbers_are_normalised_then_checked():
    data = sheet(
        ["Accueil", "w 543.000-002", "", "", "", "", "", ""],
        ["Corsica", "W2B1000123", "", "", "", "", "", ""],
        ["Trop court", "W54300", "", "", "", "", "", ""],
    )
    report = run_import(data)
    assert [str(r) for r in report.refusals] == [
        "ligne 4, colonne « N° RNA » : « W54300 » n'est pas un numéro RNA : W suivi de 9 "
        "caractères, des chiffres sauf le deuxième qui peut être une lettre (ex. W751234567, "
        "W2B1000123)."
    ]
    assert set(Organisation.objects.values_list("rna", flat=True)) == {"W543000002", "W2B1000123"}


def test_siret_and_siren_checksums():
    data = csv_bytes(
        [
            ["Nom", "SIRET", "SIREN"],
            ["Bonne clé", "732 829 320 00074", ""],
            ["Mauvaise clé", "73282932000075", ""],
            ["SIREN faux", "", "732829321"],
            ["La Poste", "35600000000048", ""],
        ]
    )
    assert refusals_of(data) == [
        "ligne 3, colonne « SIRET » : « 73282932000075 » n'est pas un SIRET valide "
        "(14 chiffres, clé de contrôle).",
        "ligne 4, colonne « SIREN » : « 732829321 » n'est pas un SIREN valide "
        "(9 chiffres, clé de contrôle).",
    ]
    assert Organisation.objects.get(name="Bonne clé").siret == "73282932000074"


def test_postcodes_must_be_french_and_match_the_insee_code():
    data = csv_bytes(
        [
            ["Nom", "Code postal", "Code INSEE"],
            ["Ajaccio", "20000", "2A004"],
            ["Mamoudzou", "97600", "97611"],
            ["Pas français", "1234A", ""],
            ["Mauvaise commune", "75015", "31555"],
            ["Aucun département", "96000", ""],
            ["Nouméa", "98800", ""],
        ]
    )
    assert refusals_of(data) == [
        "ligne 4, colonne « Code postal » : « 1234A » n'est pas un code postal français.",
        "ligne 5, colonne « Code postal » : le code postal 75015 ne correspond pas à la "
        "commune 31555 (Toulouse : 31000, 31100, 31200, 31300, 31400, 31500).",
        "ligne 6, colonne « Code postal » : « 96000 » n'est pas un code postal français.",
    ]
    assert Organisation.objects.get(name="Nouméa").postcode == "98800"
    assert Organisation.objects.get(name="Ajaccio").commune.name == "Ajaccio"


def test_malformed_email_and_url_are_refused():
    data = sheet(["Accueil", "", "", "", "", "", "http://", "contact@"])
    assert refusals_of(data) == [
        "ligne 2, colonne « Site web » : « http:// » n'est pas une adresse web valide.",
        "ligne 2, colonne « Courriel » : « contact@ » n'est pas une adresse électronique valide.",
    ]


def test_a_row_repeating_an_identifier_names_the_earlier_line():
    data = csv_bytes(
        [
            ["Nom", "RNA", "SIRET", "CP"],
            ["Première", "W543000002", "", "54510"],
            ["Seconde", "W543000002", "", "54510"],
            ["Avec SIRET", "", "73282932000074", ""],
            ["Même SIRET", "", "73282932000074", ""],
            ["Sans identifiant", "", "", "54510"],
            ["SANS IDENTIFIANT", "", "", "54510"],
        ]
    )
    assert refusals_of(data) == [
        "ligne 3, colonne « RNA » : le numéro RNA W543000002 figure déjà ligne 2.",
        "ligne 5, colonne « SIRET » : le SIRET 73282932000074 figure déjà ligne 4.",
        "ligne 7, colonne « Nom » : une structure de même nom et même code postal figure "
        "déjà ligne 6.",
    ]
    assert Organisation.objects.count() == 3


# Matching, updates, dissolution.


def test_matching_by_rna_then_siret_then_name_and_postcode():
    by_rna = OrganisationFactory(name="Ancien nom", rna="W543000002")
    by_siret = OrganisationFactory(name="Par SIRET", siret="73282932000074")
    by_name = OrganisationFactory(name="Les Amis de l’Appartement", postcode="59000")
    data = csv_bytes(
        [
            ["Nom", "RNA", "SIRET", "CP"],
            ["Nouveau nom", "W543000002", "", ""],
            ["Par SIRET", "", "73282932000074", "75015"],
            ["LES AMIS DE L'APPARTEMENT", "W593000003", "", "59000"],
        ]
    )
    report = run_import(data)
    assert report.counts == "created=0 updated=3 unchanged=0 rejected=0"
    by_rna.refresh_from_db()
    by_siret.refresh_from_db()
    by_name.refresh_from_db()
    assert by_rna.name == "Nouveau nom"
    assert by_siret.postcode == "75015"
    assert (by_name.rna, by_name.name) == ("W593000003", "LES AMIS DE L'APPARTEMENT")
    change = next(c for c in report.changes if c.organisation_id == by_rna.pk)
    assert change.fields == {"nom": ("Ancien nom", "Nouveau nom")}


def test_an_empty_cell_never_erases_a_stored_value():
    organisation = OrganisationFactory(
        name="Accueil", rna="W543000002", email="contact@accueil.example", postcode="54510"
    )
    report = run_import(sheet(["Accueil", "W543000002", "", "", "", "", "", ""]))
    assert report.counts == "created=0 updated=0 unchanged=1 rejected=0"
    organisation.refresh_from_db()
    assert (organisation.email, organisation.postcode) == ("contact@accueil.example", "54510")


def test_a_dissolution_updates_the_association_it_does_not_delete_it():
    run_command(FILES / "rna_waldec.csv")
    lines = (FILES / "rna_waldec.csv").read_text(encoding="utf-8").splitlines()
    dissolved = lines[1].split(";")
    dissolved[8], dissolved[37] = "2023-06-30", "D"  # date_disso, position
    report = run_import("\n".join([lines[0], ";".join(dissolved)]).encode())
    assert report.counts == "created=0 updated=1 unchanged=0 rejected=0"
    organisation = Organisation.objects.get(rna=dissolved[0])
    assert (organisation.is_dissolved, organisation.dissolved_on) == (True, dt.date(2023, 6, 30))
    assert Organisation.objects.count() == 16


def test_identifier_of_another_organisation_is_refused():
    OrganisationFactory(name="Titulaire", siret="73282932000074")
    OrganisationFactory(name="Autre", rna="W543000002")
    data = csv_bytes([["Nom", "RNA", "SIRET"], ["Autre", "W543000002", "73282932000074"]])
    assert refusals_of(data) == [
        "ligne 2, colonne « SIRET » : SIRET 73282932000074 déjà attribué à une autre "
        "structure : Titulaire."
    ]


def test_text_is_stored_as_given(client):
    data = sheet(
        ['=HYPERLINK("http://x")', "", "", "", "", "", "", ""],
        ["  <script>alert(1)</script>  ", "", "", "", "", "", "", ""],
    )
    run_import(data)
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        '=HYPERLINK("http://x")',
        "<script>alert(1)</script>",
    }
    script = Organisation.objects.get(name__startswith="<script>")
    script.publication_state = "publie"
    script.save()
    html = client.get(script.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


# Files that cannot be used at all: nothing is written.


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Le fichier est vide."),
        (
            b"\x00\x01\x02\xff\xfe" * 100,
            "Le fichier n'est pas un fichier texte (CSV) ni un classeur Excel (.xlsx) lisible.",
        ),
        (b"PK\x03\x04garbage", "Le classeur Excel (.xlsx) est illisible ou endommagé."),
        (
            csv_bytes([["Couleur", "Taille"], ["bleu", "12"]]),
            "Aucune colonne de la ligne d'en-tête (ligne 1) n'est reconnue.",
        ),
        (
            csv_bytes([["Courriel", "Ville"], ["a@b.example", "Lille"]]),
            "Aucune colonne de la ligne d'en-tête (ligne 1) ne donne le nom des structures",
        ),
        (
            csv_bytes([["Liste 2024", ""], ["", ""], ["Courriel", "Ville"], ["a@b.example", "x"]]),
            "Aucune colonne de la ligne d'en-tête (ligne 3) ne donne le nom des structures",
        ),
        (b"Nom\nAccueil\n", "La ligne d'en-tête n'a qu'une colonne"),
    ],
)
def test_unusable_files_are_refused_whole(data, message):
    with pytest.raises(UnusableFile) as error:
        run_import(data)
    assert str(error.value).startswith(message)
    assert not Organisation.objects.exists()


def test_file_over_the_size_limit_is_refused(settings):
    settings.ORGANISATION_IMPORT_MAX_BYTES = 100
    with pytest.raises(UnusableFile, match="la limite est de 0 Mo"):
        run_import(sheet(*[["Accueil", "", "", "", "", "", "", ""]] * 10))


# The command line.


def test_command_exit_statuses_and_last_line(import_file):
    good = sheet(["Accueil", "W543000002", "", "", "", "", "", ""])
    status, out, _ = import_file(good)
    assert (status, out[-1]) == (0, "created=1 updated=0 unchanged=0 rejected=0")

    mixed = sheet(
        ["Nouvelle", "", "", "", "", "", "", ""],
        ["", "", "", "", "", "", "", ""],
        ["Sans nom ?", "W12", "", "", "", "", "", ""],
    )
    status, out, _ = import_file(mixed)
    assert status == 1
    assert "Refus ligne 4, colonne « N° RNA » : « W12 » n'est pas un numéro RNA" in "\n".join(out)
    assert out[-1] == "created=1 updated=0 unchanged=0 rejected=1"
    assert Organisation.objects.filter(name="Nouvelle").exists()

    status, out, err = import_file(b"\x00junk\x00")
    assert (status, out) == (2, [])
    assert err.startswith("Fichier inutilisable : Le fichier n'est pas un fichier texte")


def test_dry_run_writes_nothing_and_prints_the_same_counts(import_file):
    data = sheet(
        ["Accueil", "W543000002", "", "", "", "", "", ""],
        ["", "", "", "", "", "", "", ""],
        ["Bis", "W54", "", "", "", "", "", ""],
    )
    status, dry, _ = import_file(data, "--dry-run")
    assert (status, dry[-1]) == (1, "created=1 updated=0 unchanged=0 rejected=1")
    assert "Essai à blanc : rien n'a été écrit." in dry
    assert not Organisation.objects.exists()
    assert not ImportRecord.objects.exists()
    status, real, _ = import_file(data)
    assert real[-1] == dry[-1]
    assert ImportRecord.objects.get().created == 1


def test_atomic_writes_nothing_when_a_row_is_refused(import_file):
    existing = OrganisationFactory(name="Existante", rna="W543000002")
    data = sheet(
        ["Nouveau nom", "W543000002", "", "", "", "", "", ""],
        ["Nouvelle", "", "", "", "", "", "", ""],
        ["Refusée", "W5", "", "", "", "", "", ""],
    )
    status, out, _ = import_file(data, "--atomic")
    assert (status, out[-1]) == (1, "created=1 updated=1 unchanged=0 rejected=1")
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Existante"]
    existing.refresh_from_db()
    assert existing.name == "Existante"
    record = ImportRecord.objects.get()
    assert (record.status, record.file_name, record.rejected) == ("abandonne", "liste.csv", 1)


def test_rejects_file_has_the_same_columns_plus_line_and_reason(import_file, tmp_path):
    data = sheet(
        ["Bonne", "", "", "", "", "", "", ""], ["=Mauvaise", "W5", "", "", "75015", "Paris", "", ""]
    )
    rejects = tmp_path / "refus.csv"
    status, out, _ = import_file(data, "--rejects", str(rejects))
    assert status == 1
    text = rejects.read_bytes().decode("utf-8-sig")
    assert text.splitlines() == [
        "Nom;N° RNA;SIRET;Adresse;CP;Ville;Site web;Courriel;ligne;motif du refus",
        "'=Mauvaise;W5;;;75015;Paris;;;3;« W5 » n'est pas un numéro RNA : W suivi de 9 "
        "caractères, des chiffres sauf le deuxième qui peut être une lettre (ex. W751234567, "
        "W2B1000123).",
    ]
    # Corrected, the rejects file imports; the neutralising apostrophe is removed again.
    fixed = rejects.read_bytes().replace(b";W5;", b";W543000002;")
    status, out, _ = import_file(fixed)
    assert (status, out[-1]) == (0, "created=1 updated=0 unchanged=0 rejected=0")
    assert Organisation.objects.get(rna="W543000002").name == "=Mauvaise"


def test_history_records_what_an_import_changed_row_by_row(import_file):
    from partners.models import OrganisationEvent

    first = sheet(
        ["Accueil", "W543000002", "", "", "54510", "", "", ""],
        ["Entraide", "W543000003", "", "", "54510", "", "", ""],
    )
    import_file(first, name="2024.csv")
    second = sheet(
        ["Accueil de Tomblaine", "W543000002", "", "", "54510", "", "", ""],
        ["Entraide", "W543000003", "", "", "54510", "", "", ""],
    )
    import_file(second, name="2025.csv")
    events = [
        (event.pgh_label, event.name, event.pgh_context.metadata["import_file"])
        for event in OrganisationEvent.objects.order_by("pgh_id")
    ]
    assert events == [
        ("insert", "Accueil", "2024.csv"),
        ("insert", "Entraide", "2024.csv"),
        ("update", "Accueil de Tomblaine", "2025.csv"),
    ]


def test_history_triggers_can_still_be_ignored_and_attach_their_context():
    import pghistory
    import pgtrigger

    from partners.models import OrganisationEvent

    with pgtrigger.ignore("partners.Organisation:insert_insert"):
        OrganisationFactory(name="Sans historique")
    with pghistory.context(reason="test"):
        OrganisationFactory(name="Avec historique")
        OrganisationFactory(name="Même contexte")
    events = OrganisationEvent.objects.order_by("pgh_id")
    assert [event.name for event in events] == ["Avec historique", "Même contexte"]
    assert {event.pgh_context.metadata["reason"] for event in events} == {"test"}


def test_command_shows_progress_on_a_terminal_only(tmp_path):
    from django.core.management import call_command

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    path = tmp_path / "liste.csv"
    path.write_bytes(sheet(*[[f"Structure {i}", "", "", "", "", "", "", ""] for i in range(3)]))
    terminal, out = Terminal(), io.StringIO()
    call_command("import_organisations", str(path), stdout=out, stderr=terminal)
    assert "\r3 lignes lues sur environ 4…" in terminal.getvalue()
    assert out.getvalue().splitlines()[-1] == "created=3 updated=0 unchanged=0 rejected=0"
    _, _, err = run_command(path)
    assert err == ""


# Files that are subtly broken, and rows that would break a constraint.


def test_a_stray_quote_refuses_the_file_instead_of_swallowing_rows():
    data = b'Nom;CP\n"Les Amis;54510\nB;54000\nC;54000\n'
    with pytest.raises(UnusableFile, match="Ligne 2 : un guillemet ouvre une cellule"):
        run_import(data)
    assert not Organisation.objects.exists()


def test_utf8_bom_followed_by_windows_1252_text_is_refused_clearly():
    data = b"\xef\xbb\xbf" + "Nom;CP\nComité;54510\n".encode("cp1252")
    with pytest.raises(UnusableFile, match="mélange deux encodages"):
        run_import(data)


def test_mixed_encodings_are_refused_naming_a_line():
    data = "Nom;CP\nComité;54510\n".encode() + "Société;54510\n".encode("cp1252")
    with pytest.raises(UnusableFile) as error:
        run_import(data)
    assert str(error.value) == (
        "Le fichier mélange deux encodages (UTF-8 et Windows-1252), par exemple ligne 3 : "
        "enregistrez-le de nouveau en UTF-8."
    )


def test_commas_inside_a_header_of_a_semicolon_file():
    data = b"Nom;Remarques (date, auteur, suite);CP\nAccueil;1er mars, A. ;54510\n"
    report = run_import(data)
    assert report.file_description == "CSV, encodage UTF-8, séparateur point-virgule"
    assert report.unmapped == ["Remarques (date, auteur, suite)"]
    assert Organisation.objects.get().postcode == "54510"


TITLED = [
    ["Liste des associations partenaires – 2024", "", ""],
    ["", "", ""],
    ["Nom", "Code postal", "Ville"],
    ["Accueil des exilés", "86000", "Poitiers"],
    ["Association", "", ""],
]


def test_title_rows_above_the_header_of_a_csv_file_are_skipped_and_said():
    report = run_import(csv_bytes(TITLED))
    assert report.counts == "created=2 updated=0 unchanged=0 rejected=0"
    assert report.notes == [
        "La ligne d'en-tête est la ligne 3 : les lignes au-dessus ne sont pas lues."
    ]
    assert sorted(Organisation.objects.values_list("name", "postcode")) == [
        ("Accueil des exilés", "86000"),
        ("Association", ""),
    ]


def test_title_rows_above_the_header_of_a_workbook_are_skipped_and_said():
    book = Workbook()
    book.active["A1"] = TITLED[0][0]  # a title alone, row 2 empty
    for number, row in enumerate(TITLED[2:], start=3):
        for column, value in enumerate(row, start=1):
            book.active.cell(number, column, value or None)
    out = io.BytesIO()
    book.save(out)
    report = run_import(out.getvalue())
    assert report.notes == [
        "La ligne d'en-tête est la ligne 3 : les lignes au-dessus ne sont pas lues."
    ]
    assert Organisation.objects.get(postcode="86000").name == "Accueil des exilés"


def test_a_title_without_separators_above_a_semicolon_header():
    data = b"Associations partenaires\n\nNom;CP\nAccueil;54510\n"
    report = run_import(data)
    assert report.file_description == "CSV, encodage UTF-8, séparateur point-virgule"
    assert report.notes[0].startswith("La ligne d'en-tête est la ligne 3 : ")
    assert Organisation.objects.get().postcode == "54510"


def test_damaged_workbook_is_refused():
    book = Workbook()
    book.active.append(["Nom"])
    out = io.BytesIO()
    book.save(out)
    damaged = out.getvalue().replace(b"[Content_Types].xml", b"[Content_Typez].xml")
    with pytest.raises(UnusableFile, match=r"Le classeur Excel \(\.xlsx\) est illisible"):
        run_import(damaged)


def test_a_row_wider_than_the_header_is_refused():
    data = b"Nom;CP\nAccueil;54510\nRue; de la Gare;54510\n"
    assert refusals_of(data) == [
        "ligne 3, colonne « CP » : la ligne a 3 cellules pour 2 colonnes d'en-tête : une "
        "cellule contient sans doute le séparateur sans être entre guillemets."
    ]


def test_a_siren_contradicting_the_stored_siret_is_refused_not_crashing():
    OrganisationFactory(name="Accueil", rna="W543000002", siret="73282932000074")
    data = csv_bytes([["Nom", "RNA", "SIREN"], ["Accueil", "W543000002", "356000000"]])
    report = run_import(data)
    assert [str(r) for r in report.refusals] == [
        "ligne 2, colonne « SIREN » : le SIREN 356000000 ne correspond pas au SIRET "
        "73282932000074 de la structure enregistrée."
    ]
    assert report.counts == "created=0 updated=0 unchanged=0 rejected=1"


def test_the_same_name_without_identifier_after_an_identified_row_stays_idempotent():
    data = csv_bytes(
        [["Nom", "RNA", "CP"], ["Accueil", "W543000002", "54510"], ["Accueil", "", "54510"]]
    )
    first = run_import(data)
    second = run_import(data)
    assert first.counts == "created=1 updated=0 unchanged=0 rejected=1"
    assert second.counts == "created=0 updated=0 unchanged=1 rejected=1"
    assert str(second.refusals[0]) == (
        "ligne 3, colonne « Nom » : une structure de même nom et même code postal figure déjà "
        "ligne 2."
    )


def test_a_name_shared_by_several_stored_organisations_needs_an_identifier():
    OrganisationFactory(name="Comité des fêtes", postcode="54510", rna="W543000002")
    OrganisationFactory(name="Comité des fêtes", postcode="54510", rna="W543000003")
    data = csv_bytes([["Nom", "CP", "Site web"], ["Comité des fêtes", "54510", "fetes.example"]])
    assert refusals_of(data) == [
        "ligne 2, colonne « Nom » : plusieurs structures enregistrées portent ce nom avec ce "
        "code postal : indiquez leur numéro RNA ou leur SIRET."
    ]


def test_datainclusion_typologies_map_to_kinds_without_refusing_rows():
    data = csv_bytes(
        [
            ["id", "nom", "rna", "typologie", "code_insee", "code_postal", "source"],
            ["1", "Mairie de Tomblaine", "", "MUNI", "54526", "54510", "dora"],
            ["2", "Mission locale", "", "XYZ", "54526", "54510", "dora"],
        ]
    )
    report = run_import(data)
    assert report.counts == "created=2 updated=0 unchanged=0 rejected=0"
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds == {"Mairie de Tomblaine": "collectivite", "Mission locale": "autre"}


def test_windows_line_ends_and_control_characters_are_cleaned(tmp_path):
    data = csv_bytes([["Nom", "Présentation"], ["Accueil\x0b", "ligne 1\r\nligne 2"]])
    run_import(data)
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.description) == ("Accueil", "ligne 1\nligne 2")
    assert run_import(data).counts == "created=0 updated=0 unchanged=1 rejected=0"


def test_rejects_header_cells_are_neutralised_too(import_file, tmp_path):
    data = csv_bytes([["Nom", '=HYPERLINK("http://x";"y")'], ["", "a"]])
    rejects = tmp_path / "refus.csv"
    import_file(data, "--rejects", str(rejects))
    header = rejects.read_bytes().decode("utf-8-sig").splitlines()[0]
    assert header == 'Nom;"\'=HYPERLINK(""http://x"";""y"")";ligne;motif du refus'


def test_an_unwritable_rejects_path_stops_before_importing(import_file, tmp_path):
    status, _, err = import_file(
        sheet(["Accueil", "", "", "", "", "", "", ""]), "--rejects", str(tmp_path / "no" / "r.csv")
    )
    assert status == 2
    assert err.startswith("Impossible d'écrire")
    assert not Organisation.objects.exists()
