import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError

from core.enums import PublicationState
from programmes.models import Programme
from tests.factories import (
    FigureFactory,
    FundingFactory,
    ProgrammeFactory,
    ProgrammePartnerFactory,
    SchemeFactory,
)

pytestmark = pytest.mark.django_db


def test_negative_amount_is_refused_by_the_database():
    with pytest.raises(IntegrityError, match="funding_amount_not_negative"):
        FundingFactory(amount=Decimal("-1"))


def test_funding_needs_a_beneficiary():
    with pytest.raises(IntegrityError, match="funding_has_beneficiary"):
        FundingFactory(programme=None, beneficiary=None)


def test_funding_needs_a_year_or_a_period():
    with pytest.raises(IntegrityError, match="funding_has_year_or_period"):
        FundingFactory(year=None, start_date=None)


def test_funding_period_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError, match="funding_end_not_before_start"):
        FundingFactory(year=None, start_date=dt.date(2021, 10, 1), end_date=dt.date(2021, 9, 1))


def test_programme_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError, match="programme_end_not_before_start"):
        ProgrammeFactory(start_date=dt.date(2021, 10, 1), end_date=dt.date(2020, 1, 1))


def test_programme_may_end_the_day_it_starts():
    programme = ProgrammeFactory(start_date=dt.date(2021, 10, 1), end_date=dt.date(2021, 10, 1))
    assert programme.pk


def test_same_organisation_twice_in_the_same_role_is_refused():
    partnership = ProgrammePartnerFactory()
    with pytest.raises(IntegrityError, match="programme_partner_unique"):
        ProgrammePartnerFactory(
            programme=partnership.programme, organisation=partnership.organisation
        )


def test_scheme_acronyms_are_unique_when_present():
    SchemeFactory(acronym="")
    SchemeFactory(acronym="")
    SchemeFactory(acronym="PRIR")
    with pytest.raises(IntegrityError, match="scheme_acronym_unique"):
        SchemeFactory(acronym="PRIR")


def test_figure_needs_a_year_or_a_date():
    with pytest.raises(IntegrityError, match="figure_has_year_or_date"):
        FigureFactory(year=None, date=None)


def test_figure_reads_as_a_sentence():
    assert str(FigureFactory.build(value=Decimal("23.00"), label="familles logées")) == (
        "23 familles logées"
    )
    nearly = FigureFactory.build(value=Decimal(6000), approximation="pres_de", label="personnes")
    assert nearly.display_value == "près de 6\u202f000"


def test_published_and_for_territory(grand_est, bas_rhin, strasbourg):
    in_strasbourg = ProgrammeFactory(territory=strasbourg)
    in_region = ProgrammeFactory(territory=grand_est)
    ProgrammeFactory(territory=strasbourg, publication_state=PublicationState.DRAFT)
    elsewhere = ProgrammeFactory(territory=bas_rhin.parent.parent)  # France

    published = Programme.objects.published()
    assert set(published.for_territory(bas_rhin)) == {in_strasbourg}
    assert set(published.for_territory(grand_est)) == {in_strasbourg, in_region}
    assert elsewhere not in published.for_territory(grand_est)


def test_programme_title_cannot_be_blank():
    with pytest.raises(IntegrityError, match="programme_title_not_blank"):
        ProgrammeFactory(title=" ")
