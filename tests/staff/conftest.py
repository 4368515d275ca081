import pytest

from core.enums import PublicationState
from tests.factories import EventFactory, OrganisationFactory, ProgrammeFactory

DRAFT, PUBLISHED = PublicationState.DRAFT, PublicationState.PUBLISHED

# The records of each kind the scope tests reach, by where they are and their state.
PLACES = {
    "ours_draft": ("bas_rhin", DRAFT),  # a department of Grand Est
    "region_draft": ("grand_est", DRAFT),  # the region itself
    "ours_published": ("strasbourg", PUBLISHED),  # a commune of Bas-Rhin
    "theirs_draft": ("vienne", DRAFT),  # Nouvelle-Aquitaine
    "theirs_published": ("poitiers", PUBLISHED),
    "national_draft": (None, DRAFT),  # attached to no territory
}
# Who sees and who may change which of them.
EVERYTHING = set(PLACES)
VISIBLE = {
    "administrateur": EVERYTHING,
    "editeur": {"ours_draft", "region_draft", "ours_published", "theirs_published"},
    "editeur_67": {"ours_draft", "ours_published", "theirs_published"},
    "editeur_86": {"theirs_draft", "theirs_published", "ours_published"},
    "relecteur": {"ours_draft", "region_draft", "ours_published", "theirs_published"},
    "lecteur": {"ours_draft", "region_draft", "ours_published", "theirs_published"},
}
CHANGEABLE = {
    "administrateur": EVERYTHING,
    "editeur": {"ours_draft", "region_draft", "ours_published"},
    "editeur_67": {"ours_draft", "ours_published"},
    "editeur_86": {"theirs_draft", "theirs_published"},
    "relecteur": {"ours_draft", "region_draft", "ours_published"},
    "lecteur": set(),
}
USERS = list(VISIBLE)
# Live records (published, archived): editors' changes to them and their parts are proposed
# for review (core.admin.revisions); reviewers and administrators change them directly.
LIVE = {"ours_published", "theirs_published"}
PROPOSERS = {"editeur", "editeur_67", "editeur_86"}


def proposes(username, key) -> bool:
    return username in PROPOSERS and key in LIVE


@pytest.fixture
def staff(make_staff):
    """One account per role: Grand Est's editor, reviewer and reader, the editors of Bas-Rhin
    (inside Grand Est) and of Vienne (elsewhere), a national administrator."""
    return {
        "administrateur": make_staff("administrateur", "administrateur"),
        "editeur": make_staff("editeur", "editeur", "region:44"),
        "editeur_67": make_staff("editeur_67", "editeur", "67"),
        "editeur_86": make_staff("editeur_86", "editeur", "86"),
        "relecteur": make_staff("relecteur", "relecteur", "region:44"),
        "lecteur": make_staff("lecteur", "lecteur", "region:44"),
    }


@pytest.fixture
def places(france, grand_est, bas_rhin, strasbourg, vienne, poitiers):
    return {
        "grand_est": grand_est,
        "bas_rhin": bas_rhin,
        "strasbourg": strasbourg,
        "vienne": vienne,
        "poitiers": poitiers,
        None: None,
    }


@pytest.fixture
def world(places, france):
    """Programmes, organisations and events at each of PLACES, by kind then key."""
    records = {"programme": {}, "organisation": {}, "event": {}}
    for key, (place, state) in PLACES.items():
        territory = places[place]
        commune = territory if territory is not None and territory.level == "commune" else None
        records["programme"][key] = ProgrammeFactory(
            title=f"Programme {key}", territory=territory or france, publication_state=state
        )
        records["organisation"][key] = OrganisationFactory(
            name=f"Structure {key}",
            commune=commune,
            territory=None if commune else territory,
            publication_state=state,
        )
        records["event"][key] = EventFactory(
            title=f"Événement {key}",
            commune=commune,
            territory=None if commune else territory,
            publication_state=state,
        )
    return records
