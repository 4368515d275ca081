"""The Content-Disposition header of downloads (RFC 6266): a UTF-8 name and an ASCII one."""

from core.downloads import ascii_filename, content_disposition


def test_a_file_name_is_given_in_utf8_and_in_ascii():
    assert content_disposition("Données « été » 2026.csv") == (
        'attachment; filename="Donnees _ ete _ 2026.csv"; '
        "filename*=UTF-8''Donn%C3%A9es%20%C2%AB%20%C3%A9t%C3%A9%20%C2%BB%202026.csv"
    )
    assert content_disposition("agenda.ics", as_attachment=False) == (
        "inline; filename=\"agenda.ics\"; filename*=UTF-8''agenda.ics"
    )


def test_the_ascii_name_cannot_break_the_header():
    assert ascii_filename('a"b\\c\r\nd/é.csv') == "a_b_c__d/e.csv"
    header = content_disposition('a"b\\c\r\nd/é.csv')
    assert header.endswith("filename*=UTF-8''a%22b%5Cc%0D%0Ad%2F%C3%A9.csv")
    assert "\r" not in header and "\n" not in header
    header.encode("ascii")  # raises if any character is not ASCII
