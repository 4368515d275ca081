"""The public lists of events: upcoming and past, facets, the month's calendar."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from core.enums import PublicationState
from reference.models import Territory, Theme
from tests.factories import EventFactory, EventSeriesFactory
from tests.pages import card_titles, find, hrefs, options, text, texts

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def today_at(days, hour=10):
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


@pytest.fixture
def events(db):
    strasbourg = Territory.objects.get(level="commune", code="67482")
    series = EventSeriesFactory(name="Rencontres inter-acteurs")
    made = {
        "online": EventFactory(
            title="Webinaire sur le logement",
            start=today_at(3),
            online_url="https://visio.example/logement",
            kind="visioconference",
        ),
        "strasbourg": EventFactory(
            title="Rencontre à Strasbourg",
            start=today_at(10),
            venue="Médiathèque",
            commune=strasbourg,
            series=series,
        ),
        "today": EventFactory(
            title="Atelier du jour", start=today_at(0, hour=0), commune=strasbourg
        ),
        "past": EventFactory(
            title="Journée passée", start=today_at(-30), commune=strasbourg, series=series
        ),
    }
    EventFactory(
        title="Rencontre en brouillon", start=today_at(5), publication_state=PublicationState.DRAFT
    )
    made["online"].themes.add(Theme.objects.get(slug="logement-hebergement"))
    return made


def test_upcoming_events_by_default_soonest_first(client, events):
    page = client.get("/evenements/").content.decode()
    assert card_titles(page) == [
        "Atelier du jour",
        "Webinaire sur le logement",
        "Rencontre à Strasbourg",
    ]
    assert "3 résultats" in text(page)
    assert options(page, "format") == {"en-ligne": "En ligne (1)", "sur-place": "Sur place (2)"}
    assert options(page, "departement") == {"67": "Bas-Rhin (67) (2)"}
    series = events["strasbourg"].series
    assert options(page, "serie") == {str(series.pk): "Rencontres inter-acteurs (1)"}
    this_month = f"{timezone.localdate():%Y-%m}"
    assert this_month in options(page, "mois")
    assert texts(page, 'a.fr-btn[aria-current="page"]') == ["À venir"]


def test_past_events_on_demand_latest_first(client, events):
    page = client.get("/evenements/?quand=passes").content.decode()
    assert card_titles(page) == ["Journée passée"]
    assert find(page, 'input[type="hidden"][name="quand"]')["value"] == "passes"
    assert texts(page, 'a.fr-btn[aria-current="page"]') == ["Passés"]


def test_online_and_theme_filters(client, events):
    assert card_titles(client.get("/evenements/?format=en-ligne").content.decode()) == [
        "Webinaire sur le logement"
    ]
    assert card_titles(
        client.get("/evenements/?format=sur-place&departement=67").content.decode()
    ) == [
        "Atelier du jour",
        "Rencontre à Strasbourg",
    ]
    assert card_titles(client.get("/evenements/?theme=logement-hebergement").content.decode()) == [
        "Webinaire sur le logement"
    ]


def test_month_filter_and_calendar(client, events):
    month = events["strasbourg"].start.astimezone(PARIS)
    page = client.get(f"/evenements/calendrier/?mois={month:%Y-%m}").content.decode()
    cell = find(page, f'td:has(time[datetime="{month:%Y-%m-%d}"])')
    assert "Rencontre à Strasbourg" in text(cell)
    assert find(page, 'input[type="hidden"][name="mois"]')["value"] == f"{month:%Y-%m}"
    previous = month.replace(day=1) - dt.timedelta(days=1)
    assert f"/evenements/calendrier/?mois={previous:%Y-%m}" in hrefs(page)


def test_calendar_keeps_the_filters(client, events):
    month = events["online"].start.astimezone(PARIS)
    page = client.get(
        f"/evenements/calendrier/?mois={month:%Y-%m}&format=en-ligne"
    ).content.decode()
    assert "Webinaire sur le logement" in page
    assert "Rencontre à Strasbourg" not in page
    following = month.replace(day=28) + dt.timedelta(days=5)
    assert f'href="/evenements/calendrier/?format=en-ligne&amp;mois={following:%Y-%m}"' in page


@pytest.mark.parametrize("count", [1, 3])
def test_event_list_issues_a_constant_number_of_queries(client, django_assert_num_queries, count):
    for number in range(count):
        EventFactory(start=today_at(number + 1))
    # 1 data version; 7 facets (kind, theme, series, region, department, format, month);
    # 1 page of events with series and commune.
    with django_assert_num_queries(9):
        response = client.get("/evenements/")
    assert len(response.context["listing"].page) == count


@pytest.mark.parametrize("count", [1, 3])
def test_calendar_and_embed_issue_a_constant_number_of_queries(
    client, django_assert_num_queries, count
):
    for number in range(count):
        EventFactory(start=today_at(number + 1))
    month = f"{today_at(1):%Y-%m}"
    # 1 data version; 6 facets (kind, theme, series, region, department, format); 1 the
    # month's events with series and commune.
    with django_assert_num_queries(8):
        client.get(f"/evenements/calendrier/?mois={month}")
    # 1 data version; 1 the next events with series and commune.
    with django_assert_num_queries(2):
        response = client.get("/integrer/evenements/")
    assert len(response.context["events"]) == count
