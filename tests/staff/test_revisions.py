"""Changes to live records go through review: an editor's change to a published record waits
as a revision (nothing public changes) until a reviewer approves it (applied as one change,
both named in the history) or sends it back with a comment; editors amend and withdraw;
imports and restores propose the same way; reviewers change live records directly."""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from core.cache import data_version
from core.models import Revision
from partners.models import Organisation
from programmes.models import Figure, Programme, ProgrammePartner
from tests.factories import (
    FigureFactory,
    OrganisationFactory,
    ProgrammePartnerFactory,
    ThemeFactory,
)
from tests.jobs import run_queued_jobs
from tests.pages import text
from tests.partners.helpers import csv_bytes
from tests.staff.admin_forms import form_data

pytestmark = pytest.mark.django_db

ProgrammeEvent = next(iter(Programme.pgh_event_models.values()))


def url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def programme(world):
    """Strasbourg's published programme, with a figure and a partner."""
    programme = world["programme"]["ours_published"]
    FigureFactory(programme=programme, label="familles logées", value=Decimal(23), year=2016)
    ProgrammePartnerFactory(programme=programme, organisation=OrganisationFactory(name="APART"))
    return programme


@pytest.fixture
def people(staff):
    for username in ("editeur", "editeur_67", "relecteur"):
        staff[username].email = f"{username}@example.gouv.fr"
        staff[username].save()
    return staff


def inline_prefix(response, model):
    return next(
        i.formset.prefix
        for i in response.context["inline_admin_formsets"]
        if i.formset.model is model
    )


def propose(client, programme, **changes):
    """Post the programme's page as a browser would, with ``changes``; return the answer."""
    change = url(Programme, "change", programme.pk)
    page = client.get(change)
    data = form_data(page, **changes)
    data["_revision_token"] = page.context["revision_token"]
    return client.post(change, data, follow=True)


def decide(client, model, record, action, data=None, **kwargs):
    """Post a decision from the revision's page, as a reviewer's browser would (with the
    page's token)."""
    page = client.get(url(model, "revision", record.pk))
    token = page.context["token"] if page.status_code == 200 else ""
    address = url(model, "revision_action", record.pk, action)
    return client.post(address, {"token": token, **(data or {})}, **kwargs)


def public_title(client, programme) -> str:
    page = client.get(programme.get_absolute_url()).content.decode()
    return text(page.split("<h1", 1)[1].split("</h1>", 1)[0].split(">", 1)[1])


@pytest.fixture
def reference_data(transactional_db):
    """Territories and lists, loaded by the migrations, gone after an earlier test's flush."""
    from reference.loaders import load_lists, load_territories
    from reference.models import Audience, Territory, Theme

    if not Territory.objects.exists():
        load_territories(Territory)
        load_lists(Theme, Audience)


# Proposing
def propose_title_theme_and_figure(client, programme, theme):
    """The editor's change: a new title, a theme, a figure added; the answer followed."""
    change = url(Programme, "change", programme.pk)
    page = client.get(change)
    data = form_data(page, title="Programme d'Alsace, nouveau titre", themes=[str(theme.pk)])
    figures = inline_prefix(page, Figure)
    total = int(data[f"{figures}-TOTAL_FORMS"])
    data.update(
        {
            f"{figures}-TOTAL_FORMS": str(total + 1),
            f"{figures}-{total}-label": "jeunes accueillis",
            f"{figures}-{total}-value": "102",
            f"{figures}-{total}-year": "2019",
            f"{figures}-{total}-position": "1",
        }
    )
    return client.post(change, data, follow=True)


@pytest.mark.django_db(transaction=True)
def test_an_editors_change_to_a_live_programme_waits_for_review(
    reference_data, client, people, programme
):
    theme = ThemeFactory(name="Logement")
    editor = people["editeur"]
    client.force_login(editor)
    version, history = data_version(), ProgrammeEvent.objects.count()
    response = propose_title_theme_and_figure(client, programme, theme)
    assert messages_of(response) == [
        "Vos modifications de « Programme ours_published » (intitulé, thèmes, chiffres clés) "
        "attendent la relecture : le site public garde la version publiée jusqu'à leur "
        "approbation."
    ]
    # Nothing public changed: the record, its figures, the data version, the history.
    programme.refresh_from_db()
    assert programme.title == "Programme ours_published"
    assert list(programme.figures.values_list("label", flat=True)) == ["familles logées"]
    assert not programme.themes.exists()
    assert (data_version(), ProgrammeEvent.objects.count()) == (version, history)
    client.logout()
    assert public_title(client, programme) == "Programme ours_published"
    api = client.get(f"/api/programmes/{programme.pk}/").json()
    assert api["titre"] == "Programme ours_published"
    csv = b"".join(client.get("/programmes/export.csv").streaming_content).decode("utf-8-sig")
    assert "Programme ours_published" in csv and "nouveau titre" not in csv
    # The revision holds the whole proposal.
    revision = Revision.objects.get()
    assert (revision.state, revision.created_by, revision.version) == ("a_relire", editor, 1)
    assert revision.proposed["fields"]["title"] == "Programme d'Alsace, nouveau titre"
    assert revision.proposed["links"]["themes"] == [theme.pk]
    added = [row for key, row in revision.proposed["parts"]["figures"].items() if key == "+1"]
    assert added[0]["label"] == "jeunes accueillis" and added[0]["value"] == "102.00"
    assert [(s.kind, s.user, s.fields) for s in revision.steps.all()] == [
        ("proposee", editor, ["title", "themes", "figures"])
    ]


def test_the_record_shows_its_proposal_to_those_who_may_amend_it(client, people, programme):
    theme = ThemeFactory(name="Logement")
    client.force_login(people["editeur"])
    propose_title_theme_and_figure(client, programme, theme)
    page = client.get(url(Programme, "change", programme.pk))
    assert page.context["adminform"].form["title"].value() == "Programme d'Alsace, nouveau titre"
    assert page.context["adminform"].form["themes"].value() == [theme.pk]
    labels = [
        form["label"].value()
        for i in page.context["inline_admin_formsets"]
        if i.formset.model is Figure
        for form in i.formset.forms
    ]
    assert labels[:2] == ["familles logées", "jeunes accueillis"]
    notice = text(page.content.decode().split('id="revision-notice"', 1)[1].split("</div>", 1)[0])
    assert "Modifications à relire" in notice
    assert "Proposées par editeur" in notice
    assert "Le formulaire montre la proposition" in notice
    # A reviewer reads the live version, with the notice.
    client.force_login(people["relecteur"])
    page = client.get(url(Programme, "change", programme.pk))
    assert page.context["adminform"].form["title"].value() == "Programme ours_published"
    assert "Le formulaire montre la version en ligne." in page.content.decode()


def test_the_reviewer_sees_each_change_then_approves_it_as_one_change(
    client, people, programme, mailoutbox, django_capture_on_commit_callbacks
):
    editor, reviewer = people["editeur"], people["relecteur"]
    partner = programme.partnerships.get()
    figure = programme.figures.get()
    client.force_login(editor)
    change = url(Programme, "change", programme.pk)
    page = client.get(change)
    data = form_data(page, title="Nouveau titre")
    partners, figures = inline_prefix(page, ProgrammePartner), inline_prefix(page, Figure)
    data[f"{partners}-0-DELETE"] = "on"  # the partner removed
    data[f"{figures}-0-value"] = "25"  # the figure changed
    assert client.post(change, data).status_code == 302
    assert mailoutbox == []

    client.force_login(reviewer)
    review = client.get(url(Programme, "revision", programme.pk))
    assertContains(
        review,
        "<tr><th scope='row'>Intitulé</th><td>Programme ours_published</td><td>Nouveau titre</td></tr>",
        html=True,
    )
    assertContains(review, "Retrait – APART (Partenaire)")
    assertContains(
        review, "<td>Valeur</td><td>23</td><td>25</td>", html=True
    )  # the figure, field by field
    history_before = ProgrammeEvent.objects.filter(pgh_obj=programme).count()
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail, once committed
        response = decide(client, Programme, programme, "approuver", follow=True)
    assert messages_of(response) == [
        "Modifications de « Nouveau titre » approuvées : elles sont en ligne."
    ]
    programme.refresh_from_db()
    assert programme.title == "Nouveau titre"
    assert not ProgrammePartner.objects.filter(pk=partner.pk).exists()
    figure.refresh_from_db()
    assert figure.value == 25
    # One change of the record, naming the reviewer and the author.
    events = ProgrammeEvent.objects.filter(pgh_obj=programme).order_by("pgh_id")
    assert events.count() == history_before + 1
    metadata = events.last().pgh_context.metadata
    assert (metadata["user"], metadata["proposed_by"]) == (reviewer.pk, [editor.pk])
    history = text(client.get(url(Programme, "history", programme.pk)).content.decode())
    assert "relecteur (relecture des modifications proposées par editeur)" in history
    revision = Revision.objects.get()
    assert (revision.state, revision.reviewed_by) == ("approuvee", reviewer)
    run_queued_jobs("send_mail")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["editeur@example.gouv.fr"], "Modifications approuvées : Nouveau titre")
    ]
    assert "approuvées par relecteur : elles sont en ligne" in mailoutbox[0].body
    assert f"/admin/programmes/programme/{programme.pk}/change/" in mailoutbox[0].body
    client.logout()
    assert public_title(client, programme) == "Nouveau titre"


def test_approval_keeps_a_reviewers_own_change_made_meanwhile(client, people, programme):
    client.force_login(people["editeur"])
    propose(client, programme, title="Titre proposé")
    client.force_login(people["relecteur"])  # changes another field directly
    change = url(Programme, "change", programme.pk)
    client.post(change, form_data(client.get(change), summary="Résumé du relecteur"))
    decide(client, Programme, programme, "approuver")
    programme.refresh_from_db()
    assert (programme.title, programme.summary) == ("Titre proposé", "Résumé du relecteur")


def test_an_approval_no_longer_valid_is_refused_with_the_reason(client, people, world):
    organisation = world["organisation"]["ours_published"]
    client.force_login(people["editeur"])
    change = url(Organisation, "change", organisation.pk)
    client.post(change, form_data(client.get(change), rna="W672000001"), follow=True)
    OrganisationFactory(name="Prise entre-temps", rna="W672000001")
    client.force_login(people["relecteur"])
    response = decide(client, Organisation, organisation, "approuver", follow=True)
    (message,) = messages_of(response)
    assert message.startswith("Ces modifications ne peuvent pas être appliquées : ")
    assert "RNA" in message
    organisation.refresh_from_db()
    assert organisation.rna == ""
    assert Revision.objects.get().state == "a_relire"


# Sending back, amending, withdrawing
def test_a_revision_sent_back_keeps_the_comment_for_its_author(
    client, people, programme, mailoutbox, django_capture_on_commit_callbacks
):
    editor = people["editeur"]
    client.force_login(editor)
    propose(client, programme, title="Titre à revoir")
    client.force_login(people["relecteur"])
    response = decide(client, Programme, programme, "renvoyer", {"comment": "  "}, follow=True)
    assert messages_of(response) == [
        "Dites à l'auteur ce qui doit changer : le commentaire est obligatoire."
    ]
    assert Revision.objects.get().state == "a_relire"
    with django_capture_on_commit_callbacks(execute=True):
        decide(
            client,
            Programme,
            programme,
            "renvoyer",
            {"comment": "Le titre officiel est « PRIR Grand Est »."},
        )
    revision = Revision.objects.get()
    assert (revision.state, revision.comment) == (
        "renvoyee",
        "Le titre officiel est « PRIR Grand Est ».",
    )
    run_queued_jobs("send_mail")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["editeur@example.gouv.fr"], "Modifications renvoyées : Programme ours_published")
    ]
    assert "Le titre officiel est « PRIR Grand Est »." in mailoutbox[0].body
    # The author reads it on the record and on the dashboard, then amends.
    client.force_login(editor)
    page = client.get(url(Programme, "change", programme.pk)).content.decode()
    comment = page.split('id="revision-comment"', 1)[1].split("</blockquote>", 1)[0]
    assert text(comment) == ">relecteur : Le titre officiel est « PRIR Grand Est »."
    dashboard = text(
        client.get(reverse("admin:index")).content.decode().split('id="dashboard-sent_back"')[1]
    )
    assert dashboard.startswith(
        "> Modifications renvoyées à leur auteur (1) Programme : Programme ours_published — "
        "renvoyées par relecteur : « Le titre officiel est « PRIR Grand Est ». »"
    )
    propose(client, programme, title="PRIR Grand Est")
    revision.refresh_from_db()
    assert (revision.state, revision.proposed["fields"]["title"]) == ("a_relire", "PRIR Grand Est")


def test_two_editors_amend_one_revision_and_a_stale_form_is_refused(client, people, programme):
    first, second = people["editeur"], people["editeur_67"]
    client.force_login(first)
    propose(client, programme, title="Titre du premier")
    change = url(Programme, "change", programme.pk)
    stale = client.get(change)  # the first editor's page, opened now
    client.force_login(second)
    page = client.get(change)
    assert page.context["adminform"].form["title"].value() == "Titre du premier"
    data = form_data(page, summary="Résumé du second")
    data["_revision_token"] = page.context["revision_token"]
    assert client.post(change, data).status_code == 302
    revision = Revision.objects.get()
    assert revision.proposed["fields"]["title"] == "Titre du premier"
    assert revision.proposed["fields"]["summary"] == "Résumé du second"
    assert [(s.kind, s.user.username, s.fields) for s in revision.steps.all()] == [
        ("proposee", "editeur", ["title"]),
        ("modifiee", "editeur_67", ["summary"]),
    ]
    review = text(client.get(url(Programme, "revision", programme.pk)).content.decode())
    assert "modifications proposées par editeur, editeur_67" in review
    # The first editor's page predates the second's change: refused, nothing overwritten.
    client.force_login(first)
    data = form_data(stale, title="Titre écrasé")
    data["_revision_token"] = stale.context["revision_token"]
    response = client.post(change, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Les modifications proposées pour cette fiche ont changé depuis que vous avez ouvert "
        "la page : rien n'a été enregistré. Rechargez la page pour repartir de la proposition "
        "actuelle."
    ]
    revision.refresh_from_db()
    assert revision.version == 2
    assert revision.proposed["fields"]["title"] == "Titre du premier"


def test_an_editor_withdraws_a_revision(client, people, programme):
    client.force_login(people["editeur"])
    propose(client, programme, title="Finalement non")
    response = decide(client, Programme, programme, "retirer", follow=True)
    assert messages_of(response) == ["Modifications retirées."]
    assert Revision.objects.get().state == "retiree"
    assert client.get(url(Programme, "revision", programme.pk)).status_code == 404
    # Only reviewers approve or send back.
    propose(client, programme, title="Encore")
    approve = url(Programme, "revision_action", programme.pk, "approuver")
    assert client.post(approve).status_code == 403
    programme.refresh_from_db()
    assert programme.title == "Programme ours_published"


def test_reviewers_and_administrators_change_live_records_directly(client, people, programme):
    for username in ("relecteur", "administrateur"):
        client.force_login(people[username])
        response = propose(client, programme, title=f"Titre de {username}")
        assert response.redirect_chain
        programme.refresh_from_db()
        assert programme.title == f"Titre de {username}"
    assert not Revision.objects.exists()


def test_parts_of_a_live_record_are_changed_from_its_page_only(client, people, programme):
    figure = programme.figures.get()
    client.force_login(people["editeur"])
    page = client.get(url(Figure, "change", figure.pk), follow=True)
    assert 'name="_save"' not in page.content.decode()
    assert messages_of(page) == [
        "« Programme ours_published » est en ligne : modifiez ceci depuis sa page, où vos "
        "modifications seront relues avant d'être publiées."
    ]
    response = client.post(
        url(Figure, "add"), {"programme": programme.pk, "label": "x", "value": "1", "year": "2020"}
    )
    assert response.context["adminform"].form.errors["programme"] == [
        "« Programme ours_published » est en ligne : ajoutez ou modifiez ceci depuis sa page, "
        "où vos modifications seront relues avant d'être publiées."
    ]
    assert client.post(url(Programme, "delete", programme.pk), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [programme.pk], "post": "yes"}
    assert client.post(url(Programme, "changelist"), bulk).status_code == 403
    assert Programme.objects.filter(pk=programme.pk).exists()


def test_restoring_a_version_of_a_live_record_is_proposed(client, people, programme):
    client.force_login(people["relecteur"])
    propose(client, programme, title="Titre changé")
    first = ProgrammeEvent.objects.filter(pgh_obj=programme).order_by("pgh_id").first()
    client.force_login(people["editeur"])
    response = client.post(url(Programme, "restore", programme.pk, first.pgh_id), follow=True)
    (message,) = messages_of(response)
    assert message.startswith(
        "Vos modifications de « Titre changé » (intitulé) attendent la relecture"
    )
    programme.refresh_from_db()
    assert programme.title == "Titre changé"
    assert Revision.objects.get().proposed["fields"]["title"] == "Programme ours_published"


# Imports
def test_an_import_into_published_organisations_proposes_its_changes(client, people, world):
    organisation = world["organisation"]["ours_published"]
    organisation.rna = "W672000055"
    organisation.save()
    client.force_login(people["editeur"])

    def run(rows):
        data = csv_bytes([["Raison sociale", "Numéro RNA", "CP", "Ville"], *rows])
        response = client.post(
            reverse("admin:partners_organisation_import"),
            {"file": SimpleUploadedFile("liste.csv", data)},
        )
        run_queued_jobs()
        preview = client.get(response.url)
        client.post(response.url, {"confirm": "1"})
        run_queued_jobs()
        return preview, client.get(response.url)

    renamed = [["Accueil de Strasbourg", "W672000055", "67000", "Strasbourg"]]
    preview, done = run(renamed)
    assertContains(preview, "<tr><td>0</td><td>0</td><td>0</td><td>0</td></tr>", html=True)
    assertContains(
        preview,
        "Et 1 modification d'une structure en ligne, gardée pour la relecture : le site public "
        "garde la version publiée jusqu'à son approbation.",
    )
    assertContains(done, "Et 1 modification d'une structure en ligne, gardée pour la relecture")
    organisation.refresh_from_db()
    assert organisation.name == "Structure ours_published"
    revision = Revision.objects.get()
    assert revision.proposed["fields"]["name"] == "Accueil de Strasbourg"
    assert [(s.kind, s.user.username) for s in revision.steps.all()] == [("proposee", "editeur")]
    # The same file again proposes nothing new; a file equal to the live record, nothing.
    run(renamed)
    assert revision.steps.count() == 1 and Revision.objects.count() == 1
    run([["Structure ours_published", "W672000055", "", ""]])
    assert revision.steps.count() == 1 and Revision.objects.count() == 1
    # Approved, it is applied.
    client.force_login(people["relecteur"])
    review = client.get(url(Organisation, "revision", organisation.pk))
    assertContains(
        review,
        "<tr><th scope='row'>Nom</th><td>Structure ours_published</td>"
        "<td>Accueil de Strasbourg</td></tr>",
        html=True,
    )
    decide(client, Organisation, organisation, "approuver")
    organisation.refresh_from_db()
    assert organisation.name == "Accueil de Strasbourg"


# Where reviewers find them
def test_the_dashboard_the_change_list_and_the_daily_digest(client, people, programme, world):
    client.force_login(people["editeur"])
    propose(client, programme, title="Titre proposé")
    draft = world["programme"]["ours_draft"]
    draft.publication_state = "a_relire"
    draft.save()
    reviewer = people["relecteur"]
    client.force_login(reviewer)
    dashboard = client.get(reverse("admin:index")).content.decode()
    section = text(dashboard.split('id="dashboard-changes"')[1].split("</div>")[0])
    assert section.startswith(
        "> Modifications de fiches en ligne à relire (1) Programme : Programme ours_published "
        "— proposées par editeur, le "
    )
    listed = client.get(url(Programme, "changelist") + "?modifications=a_relire")
    assert list(listed.context["cl"].result_list) == [programme]
    # The digest: once a day, to reviewers only, what waits within their scope.
    mail.outbox.clear()
    call_command("send_review_digest", stdout=io.StringIO())
    run_queued_jobs("send_mail")
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["relecteur@example.gouv.fr"], "2 fiches attendent votre relecture")
    ]
    body = mail.outbox[0].body
    assert "- Programme : Programme ours_draft\n  http://127.0.0.1:8000/admin/" in body
    assert "- Programme : modifications de « Programme ours_published »" in body
    assert f"/admin/programmes/programme/{programme.pk}/modifications/" in body
    call_command("send_review_digest", stdout=io.StringIO())
    assert run_queued_jobs("send_mail") == 0
    assert len(mail.outbox) == 1


def test_revisions_are_seen_within_scope_only(client, people, programme, staff):
    client.force_login(people["editeur"])
    propose(client, programme, title="Titre proposé")
    client.force_login(staff["editeur_86"])  # sees the published record, not its revision
    assert client.get(url(Programme, "revision", programme.pk)).status_code == 403
    page = client.get(url(Programme, "change", programme.pk))
    assertNotContains(page, "Titre proposé")
    assert decide(client, Programme, programme, "approuver").status_code == 403
