"""The interface in English: complete catalogues, compiled, and English pages."""

import datetime as dt
import gettext
import re
from decimal import Decimal
from pathlib import Path

import polib
import pytest

from programmes.models import Programme
from reference.models import Territory, Theme
from tests.factories import EventFactory, FundingFactory, ProgrammeFactory
from tests.pages import options, text

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w*\}")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_string_is_translated_and_compiled(language):
    catalogue = polib.pofile(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert catalogue.percent_translated() == 100
    assert not catalogue.fuzzy_entries()
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in catalogue:
        if entry.msgid_plural:
            args = (entry.msgid, entry.msgid_plural, 1)
            found = (
                compiled.npgettext(entry.msgctxt, *args)
                if entry.msgctxt
                else compiled.ngettext(*args)
            )
            assert found == entry.msgstr_plural[0], (
                f"{entry.msgid!r} is not compiled as in the catalogue"
            )
            translations = list(entry.msgstr_plural.values())
        else:
            found = (
                compiled.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else compiled.gettext(entry.msgid)
            )
            assert found == entry.msgstr, f"{entry.msgid!r} is not compiled as in the catalogue"
            translations = [entry.msgstr]
        for translation in translations:
            assert sorted(PLACEHOLDER.findall(translation)) == sorted(
                PLACEHOLDER.findall(entry.msgid)
            ), entry.msgid


@pytest.mark.django_db
def test_english_pages_with_french_records_marked_as_such(client):
    programme = ProgrammeFactory(
        title="Logement des réfugiés",
        territory=Territory.objects.get(level="commune", code="86194"),
        start_date=dt.date(2021, 5, 3),
    )
    programme.themes.add(Theme.objects.get(slug="logement-hebergement"))
    FundingFactory(programme=programme, amount=Decimal("200000"), year=2021)
    url = programme.get_absolute_url()
    page = client.get("/en/programmes/?theme=logement-hebergement").content.decode()
    assert '<html lang="en"' in page
    assert (
        '<a class="fr-nav__link" href="/en/programmes/" aria-current="page">Programmes</a>' in page
    )
    assert '<a class="fr-nav__link" href="/en/structures/">Organisations</a>' in page
    assert (
        '<link rel="alternate" hreflang="fr" href="http://testserver/programmes/?theme=logement-hebergement">'
        in page
    )
    assert (
        'href="/programmes/?theme=logement-hebergement" hreflang="fr" lang="fr">Français</a>'
        in page
    )
    assert options(page, "theme") == {"logement-hebergement": "Housing and shelter (1) [x]"}
    assert options(page, "statut") == {"en_cours": "Ongoing (1)"}
    assert "1 result" in text(page)
    assert '<h3 class="fr-card__title" lang="fr"><a href="/en/programmes/' in page
    detail = client.get("/en" + url).content.decode()
    assert '<h1 lang="fr">Logement des réfugiés</h1>' in detail
    assert "since 3 May 2021" in detail
    assert "<td>200,000 €</td>" in detail


@pytest.mark.django_db
def test_english_dates_of_events(client):
    event = EventFactory(
        title="Rencontre",
        start=dt.datetime(2018, 5, 16, 9, 30, tzinfo=dt.UTC),
        date_precision="jour",
    )
    url = event.get_absolute_url()
    page = client.get("/en" + url).content.decode()
    assert "<dd>Wednesday 16 May 2018</dd>" in page
    french = client.get(url).content.decode()
    assert "<dd>mercredi 16 mai 2018</dd>" in french


@pytest.mark.django_db
def test_english_search_and_empty_list(client):
    page = client.get("/en/programmes/?statut=termine").content.decode()
    assert "No programmes match these criteria." in page
    assert "0 results" in text(page)
    assert Programme.objects.count() == 0
