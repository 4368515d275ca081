"""Files made to exhaust memory or time, or to break the reader: each is read within bounds, or
refused early and whole, with a French message saying why and where; nothing is written."""

import collections
import tracemalloc

import pytest

from partners.importing.engine import CHUNK_ROWS, _chunks, run_import
from partners.importing.errors import UnusableFile
from partners.importing.reading import read_table
from partners.models import ImportRecord, Organisation
from tests.partners.helpers import FILES, csv_bytes
from tests.partners.workbooks import (
    SHEET,
    STRINGS,
    declare_size,
    ratio,
    row,
    shared_strings,
    sheet,
    text,
    workbook,
)

pytestmark = pytest.mark.django_db

MAX_BYTES = 50_000_000


def refused(import_file, data, name="liste.xlsx"):
    """Run the command on ``data``; return its message, checking that it wrote nothing."""
    status, out, err = import_file(data, name=name)
    assert (status, out) == (2, [])
    assert not Organisation.objects.exists()
    assert not ImportRecord.objects.exists()
    assert err.startswith("Fichier inutilisable : ")
    return err.removeprefix("Fichier inutilisable : ").rstrip("\n")


def peak_while(function):
    """The largest memory ``function`` held at once, in bytes (what it allocated)."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def read_all(data):
    table = read_table(data, max_bytes=MAX_BYTES)
    collections.deque(table.records, maxlen=0)
    return table


# Workbooks are read cell by cell, as openpyxl would read them.


def test_workbook_cells_are_read_from_their_references():
    rows = (
        row(1, text("A1", "Nom"), text("B1", "Code postal"), text("C1", "Création"))
        + row(2, '<c r="A2" t="s"><v>0</v></c>', '<c r="B2"><v>54510</v></c>')
        + row(4, '<c t="s"><v>1</v></c>', "<c><v>59000.0</v></c>", '<c s="1"><v>45000</v></c>')
        + '<row><c r="A5" t="b"><v>1</v></c><c r="XFD5" s="1"/></row>'
    )
    table = read_table(
        workbook(rows, strings=shared_strings("Accueil", "Entraide")), max_bytes=MAX_BYTES
    )
    assert table.header == ["Nom", "Code postal", "Création"]
    assert list(table.records) == [
        (2, ["Accueil", "54510"]),
        (4, ["Entraide", "59000", "2023-03-15"]),
        (5, ["True"]),  # the empty formatted cell at XFD is not read
    ]


def test_a_formatted_empty_cell_at_the_last_column_costs_nothing():
    rows = row(1, text("A1", "Nom"), text("B1", "CP")) + "".join(
        row(n, text(f"A{n}", f"Structure {n}"), f'<c r="XFD{n}" s="1"/>') for n in range(2, 2002)
    )
    data = workbook(rows)
    widths = set()

    def read():
        for _, cells in read_table(data, max_bytes=MAX_BYTES).records:
            widths.add(len(cells))

    assert peak_while(read) < 2_000_000  # padded to XFD, 2 000 rows would take 262 MB
    assert widths == {1}


# Workbooks that expand enormously.


def test_a_part_that_grows_too_much_when_decompressed_is_refused_before_parsing(import_file):
    cells = "".join('<c t="s"><v>0</v></c>' for _ in range(100_000))  # a row of 100 000 cells
    data = workbook(row(1, cells))
    assert refused(import_file, data) == (
        f"Le classeur Excel (.xlsx) est refusé : sa partie « {SHEET} » grossit "
        f"{ratio(data, SHEET)} fois à la décompression (100 fois au plus) : c'est la marque "
        "d'une bombe de décompression."
    )


def test_a_shared_strings_bomb_is_refused_before_parsing(import_file):
    data = workbook(row(1, text("A1", "Nom")), strings=shared_strings(*["x" * 100] * 20_000))
    assert refused(import_file, data) == (
        f"Le classeur Excel (.xlsx) est refusé : sa partie « {STRINGS} » grossit "
        f"{ratio(data, STRINGS)} fois à la décompression (100 fois au plus) : c'est la marque "
        "d'une bombe de décompression."
    )


def test_a_part_declared_larger_than_a_gigabyte_is_refused_before_parsing(import_file):
    data = declare_size(workbook(row(1, text("A1", "Nom"))), SHEET, 1_200_000_000)
    assert refused(import_file, data) == (
        f"Le classeur Excel (.xlsx) est refusé : sa partie « {SHEET} » pèse 1200,0 Mo une fois "
        "décompressée (1000 Mo au plus). Découpez-le en plusieurs fichiers."
    )


def test_a_zip_of_too_many_files_is_refused_before_it_is_opened(import_file):
    data = workbook(row(1, text("A1", "Nom")), extra=10_000)
    assert refused(import_file, data) == (
        "Le classeur Excel (.xlsx) est refusé : il contient plus de 10 000 fichiers."
    )


# The limits of a spreadsheet, enforced as the cells come (parts stored uncompressed, so that
# no compression ratio refuses them first).


def test_a_row_past_the_last_column_is_refused_at_that_column(import_file):
    header = row(1, text("A1", "Nom"))
    wide = row(2, "<c><v>1</v></c>" * 20_000)  # cells without reference: B, C… past XFD
    data = workbook(header + wide, stored=[SHEET])
    assert refused(import_file, data) == (
        "Ligne 2, colonne XFE : au-delà de la colonne XFD, la dernière d'une feuille de calcul "
        "(16 384 colonnes)."
    )
    data = workbook(header + row(2, text("ZZZ2", "loin")), stored=[SHEET])
    assert refused(import_file, data).startswith("Ligne 2, colonne ZZZ : au-delà de la colonne")


def test_a_row_numbered_past_the_last_row_is_refused_at_once(import_file):
    data = workbook(row(1, text("A1", "Nom")) + row(4_000_000_000, text("A4000000000", "x")))
    assert refused(import_file, data) == (
        "Ligne 4000000000 : au-delà de 1 048 576 lignes, la limite d'une feuille de calcul. "
        "Découpez le fichier."
    )


def test_rows_going_backwards_are_refused(import_file):
    data = workbook(row(1, text("A1", "Nom")) + row(9, text("A9", "a")) + row(5, text("A5", "b")))
    assert refused(import_file, data) == (
        "Ligne 5 : les lignes de la feuille ne sont pas dans l'ordre (elle vient après la "
        "ligne 9) : le classeur est endommagé."
    )


def test_a_cell_over_32767_characters_is_refused_having_held_little(import_file):
    data = workbook(
        row(1, text("A1", "Nom"), text("B1", "Présentation"))
        + row(2, text("A2", "Accueil"), text("B2", "x" * 5_000_000)),
        stored=[SHEET],
    )
    message = (
        "Ligne 2, colonne B : une cellule dépasse 32 767 caractères, la limite d'une cellule de "
        "feuille de calcul."
    )
    assert refused(import_file, data) == message

    def read():
        with pytest.raises(UnusableFile, match=message):
            read_all(data)

    assert peak_while(read) < 2_000_000  # the 5 MB cell is never held whole


def test_a_shared_string_over_32767_characters_is_refused(import_file):
    data = workbook(
        row(1, text("A1", "Nom")), strings=shared_strings("x" * 40_000), stored=[STRINGS]
    )
    assert refused(import_file, data) == (
        "Le classeur Excel (.xlsx) est refusé : un de ses textes dépasse 32 767 caractères, la "
        "limite d'une cellule de feuille de calcul."
    )


def test_shared_strings_larger_than_an_import_file_are_refused(import_file, settings):
    settings.ORGANISATION_IMPORT_MAX_BYTES = 1_000_000
    texts = [f"{n:06d}" * 5 for n in range(40_000)]  # 1,2 Mo of text, 40 000 strings
    data = workbook(row(1, text("A1", "Nom")), strings=shared_strings(*texts))
    assert refused(import_file, data) == (
        "Le classeur Excel (.xlsx) est refusé : ses textes partagés dépassent 1 Mo, la limite "
        "d'un fichier d'import. Découpez-le en plusieurs fichiers."
    )


def test_a_row_of_more_than_two_million_characters_is_refused(import_file):
    long = '<c t="s"><v>0</v></c>'
    data = workbook(
        row(1, text("A1", "Nom")) + row(2, long * 70),  # 70 cells of a 30 000-character text
        strings=shared_strings("x" * 30_000),
    )
    assert refused(import_file, data) == (
        "Ligne 2 : la ligne dépasse 2 000 000 caractères. Raccourcissez ses cellules ou vérifiez "
        "qu'aucun guillemet n'y est laissé ouvert."
    )


def test_cells_holding_more_text_than_an_import_file_are_refused(import_file, settings):
    settings.ORGANISATION_IMPORT_MAX_BYTES = 1_000_000
    rows = "".join(row(n, '<c t="s"><v>0</v></c>') for n in range(2, 40))
    data = workbook(row(1, text("A1", "Nom")) + rows, strings=shared_strings("x" * 30_000))
    assert refused(import_file, data) == (
        "Le classeur Excel (.xlsx) est refusé : ses cellules contiennent plus de 1 000 000 "
        "caractères, la limite d'un fichier d'import. Découpez-le en plusieurs fichiers."
    )


# XML attacks: a document type declaration is refused in any part.


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)
EXTERNAL_ENTITY = '<!DOCTYPE workbook [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


def test_a_billion_laughs_workbook_is_refused(import_file):
    data = workbook(sheet_xml=sheet(row(1, text("A1", "Nom")), doctype=BILLION_LAUGHS))
    assert refused(import_file, data) == (
        f"Le classeur Excel (.xlsx) est refusé : sa partie « {SHEET} » contient une déclaration "
        "de type de document (DOCTYPE), qu'aucun tableur n'écrit et qui sert aux attaques par "
        "entités XML."
    )


def test_an_external_entity_workbook_is_refused(import_file):
    strings = (
        shared_strings()
        .replace("<sst", f"{EXTERNAL_ENTITY}<sst")
        .replace("</sst>", "<si><t>&secret;</t></si></sst>")
    )
    data = workbook(row(1, '<c r="A1" t="s"><v>0</v></c>'), strings=strings)
    assert refused(import_file, data) == (
        f"Le classeur Excel (.xlsx) est refusé : sa partie « {STRINGS} » contient une "
        "déclaration de type de document (DOCTYPE), qu'aucun tableur n'écrit et qui sert aux "
        "attaques par entités XML."
    )


# CSV files: long lines, open quotes, a spreadsheet's limits.


def test_a_line_longer_than_csv_reads_among_the_first_lines_is_refused(import_file):
    data = b"Nom;Pr\xc3\xa9sentation\nAccueil;" + b"x" * 200_000 + b"\n"
    assert refused(import_file, data, name="liste.csv") == (
        "Ligne 2 : une cellule dépasse 32 767 caractères, la limite d'une cellule de feuille de "
        "calcul."
    )
    data = b"x" * 200_000 + b";Nom\nAccueil;a\n"
    assert refused(import_file, data, name="liste.csv").startswith(
        "Ligne 1 : une cellule dépasse 32 767 caractères"
    )


def test_a_cell_over_32767_characters_is_refused_with_its_column(import_file):
    data = csv_bytes([["Nom", "Présentation"], ["Accueil", "x" * 40_000]])
    assert refused(import_file, data, name="liste.csv") == (
        "Ligne 2, colonne B : une cellule dépasse 32 767 caractères, la limite d'une cellule de "
        "feuille de calcul."
    )


def test_a_line_of_millions_of_characters_is_refused_having_held_little(import_file):
    data = b"Nom;CP\n" + b"a;" * 10_000_000 + b"\n"  # 20 MB on one line
    message = (
        "Ligne 2 : la ligne dépasse 2 000 000 caractères. Raccourcissez ses cellules ou vérifiez "
        "qu'aucun guillemet n'y est laissé ouvert."
    )
    assert refused(import_file, data, name="liste.csv") == message

    def read():
        with pytest.raises(UnusableFile, match=message):
            read_all(data)

    assert peak_while(read) < 40_000_000  # csv would have split it into 10 million cells


def test_a_line_past_the_last_column_is_refused(import_file):
    data = b"Nom;CP\n" + b"a;" * 16_384 + b"a\n"
    assert refused(import_file, data, name="liste.csv") == (
        "Ligne 2, colonne XFE : au-delà de la colonne XFD, la dernière d'une feuille de calcul "
        "(16 384 colonnes)."
    )


def test_a_file_past_the_last_row_is_refused():
    data = b"Nom;CP\n" + b"a;1\n" * 1_048_576
    with pytest.raises(UnusableFile) as error:
        read_all(data)
    assert str(error.value) == (
        "Ligne 1048577 : au-delà de 1 048 576 lignes, la limite d'une feuille de calcul. "
        "Découpez le fichier."
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'Nom;Code postal\n"Asso;75001\nAutre;75002\n',
            "Ligne 2 : un guillemet ouvre une cellule qui n'est jamais refermée. Retirez ce "
            "guillemet ou refermez-le.",
        ),
        (
            b'Nom;Code postal\n"Asso;75001\nAutre;75002\nTroisi\xc3\xa8me;75003\n',
            "Ligne 2 : un guillemet ouvre une cellule qui n'est jamais refermée. Retirez ce "
            "guillemet ou refermez-le.",
        ),
        (
            b'Nom;Code postal\n"Asso;75001\nAutre;"75002";x\n',
            "Ligne 2 : un guillemet ouvre une cellule qui n'est refermée que ligne 3, au milieu "
            "d'un texte. Retirez ce guillemet ou refermez-le.",
        ),
        (
            b'Nom;Code postal\n"Asso" bis;75001\n',
            "Ligne 2 : un guillemet ferme une cellule au milieu de son texte. Mettez toute la "
            "cellule entre guillemets, en doublant ceux qu'elle contient.",
        ),
    ],
    ids=["two-lines", "three-lines", "closed-later", "closed-mid-text"],
)
def test_a_quote_left_open_is_refused_with_its_line(import_file, data, message):
    assert refused(import_file, data, name="liste.csv") == message


def test_quoted_cells_over_several_lines_still_import():
    data = b'Nom;Pr\xc3\xa9sentation\nAccueil;"Permanences ;\nle lundi"\n'
    assert run_import(data).counts == "created=1 updated=0 unchanged=0 rejected=0"
    assert Organisation.objects.get().description == "Permanences ;\nle lundi"


def test_a_quoted_cell_of_three_lines_holding_separators_imports():
    # RFC 4180: a data·inclusion description over three lines, with commas, in quotes.
    report = run_import((FILES / "datainclusion_multiline.csv").read_bytes())
    assert report.counts == "created=2 updated=0 unchanged=0 rejected=0"
    assert Organisation.objects.get(name="Accueil des exilés Poitiers").description == (
        "Permanences d’accès aux droits, le lundi et le jeudi ;\n"
        "ateliers de français, deux fois par semaine ;\n"
        "accompagnement vers le logement, sur rendez-vous."
    )


def test_a_stray_quote_closed_rows_later_is_refused(import_file):
    # The quote swallows two rows, then a cell ending in a quote closes it.
    data = b'Nom;CP;Ville\n"Les Amis;54510;Tomblaine\nB;54000;Nancy\nC";54000;Nancy\n'
    assert refused(import_file, data, name="liste.csv") == (
        "Ligne 2 : un guillemet ouvre une cellule qui n'est refermée que ligne 4, et ses "
        "lignes suivantes ont les colonnes d'une ligne du fichier. Retirez ce guillemet ou "
        "refermez-le."
    )


def test_columns_repeating_a_field_make_one_note():
    header = ["Nom" + "!" * 30_000, *["NOM"] * 16_000, "Nom."]
    report = run_import(csv_bytes([header, ["Accueil"]]), dry_run=True)
    assert len(report.notes) == 1
    assert report.notes[0].startswith("Colonnes « NOM », « NOM », ")
    assert report.notes[0].endswith(
        "« Nom. » ignorées : le champ « nom » est déjà lu dans la colonne « Nom!!!!"
        + "!" * 29_996
        + " »."
    )


# Refused rows: counted without bound, the first ones kept, the others written to a file.


def test_refused_rows_are_counted_all_but_kept_only_for_the_first(import_file, tmp_path):
    rows = [["Nom", "RNA"], *([f"Structure {n}", "W1"] for n in range(250))]
    rejects = tmp_path / "refus.csv"
    status, out, _ = import_file(csv_bytes(rows), "--rejects", str(rejects))
    assert status == 1
    assert sum(line.startswith("Refus ligne") for line in out) == 100
    assert (
        "… et 150 autres refus, non affichés : l'option --rejects écrit toutes les lignes "
        "refusées dans un fichier."
    ) in out
    assert out[-2:] == [
        f"Lignes refusées écrites dans {rejects}.",
        "created=0 updated=0 unchanged=0 rejected=250",
    ]
    lines = rejects.read_bytes().decode("utf-8-sig").splitlines()
    assert len(lines) == 251
    assert lines[-1].startswith("Structure 249;W1;251;« W1 » n'est pas un numéro RNA")

    report = run_import(csv_bytes(rows), dry_run=True)
    assert (report.rejected, report.refusals_total, len(report.refusals)) == (250, 250, 100)


def test_the_refused_rows_file_stops_at_the_size_of_an_import(import_file, tmp_path, settings):
    settings.ORGANISATION_IMPORT_MAX_BYTES = 1_000_000
    data = csv_bytes([["Nom", "RNA"], *([f"S{n}", "W1"] for n in range(8_000))])
    rejects = tmp_path / "refus.csv"
    status, out, _ = import_file(data, "--rejects", str(rejects))
    assert status == 1
    written = len(rejects.read_bytes().decode("utf-8-sig").splitlines()) - 1
    assert 0 < written < 8_000
    assert len(rejects.read_bytes()) <= 1_000_000
    assert out[-2:] == [
        f"Lignes refusées écrites dans {rejects} : les {written} premières, le fichier "
        "s'arrêtant à 1 Mo, la taille d'un import.",
        "created=0 updated=0 unchanged=0 rejected=8000",
    ]


def test_a_file_refused_whole_writes_nothing_nor_refused_rows(import_file, tmp_path):
    rows = [["Nom", "RNA"], *([f"S{n}", "W1" if n % 2 else ""] for n in range(6_000))]
    data = csv_bytes(rows) + b'"ouvert;\n'  # refused at its last line, after a first chunk
    rejects = tmp_path / "refus.csv"
    status, _, err = import_file(data, "--rejects", str(rejects))
    assert status == 2
    assert err.startswith("Fichier inutilisable : Ligne 6002 : un guillemet ouvre une cellule")
    assert rejects.read_bytes() == b""
    assert not Organisation.objects.exists()


def test_a_chunk_of_wide_rows_holds_fewer_rows():
    narrow = [(line, ["a"] * 40) for line in range(6_000)]
    assert [len(chunk) for chunk in _chunks(narrow)] == [CHUNK_ROWS, 1_000]
    wide = [(line, [""] * 16_383 + ["x"]) for line in range(150)]
    # Each chunk ends once it holds a million cells: 62 rows of 16 384.
    assert [len(chunk) for chunk in _chunks(wide)] == [62, 62, 26]


# What the command prints of a file cannot drive the terminal.


def test_control_characters_from_the_file_are_printed_escaped(import_file):
    data = csv_bytes(
        [
            ["Nom\x07", "\x1b[2JCouleur\x1b]0;titre\x07", "RNA"],
            ["Accueil", "bleu", "\x1b[31mW1"],
        ]
    )
    status, out, _ = import_file(data)
    printed = "\n".join(out)
    assert status == 1
    assert "\x1b" not in printed and "\x07" not in printed
    assert "Colonnes non reprises : « \\x1b[2JCouleur\\x1b]0;titre\\x07 »." in out
    assert "Refus ligne 2, colonne « RNA » : « [31mW1 » n'est pas un numéro RNA" in printed

    status, out, _ = import_file(csv_bytes([["Nom\x07", "RNA"], ["", "W543000002"]]))
    assert "Refus ligne 2, colonne « Nom\\x07 » : le nom est obligatoire." in out
