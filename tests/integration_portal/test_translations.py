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
from tests.pages import find, head_link, heading, language, link, options, text, texts

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
    assert language(page) == "en"
    navigation = find(page, ".fr-nav")
    assert text(find(navigation, '[aria-current="page"]')) == "Programmes"
    assert link(navigation, "Programmes")["href"] == "/en/programmes/"
    assert link(navigation, "Organisations")["href"] == "/en/structures/"
    assert head_link(page, "alternate", hreflang="fr") == (
        "http://testserver/programmes/?theme=logement-hebergement"
    )
    french = find(page, 'a[hreflang="fr"][lang="fr"]')
    assert (text(french), french["href"]) == ("Français", "/programmes/?theme=logement-hebergement")
    assert options(page, "theme") == {"logement-hebergement": "Housing and shelter (1) [x]"}
    assert options(page, "statut") == {"en_cours": "Ongoing (1)"}
    assert "1 result" in text(page)
    card = find(page, ".fr-card__title")
    assert card["lang"] == "fr" and find(card, "a")["href"] == "/en" + url
    detail = client.get("/en" + url).content.decode()
    assert find(detail, "h1")["lang"] == "fr" and heading(detail) == "Logement des réfugiés"
    assert "since 3 May 2021" in text(detail)
    assert "200,000 €" in texts(detail, "td")


@pytest.mark.django_db
def test_english_dates_of_events(client):
    event = EventFactory(
        title="Rencontre",
        start=dt.datetime(2018, 5, 16, 9, 30, tzinfo=dt.UTC),
        date_precision="jour",
    )
    url = event.get_absolute_url()
    page = client.get("/en" + url).content.decode()
    assert "Wednesday 16 May 2018" in texts(page, "dd")
    french = client.get(url).content.decode()
    assert "mercredi 16 mai 2018" in texts(french, "dd")


@pytest.mark.django_db
def test_english_search_and_empty_list(client):
    page = client.get("/en/programmes/?statut=termine").content.decode()
    assert "No programmes match these criteria." in page
    assert "0 results" in text(page)
    assert Programme.objects.count() == 0
