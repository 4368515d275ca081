import pytest

from partners.models import ImportRecord, Organisation
from tests.jobs import run_worker
from tests.partners.helpers import FILES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_data_officer_previews_then_confirms_an_excel_sheet(live_demo, page, django_user_model):
    django_user_model.objects.create_superuser("agent", "agent@example.org", "motdepasse-long-1")
    before = Organisation.objects.count()

    page.goto(live_demo.url + "/admin/partners/organisation/")
    page.get_by_label("Nom d’utilisateur").fill("agent")
    page.get_by_label("Mot de passe").fill("motdepasse-long-1")
    page.get_by_role("button", name="Connexion").click()
    page.get_by_role("link", name="Importer une liste").click()

    page.get_by_label("Fichier à importer").set_input_files(
        str(FILES / "associations_tableur_cp1252.csv")
    )
    page.get_by_role("button", name="Voir l’aperçu").click()
    assert page.locator("#import-progress").is_visible()  # read by the job worker
    run_worker()
    page.reload()
    assert page.locator("#import-format").inner_text() == (
        "CSV, encodage Windows-1252, séparateur point-virgule"
    )
    assert page.locator("#import-counts tbody td").all_inner_texts() == ["6", "0", "0", "0"]
    assert Organisation.objects.count() == before  # nothing written by the preview

    page.get_by_role("button", name="Confirmer l’import").click()
    assert page.locator("#import-progress").is_visible()  # written by the job worker
    run_worker()
    page.reload()
    assert "Import terminé : 6 créées, 0 mises à jour, 0 inchangées, 0 refusées." in (
        page.locator("#import-done").inner_text()
    )
    assert Organisation.objects.count() == before + 6
    assert ImportRecord.objects.get().user.username == "agent"
