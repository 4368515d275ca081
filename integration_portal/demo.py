"""The demo data: the programmes, organisations and events of the five source documents.

Spelling, dates and figures are the documents'. People are named only as staff-only contacts,
never in public fields. Loading is idempotent: every record is looked up by a natural key
(name, title) and updated in place, so a second run changes nothing.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from events.models import AgendaItem, Event, EventSeries, Resource
from partners.models import ContactPerson, Membership, Organisation
from programmes.models import Figure, Funding, Programme, ProgrammePartner, Scheme
from reference.enums import PublicationState
from reference.models import Audience, Territory, Theme

PARIS = ZoneInfo("Europe/Paris")
PUBLISHED = PublicationState.PUBLISHED

SOURCE_PTFTM = (
    "« Plan de traitement des foyers de travailleurs migrants : retour sur les rencontres "
    "interrégionales Grand-Est et Hauts-de-France à Strasbourg », 14 juin 2019"
)
SOURCE_POITIERS = (
    "Entretien avec la maire de Poitiers sur les engagements de la ville (ANVITA), vers 2022"
)
SOURCE_QUINZAINE = (
    '« Rencontre en Préfecture pour la "Quinzaine de l\'intégration" », Préfecture du '
    "Puy-de-Dôme, mis à jour le 11/10/2017"
)
SOURCE_DIHAL = (
    "« La mobilité au service de la cohésion des territoires et de l'insertion sociale », "
    "Dihal, publié le 24/05/2018"
)
SOURCE_ORIV = (
    "« Appui de l'ORIV dans le cadre de la politique régionale d'intégration des "
    "primo-arrivants », ORIV, juillet 2020"
)

# name: (acronym, kind, territory, themes, description)
ORGANISATIONS = {
    "Commission interministérielle pour le logement des populations immigrées": (
        "Cilpi",
        "etat",
        ("pays", "FR"),
        ["logement-hebergement", "vieillissement-migrants"],
        "Pilote de la transformation des foyers de travailleurs migrants en résidences "
        "sociales (plan de traitement des foyers de travailleurs migrants, PTFTM).",
    ),
    "Délégation interministérielle à l'hébergement et à l'accès au logement": (
        "Dihal",
        "etat",
        ("pays", "FR"),
        ["logement-hebergement", "mobilite-geographique"],
        "Pilote de la plateforme nationale de logement des réfugiés ; organise des ateliers "
        "thématiques.",
    ),
    "Délégation interministérielle à l'accueil et à l'intégration des réfugiés": (
        "DIAIR",
        "etat",
        ("pays", "FR"),
        [],
        "",
    ),
    "Direction de l'accueil, de l'accompagnement des étrangers et de la nationalité": (
        "DAAEN",
        "etat",
        ("pays", "FR"),
        [],
        "",
    ),
    "Adoma": (
        "",
        "bailleur_social",
        ("pays", "FR"),
        ["logement-hebergement"],
        "Gestionnaire de la résidence sociale « Koenigshoffen » à Strasbourg.",
    ),
    "Observatoire régional de l'intégration et de la ville": (
        "ORIV",
        "association",
        ("region", "44"),
        [],
        "Centre de ressources du Grand Est ; anime des rencontres inter-acteurs sur "
        "l'intégration des primo-arrivants.",
    ),
    "Réseau Ressources pour l’Égalité des Chances et l’Intégration": (
        "RECI",
        "reseau",
        ("pays", "FR"),
        [],
        "",
    ),
    "Secrétariat Général aux Affaires régionales et Européennes": (
        "SGARE",
        "service_deconcentre",
        ("region", "44"),
        [],
        "Anime la politique nationale d'intégration en Grand Est avec la DRDJSCS.",
    ),
    "Direction Régionale et Départementale de la Jeunesse, des Sports et de la Cohésion "
    "Sociale du Grand Est": (
        "DRDJSCS",
        "service_deconcentre",
        ("region", "44"),
        [],
        "",
    ),
    "Association nationale des villes et territoires accueillants": (
        "ANVITA",
        "reseau",
        ("pays", "FR"),
        [],
        "Réunit des collectivités territoriales et des élus qui réfléchissent et agissent pour "
        "une politique d'accueil inconditionnelle, inclusive et solidaire.",
    ),
    "Ville de Poitiers": (
        "",
        "collectivite",
        ("commune", "86194"),
        [
            "logement-hebergement",
            "apprentissage-francais",
            "acces-droits-aide-juridique",
            "emploi-formation",
            "sante-soutien-psychologique",
            "culture-sport",
        ],
        "Membre de l'ANVITA depuis 2020 ; charte d'engagements avec les trente-deux "
        "associations d'aide aux migrants de la ville (décembre 2020) ; CTAIR signé avec "
        "l'État en octobre 2021.",
    ),
    "Coallia": (
        "",
        "association",
        None,
        ["sante-soutien-psychologique", "emploi-formation"],
        "Prend en charge à Poitiers des personnes souffrant de troubles psycho-traumatiques : "
        "accompagnement psychologique puis retour progressif à l'emploi et à la formation.",
    ),
    "Audacia": (
        "",
        "association",
        ("commune", "86194"),
        ["logement-hebergement"],
        "Favorise l'accès au logement par la colocation via des baux individuels.",
    ),
    "100 pour 1": (
        "",
        "association",
        None,
        ["logement-hebergement"],
        "Œuvre pour l'aide à l'hébergement à Poitiers et en France.",
    ),
    "L’Astre en Moi": (
        "",
        "association",
        ("commune", "86194"),
        ["culture-sport"],
        "Compagnie proposant des ateliers d'initiation au slam et à la poésie.",
    ),
    "UFOLEP": (
        "",
        "association",
        None,
        ["culture-sport"],
        "Organise des pratiques sportives couplées à différentes thématiques (découverte "
        "patrimoniale, santé…).",
    ),
    "Indigo Formation": (
        "",
        "autre",
        ("commune", "86194"),
        ["apprentissage-francais"],
        "Ateliers pour découvrir et renforcer les compétences langagières orales et écrites.",
    ),
    "Centre socio-culturel la Maison des trois quartiers": (
        "M3Q",
        "association",
        ("commune", "86194"),
        ["mineurs-non-accompagnes"],
        "Porte le projet « Ressources pour les mineurs isolés en Vienne » (REMIV).",
    ),
    "Fondation de France": ("", "fondation", ("pays", "FR"), [], ""),
    "Région Nouvelle-Aquitaine": ("", "collectivite", ("region", "75"), [], ""),
    "Direction départementale de l'emploi, du travail et des solidarités de la Vienne": (
        "DDETS",
        "service_deconcentre",
        ("departement", "86"),
        [],
        "",
    ),
    "Fédération des centres sociaux": ("", "reseau", None, [], ""),
    "Préfecture du Puy-de-Dôme": (
        "",
        "service_deconcentre",
        ("departement", "63"),
        [],
        "",
    ),
    "Services de l'État en Auvergne-Rhône-Alpes": (
        "",
        "service_deconcentre",
        ("region", "84"),
        [],
        "Organisateurs de la « Quinzaine régionale de l'intégration » des populations étrangères.",
    ),
    "Association pour l'aide au relogement temporaire": (
        "APART",
        "association",
        ("departement", "63"),
        ["logement-hebergement"],
        "Porte un programme d'intermédiation locative qui accompagne les réfugiés dans "
        "l'ensemble des démarches administratives inhérentes au logement.",
    ),
    "Forum réfugiés – Cosi": (
        "",
        "association",
        ("region", "84"),
        ["logement-hebergement", "emploi-formation", "apprentissage-francais"],
        "Porte le projet régional pour l'intégration des réfugiés (PRIR) en Auvergne-Rhône-Alpes.",
    ),
    "Polygone": (
        "",
        "bailleur_social",
        None,
        ["logement-hebergement", "mobilite-geographique"],
        "Bailleur social, a mené l'expérimentation « Un toit, un emploi » avec l'association "
        "Aurore.",
    ),
    "Aurore": ("", "association", None, ["logement-hebergement", "mobilite-geographique"], ""),
    "France Terre d’Asile": (
        "",
        "association",
        ("pays", "FR"),
        ["mobilite-geographique"],
        "Porte le programme « Clefs de France ».",
    ),
    "Pôle Emploi": ("", "etat", ("pays", "FR"), ["emploi-formation"], ""),
    "Union sociale pour l'habitat": ("USH", "reseau", ("pays", "FR"), ["logement-hebergement"], ""),
    "Commissariat général à l'égalité des territoires": ("CGET", "etat", ("pays", "FR"), [], ""),
    "Action logement": ("", "autre", ("pays", "FR"), ["logement-hebergement"], ""),
}

# member name: (network name, since year)
MEMBERSHIPS = [
    ("Ville de Poitiers", "Association nationale des villes et territoires accueillants", 2020),
]

# Staff-only contact people (personal data: never on public pages nor in public exports).
CONTACTS = [
    (
        "Délégation interministérielle à l'hébergement et à l'accès au logement",
        "Sandra Daunis",
        "Contact presse (PTFTM)",
        "sandra.daunis@dihal.gouv.fr",
    ),
    (
        "Délégation interministérielle à l'hébergement et à l'accès au logement",
        "Alexandre Viscontini",
        "Contact (mobilité géographique)",
        "alexandre.viscontini@developpement-durable.gouv.fr",
    ),
]

# name: (acronym, pilot, summary)
SCHEMES = {
    "Plan de traitement des foyers de travailleurs migrants": (
        "PTFTM",
        "Commission interministérielle pour le logement des populations immigrées",
        "La transformation des foyers de travailleurs migrants en résidences sociales.",
    ),
    "Projet régional pour l'intégration des réfugiés": (
        "PRIR",
        None,
        "Accompagner les personnes qui viennent d'obtenir le statut de réfugié vers le "
        "logement direct et vers l'emploi.",
    ),
    "Contrat territorial d'accueil et d'intégration des réfugiés": (
        "CTAIR",
        "Délégation interministérielle à l'accueil et à l'intégration des réfugiés",
        "Contrat signé par une collectivité avec l'État pour l'accueil et l'intégration des "
        "réfugiés.",
    ),
    "Appel à projets régional « intégration des personnes étrangères primo-arrivantes en "
    "situation régulière »": (
        "",
        None,
        "Appel à projets de la politique régionale d'intégration des primo-arrivants "
        "(signataires du contrat d'intégration républicaine).",
    ),
    "Plateforme nationale de logement des réfugiés": (
        "",
        "Délégation interministérielle à l'hébergement et à l'accès au logement",
        "Relogement des réfugiés dans les territoires qui disposent de logements.",
    ),
    "Intermédiation locative": (
        "",
        None,
        "Logement temporaire et bail glissant : le réfugié prend progressivement la "
        "responsabilité du bail de son logement.",
    ),
    "Un toit, un emploi": (
        "",
        None,
        "Expérimentation de mobilité géographique associant logement et emploi.",
    ),
    "Clefs de France": (
        "",
        "France Terre d’Asile",
        "Programme de mobilité géographique des personnes réfugiées.",
    ),
    "Action cœur de ville": (
        "",
        "Commissariat général à l'égalité des territoires",
        "Programme du CGET pour les villes moyennes.",
    ),
    "Initiatives locales": (
        "",
        None,
        "Projets portés localement, en dehors d'un dispositif national.",
    ),
}

PROGRAMMES = [
    {
        "title": "Résidence sociale « Koenigshoffen »",
        "scheme": "Plan de traitement des foyers de travailleurs migrants",
        "territory": ("commune", "67482"),
        "lead": "Adoma",
        "partners": [
            (
                "Commission interministérielle pour le logement des populations immigrées",
                "partenaire",
            ),
        ],
        "themes": ["logement-hebergement", "vieillissement-migrants"],
        "audiences": ["travailleurs-migrants-ages"],
        "status": "termine",
        "summary": "Foyer de travailleurs migrants d'Adoma à Strasbourg transformé en "
        "résidence sociale.",
        "description": "La visite de la résidence, lors des 2es rencontres interrégionales du "
        "PTFTM, a permis d'illustrer l'avant et après traitement.",
        "source": SOURCE_PTFTM,
    },
    {
        "title": "Projet régional pour l'intégration des réfugiés en Auvergne-Rhône-Alpes",
        "scheme": "Projet régional pour l'intégration des réfugiés",
        "territory": ("region", "84"),
        "lead": "Forum réfugiés – Cosi",
        "partners": [],
        "themes": [
            "emploi-formation",
            "logement-hebergement",
            "apprentissage-francais",
            "acces-droits-aide-juridique",
        ],
        "audiences": ["refugies"],
        "status": "en_cours",
        "summary": "Accompagner les personnes qui viennent d'obtenir le statut de réfugié "
        "tant vers le logement direct que vers l'emploi.",
        "description": "Trois volets :\n"
        "– le volet insertion professionnelle (apprentissage du français, formation "
        "d'adaptation et qualifiante ; accompagnement à l'ouverture et au maintien des "
        "droits ; suivis et bilans avec les employeurs et les organismes de formation) ;\n"
        "– le volet accès / maintien dans le logement (analyse du besoin de logement avec "
        "composition familiale, emploi, contraintes sanitaires ; interface avec les bailleurs "
        "sociaux ; préparation à l'emménagement : ouverture de compteurs, achat de mobilier ; "
        "médiation) ;\n"
        "– un volet intermédiation locative, qui a permis la sortie très rapide de CAO de "
        "36 réfugiés, afin de permettre la fermeture du CAO de Pessat-Villeneuve le "
        "31 mars 2017.",
        "figures": [
            (
                "réfugiés sortis du CAO de Pessat-Villeneuve avant sa fermeture",
                36,
                "",
                None,
                dt.date(2017, 3, 31),
                SOURCE_QUINZAINE,
            ),
        ],
        "source": SOURCE_QUINZAINE,
    },
    {
        "title": "Intermédiation locative de l'APART",
        "scheme": "Intermédiation locative",
        "territory": ("departement", "63"),
        "lead": "Association pour l'aide au relogement temporaire",
        "partners": [],
        "themes": ["logement-hebergement"],
        "audiences": ["refugies", "familles"],
        "status": "en_cours",
        "summary": "Accompagner les réfugiés en leur permettant d'appréhender l'ensemble des "
        "démarches administratives inhérentes au logement.",
        "description": "Des dispositifs de logement temporaire ou de bail glissant, qui "
        "permet à des réfugiés de prendre progressivement la responsabilité du bail de leur "
        "logement, ont permis de fluidifier le dispositif d'hébergement des demandeurs "
        "d'asile.",
        "figures": [
            ("familles en logement temporaire", 23, "", 2016, None, SOURCE_QUINZAINE),
            ("personnes en bail glissant", 116, "", None, dt.date(2017, 10, 11), SOURCE_QUINZAINE),
        ],
        "source": SOURCE_QUINZAINE,
    },
    {
        "title": "Contrat territorial d'accueil et d'intégration des réfugiés de Poitiers",
        "scheme": "Contrat territorial d'accueil et d'intégration des réfugiés",
        "territory": ("commune", "86194"),
        "lead": "Ville de Poitiers",
        "partners": [
            ("Coallia", "partenaire"),
            ("Audacia", "partenaire"),
            ("100 pour 1", "partenaire"),
            ("L’Astre en Moi", "partenaire"),
            ("UFOLEP", "partenaire"),
            ("Indigo Formation", "partenaire"),
        ],
        "themes": [
            "logement-hebergement",
            "apprentissage-francais",
            "acces-droits-aide-juridique",
            "emploi-formation",
            "sante-soutien-psychologique",
            "culture-sport",
        ],
        "audiences": ["refugies", "demandeurs-asile"],
        "status": "en_cours",
        "summary": "Signé avec l'État en octobre 2021, en collaboration avec les associations "
        "d'aide aux migrants : 200 000 euros par an d'appels à projet.",
        "description": "Cinq axes de travail : le logement, l'apprentissage de la langue, "
        "l'accès à une aide juridique, la formation, la santé et la culture. Grâce au CTAIR, "
        "200 000 euros par an d'appels à projet sont alloués à des initiatives d'aide et de "
        "solidarité.",
        "figures": [
            (
                "associations d'aide aux migrants dont le dialogue avec la ville a abouti à la "
                "charte d'engagements",
                32,
                "",
                2020,
                None,
                SOURCE_POITIERS,
            ),
        ],
        # (funder, amount, yearly, year, kind, status, label)
        "fundings": [
            (
                "Ville de Poitiers",
                Decimal("200000"),
                False,
                2021,
                "subvention",
                "engage",
                "Plus de 200 000 euros de subventions dégagés par Poitiers pour soutenir les "
                "associations engagées dans des politiques d'hospitalité et d'accueil des "
                "migrants",
            ),
            (
                "Ville de Poitiers",
                Decimal("200000"),
                True,
                2022,
                "appel_a_projets",
                "prevu",
                "Grâce au CTAIR, 200 000 euros par an d'appels à projet alloués à des "
                "initiatives d'aide et de solidarité ; budget de 200 000 euros pour 2022",
            ),
        ],
        "source": SOURCE_POITIERS,
    },
    {
        "title": "Ressources pour les mineurs isolés en Vienne (REMIV)",
        "scheme": "Initiatives locales",
        "territory": ("departement", "86"),
        "lead": "Centre socio-culturel la Maison des trois quartiers",
        "partners": [
            ("Fondation de France", "financeur"),
            ("Région Nouvelle-Aquitaine", "financeur"),
            (
                "Direction départementale de l'emploi, du travail et des solidarités de la Vienne",
                "financeur",
            ),
            ("Ville de Poitiers", "financeur"),
            ("Fédération des centres sociaux", "financeur"),
        ],
        "themes": [
            "mineurs-non-accompagnes",
            "sante-soutien-psychologique",
            "acces-droits-aide-juridique",
        ],
        "audiences": ["mineurs-non-accompagnes"],
        "status": "en_cours",
        "summary": "Un pôle d'accueil à destination des jeunes exilés, né en 2015.",
        "description": "Né en 2015 après que de jeunes mineurs isolés étrangers ont été "
        "identifiés dans le quartier de la gare. Le pôle organise au quotidien des temps "
        "d'ateliers, d'activités et de suivi des parcours administratifs, juridiques et "
        "sociaux, et propose un accompagnement psychologique par une équipe de psychologues "
        "bénévoles. Le REMIV a fédéré autour de lui un réseau d'acteurs associatifs, "
        "institutionnels et privés engagés localement pour et avec les mineurs isolés "
        "étrangers.",
        "figures": [("jeunes accueillis", 102, "", 2022, None, SOURCE_POITIERS)],
        "source": SOURCE_POITIERS,
    },
    {
        "title": "Plateforme nationale de logement des réfugiés",
        "scheme": "Plateforme nationale de logement des réfugiés",
        "territory": ("pays", "FR"),
        "lead": "Délégation interministérielle à l'hébergement et à l'accès au logement",
        "partners": [],
        "themes": ["logement-hebergement", "mobilite-geographique"],
        "audiences": ["refugies"],
        "status": "en_cours",
        "summary": "Pilotée par la Dihal, elle a relogé près de 6 000 personnes depuis sa "
        "création en 2015.",
        "figures": [
            (
                "personnes relogées depuis 2015",
                6000,
                "pres_de",
                None,
                dt.date(2018, 5, 24),
                SOURCE_DIHAL,
            ),
        ],
        "source": SOURCE_DIHAL,
    },
    {
        "title": "Expérimentation « Un toit, un emploi »",
        "scheme": "Un toit, un emploi",
        "territory": ("pays", "FR"),
        "lead": "Polygone",
        "partners": [("Aurore", "partenaire")],
        "themes": ["mobilite-geographique", "logement-hebergement", "emploi-formation"],
        "audiences": ["refugies"],
        "status": "termine",
        "summary": "Expérimentation de mobilité géographique menée par le bailleur social "
        "Polygone et l'association Aurore.",
        "source": SOURCE_DIHAL,
    },
    {
        "title": "Programme « Clefs de France »",
        "scheme": "Clefs de France",
        "territory": ("pays", "FR"),
        "lead": "France Terre d’Asile",
        "partners": [],
        "themes": ["mobilite-geographique", "logement-hebergement"],
        "audiences": ["refugies"],
        "status": "en_cours",
        "summary": "Accompagner les personnes volontaires à la mobilité dans la définition de "
        "leur projet de vie, puis dans leur installation.",
        "source": SOURCE_DIHAL,
    },
    {
        "title": "Module d'échanges de pratiques inter-acteurs sur l'intégration des "
        "primo-arrivants en Grand Est",
        "scheme": "Appel à projets régional « intégration des personnes étrangères "
        "primo-arrivantes en situation régulière »",
        "territory": ("region", "44"),
        "lead": "Observatoire régional de l'intégration et de la ville",
        "partners": [
            ("Secrétariat Général aux Affaires régionales et Européennes", "partenaire"),
            (
                "Direction Régionale et Départementale de la Jeunesse, des Sports et de la "
                "Cohésion Sociale du Grand Est",
                "partenaire",
            ),
            ("Réseau Ressources pour l’Égalité des Chances et l’Intégration", "partenaire"),
        ],
        "themes": ["acces-droits-aide-juridique"],
        "audiences": ["primo-arrivants"],
        "status": "en_cours",
        "summary": "Réponse de l'ORIV à l'appel à projets régional de 2019 : des ressources "
        "(informations, outils supports) pour concevoir le travail en inter-acteurs en tenant "
        "compte de la réalité territoriale.",
        "source": SOURCE_ORIV,
    },
]


def _local(year, month, day, hour=0, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def _days(first: dt.date, last: dt.date):
    """Start and end of whole days (hours unknown), Paris time."""
    return (
        _local(first.year, first.month, first.day),
        _local(last.year, last.month, last.day, 23, 59),
    )


SERIES = {
    "ptftm": "Rencontres interrégionales du plan de traitement des foyers de travailleurs migrants",
    "dihal": "Ateliers thématiques de la Dihal",
    "quinzaine": "Quinzaine régionale de l'intégration",
    "oriv": "Rencontres inter-acteurs de l'intégration des primo-arrivants en Grand Est",
}

EVENTS = [
    {
        "title": "Deuxièmes rencontres interrégionales du plan de traitement des foyers de "
        "travailleurs migrants (PTFTM), Grand-Est et Hauts-de-France",
        "series": "ptftm",
        "edition": 2,
        "kind": "rencontre",
        "dates": _days(dt.date(2019, 6, 7), dt.date(2019, 6, 8)),
        "precision": "jour",
        "venue": "",
        "commune": "67482",
        "territory": ("region", "44"),
        "organisers": ["Commission interministérielle pour le logement des populations immigrées"],
        "programmes": ["Résidence sociale « Koenigshoffen »"],
        "themes": ["logement-hebergement", "vieillissement-migrants"],
        "summary": "Les deuxièmes rencontres interrégionales du plan de traitement des foyers "
        "de travailleurs migrants ont rassemblé les acteurs des régions Grand-Est et "
        "Hauts-de-France.",
        "description": "L'objectif est double : rencontrer les acteurs locaux afin que "
        "ceux-ci partagent leurs expériences et leurs attentes tout en permettant le "
        "rapprochement entre l'administration centrale et les acteurs de terrain. Les "
        "secrétaires généraux aux affaires régionales des deux régions et la directrice de "
        "l'accueil, de l'accompagnement des étrangers et de la nationalité ont introduit ces "
        "rencontres.",
        "agenda": [
            (
                "intervention",
                "Ouverture des rencontres",
                None,
                "",
                "Les secrétaires généraux aux affaires régionales des deux régions et la "
                "directrice de l'accueil, de l'accompagnement des étrangers et de la nationalité "
                "ont introduit ces rencontres.",
            ),
            (
                "reunion",
                "Réunion technique entre les acteurs du PTFTM",
                dt.date(2019, 6, 7),
                "Résidence sociale « Koenigshoffen » d'Adoma, Strasbourg",
                "Les conclusions des échanges ont été communiquées au délégué interministériel "
                "pour l'hébergement et l'accès au logement.",
            ),
            (
                "visite",
                "Visite de la résidence sociale « Koenigshoffen »",
                dt.date(2019, 6, 7),
                "Résidence sociale « Koenigshoffen » d'Adoma, Strasbourg",
                "Illustrer l'avant et après traitement.",
            ),
            (
                "intervention",
                "Interventions des partenaires locaux",
                dt.date(2019, 6, 8),
                "",
                "Préfectures, DREAL(s), les métropoles, gestionnaires et associations.",
            ),
            (
                "intervention",
                "Présentation générale du PTFTM en région",
                dt.date(2019, 6, 8),
                "",
                "",
            ),
            (
                "table_ronde",
                "La résidences sociale de demain : quel projet pour quel budget ?",
                dt.date(2019, 6, 8),
                "",
                "",
            ),
            ("table_ronde", "Nouveaux publics, nouvelles solidarités", dt.date(2019, 6, 8), "", ""),
            (
                "intervention",
                "Les innovations des associations",
                dt.date(2019, 6, 8),
                "",
                "Plateforme santé inter-associative, autopartage et appartement pédagogique ou "
                "encore le projet vieillesses plurielles.",
            ),
            (
                "exposition",
                "Exposition de l'observatoire régional de l'intégration et de la ville",
                dt.date(2019, 6, 8),
                "",
                "Présentation de l'exposition et analyse des thématiques de la journée.",
            ),
        ],
        "source": SOURCE_PTFTM,
    },
    {
        "title": "62ème atelier thématique de la Dihal : la mobilité au service de la cohésion "
        "des territoires et de l'insertion sociale",
        "series": "dihal",
        "edition": 62,
        "kind": "atelier",
        "dates": _days(dt.date(2018, 5, 16), dt.date(2018, 5, 16)),
        "precision": "jour",
        "venue": "Station F",
        "commune": "75056",
        "territory": ("pays", "FR"),
        "organisers": ["Délégation interministérielle à l'hébergement et à l'accès au logement"],
        "programmes": [
            "Expérimentation « Un toit, un emploi »",
            "Programme « Clefs de France »",
            "Plateforme nationale de logement des réfugiés",
        ],
        "themes": ["mobilite-geographique", "logement-hebergement", "emploi-formation"],
        "summary": "La mobilité géographique comme vecteur d'insertion des personnes mal "
        "logées en France.",
        "description": "Le délégué interministériel à l'hébergement et à l'accès au logement a "
        "annoncé l'établissement d'une feuille de route pour mettre en place les conditions "
        "d'une mobilité efficiente en partenariat avec des acteurs institutionnels (Pôle "
        "Emploi, USH…), soutenue par le délégué interministériel à l'accueil et l'intégration "
        "des réfugiés (DIAIR).",
        "agenda": [
            (
                "intervention",
                "Annonce d'une feuille de route pour la mobilité",
                None,
                "",
                "Répertorier les territoires d'opportunité combinant vacance de logements et "
                "opportunités d'emploi, puis mettre en place des programmes d'accompagnement à "
                "la mobilité.",
            ),
            (
                "intervention",
                "Retours d'expérience : « Un toit, un emploi » et « Clefs de France »",
                None,
                "",
                "",
            ),
            (
                "intervention",
                "Données sur l'emploi de Pôle Emploi : une cartographie "
                "d'appariement emploi-logement",
                None,
                "",
                "",
            ),
            (
                "intervention",
                "Soutien de l'USH et du CGET (« Action cœur de ville »)",
                None,
                "",
                "",
            ),
            ("intervention", "Les programmes de mobilité d'Action logement", None, "", ""),
            (
                "table_ronde",
                "Des outils numériques innovants qui facilitent la mobilité et "
                "l'insertion sociale des personnes, notamment réfugiées",
                None,
                "",
                "",
            ),
        ],
        "resources": [("presentation", "Présentations diffusées lors de l'atelier")],
        "source": SOURCE_DIHAL,
    },
    {
        "title": "Quinzaine régionale de l'intégration 2017",
        "series": "quinzaine",
        "edition": None,
        "kind": "temps_fort",
        "dates": _days(dt.date(2017, 10, 9), dt.date(2017, 10, 20)),
        "precision": "jour",
        "venue": "",
        "commune": None,
        "territory": ("region", "84"),
        "organisers": ["Services de l'État en Auvergne-Rhône-Alpes"],
        "programmes": [],
        "themes": [],
        "summary": "Valoriser les actions et les expérimentations originales et innovantes en "
        "matière d'intégration des personnes étrangères, et mettre en lumière des parcours "
        "individuels d'intégration réussis.",
        "description": "Une série d'événements organisés par les Services de l'État dans "
        "plusieurs départements de la région Auvergne-Rhône-Alpes.",
        "source": SOURCE_QUINZAINE,
    },
    {
        "title": "Rencontre en Préfecture pour la « Quinzaine de l'intégration »",
        "series": "quinzaine",
        "edition": None,
        "kind": "rencontre",
        "dates": _days(dt.date(2017, 10, 10), dt.date(2017, 10, 10)),
        "precision": "jour",
        "venue": "Préfecture du Puy-de-Dôme",
        "commune": "63113",
        "territory": ("departement", "63"),
        "organisers": ["Préfecture du Puy-de-Dôme"],
        "programmes": [
            "Intermédiation locative de l'APART",
            "Projet régional pour l'intégration des réfugiés en Auvergne-Rhône-Alpes",
        ],
        "themes": ["logement-hebergement", "emploi-formation"],
        "summary": "Le préfet du Puy-de-Dôme a accueilli en préfecture des familles de "
        "réfugiés et des associations partenaires afin de présenter et valoriser la politique "
        "d'intégration mise en place dans le département.",
        "description": "La première d'une série d'événements organisés du 9 au 20 octobre 2017 "
        "dans le cadre de la « Quinzaine régionale de l'intégration ».",
        "agenda": [
            (
                "temoignages",
                "La parole aux réfugiés",
                None,
                "",
                "Des réfugiés afghans, irakiens et arméniens témoignent de leur parcours, de leur "
                "arrivée en France jusqu'à leur situation actuelle.",
            ),
            ("intervention", "Le programme d'intermédiation locative de l'APART", None, "", ""),
            (
                "intervention",
                "Le Projet Régional pour l'intégration des réfugiés (PRIR), par "
                "Forum réfugiés – Cosi",
                None,
                "",
                "",
            ),
        ],
        "resources": [("photos", "Photos sur la page Facebook de la Préfecture")],
        "source": SOURCE_QUINZAINE,
    },
    {
        "title": "Première journée d'échanges inter-acteurs sur l'intégration des primo-arrivants",
        "series": "oriv",
        "edition": 1,
        "kind": "journee",
        "dates": _days(dt.date(2019, 1, 1), dt.date(2019, 1, 31)),
        "precision": "mois",
        "venue": "",
        "commune": None,
        "territory": ("region", "44"),
        "organisers": [
            "Observatoire régional de l'intégration et de la ville",
            "Réseau Ressources pour l’Égalité des Chances et l’Intégration",
        ],
        "programmes": [
            "Module d'échanges de pratiques inter-acteurs sur l'intégration des "
            "primo-arrivants en Grand Est"
        ],
        "themes": [],
        "summary": "Une première journée d'échanges, s'adressant aux professionnels, par le "
        "biais du réseau RECI.",
        "source": SOURCE_ORIV,
    },
    {
        "title": "Deuxième rencontre inter-acteurs à l'échelle du Grand Est",
        "series": "oriv",
        "edition": 2,
        "kind": "rencontre",
        "dates": _days(dt.date(2019, 10, 14), dt.date(2019, 10, 14)),
        "precision": "jour",
        "venue": "",
        "commune": "54526",
        "territory": ("region", "44"),
        "organisers": ["Observatoire régional de l'intégration et de la ville"],
        "programmes": [
            "Module d'échanges de pratiques inter-acteurs sur l'intégration des "
            "primo-arrivants en Grand Est"
        ],
        "themes": [],
        "summary": "Les acteurs institutionnels et associatifs du Grand Est, mobilisés dans la "
        "mise en œuvre de la politique d'accueil et d'intégration des étrangers "
        "primo-arrivants (personnes signataires du contrat d'intégration républicaine).",
        "agenda": [
            (
                "intervention",
                "Présentation d'actions menées à l'échelle régionale",
                None,
                "",
                "Matinée.",
            ),
            (
                "atelier",
                "Ateliers territorialisés",
                None,
                "",
                "Après-midi : sur la base de données départementales, échanger sur les actions "
                "menées et les « besoins » des publics arrivant sur les territoires.",
            ),
        ],
        "resources": [("compte_rendu", "Documents de la rencontre")],
        "source": SOURCE_ORIV,
    },
    {
        "title": "Troisième journée inter-acteurs : les impacts de la crise sanitaire",
        "series": "oriv",
        "edition": 3,
        "kind": "visioconference",
        "dates": _days(dt.date(2020, 7, 3), dt.date(2020, 7, 3)),
        "precision": "jour",
        "venue": "",
        "commune": None,
        "territory": ("region", "44"),
        "organisers": ["Observatoire régional de l'intégration et de la ville"],
        "programmes": [
            "Module d'échanges de pratiques inter-acteurs sur l'intégration des "
            "primo-arrivants en Grand Est"
        ],
        "themes": [],
        "participants": (50, True),
        "summary": "En visio-conférence, compte tenu de la crise sanitaire : échanger autour "
        "des impacts de la crise sanitaire sur les associations œuvrant dans le domaine de "
        "l'intégration et sur les primo-arrivants-es eux-mêmes.",
        "resources": [("enregistrement", "Enregistrement de la visioconférence")],
        "source": SOURCE_ORIV,
    },
    {
        "title": "États généraux des migrations du département 86",
        "series": None,
        "edition": None,
        "kind": "rencontre",
        "dates": _days(dt.date(2020, 12, 1), dt.date(2020, 12, 31)),
        "precision": "mois",
        "venue": "",
        "commune": None,
        "territory": ("departement", "86"),
        "organisers": [],
        "programmes": [],
        "themes": [],
        "summary": "La ville de Poitiers y présente ses engagements : une charte "
        "d'engagements rédigée avec les trente-deux associations d'aide aux migrants de la "
        "ville.",
        "source": SOURCE_POITIERS,
    },
]


def _territory(key):
    if key is None:
        return None
    level, code = key
    return Territory.objects.get(level=level, code=code)


@transaction.atomic
def load() -> dict[str, int]:
    """Create or update every demo record; return the number of records of each kind."""
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    audiences = {audience.slug: audience for audience in Audience.objects.all()}

    organisations = {}
    for name, (acronym, kind, territory, theme_slugs, description) in ORGANISATIONS.items():
        organisation, _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "acronym": acronym,
                "kind": kind,
                "territory": _territory(territory),
                "description": description,
                "publication_state": PUBLISHED,
            },
        )
        organisation.themes.set([themes[slug] for slug in theme_slugs])
        organisations[name] = organisation
    poitiers = Territory.objects.get(level="commune", code="86194")
    Organisation.objects.filter(name="Ville de Poitiers").update(commune=poitiers)

    for member, network, since in MEMBERSHIPS:
        Membership.objects.update_or_create(
            member=organisations[member],
            network=organisations[network],
            defaults={"since": since},
        )
    for organisation, full_name, role, email in CONTACTS:
        ContactPerson.objects.update_or_create(
            organisation=organisations[organisation],
            full_name=full_name,
            defaults={"role": role, "email": email},
        )

    schemes = {}
    for name, (acronym, pilot, summary) in SCHEMES.items():
        schemes[name], _ = Scheme.objects.update_or_create(
            name=name,
            defaults={
                "acronym": acronym,
                "pilot": organisations[pilot] if pilot else None,
                "summary": summary,
                "publication_state": PUBLISHED,
            },
        )

    programmes = {}
    for data in PROGRAMMES:
        programme, _ = Programme.objects.update_or_create(
            title=data["title"],
            defaults={
                "scheme": schemes[data["scheme"]],
                "territory": _territory(data["territory"]),
                "lead_organisation": organisations[data["lead"]],
                "status": data["status"],
                "start_date": data.get("start_date"),
                "summary": data["summary"],
                "description": data.get("description", ""),
                "source": data["source"],
                "publication_state": PUBLISHED,
            },
        )
        programme.themes.set([themes[slug] for slug in data["themes"]])
        programme.audiences.set([audiences[slug] for slug in data["audiences"]])
        for organisation, role in data["partners"]:
            ProgrammePartner.objects.get_or_create(
                programme=programme, organisation=organisations[organisation], role=role
            )
        for position, (label, value, approximation, year, date, source) in enumerate(
            data.get("figures", []), start=1
        ):
            Figure.objects.update_or_create(
                programme=programme,
                label=label,
                defaults={
                    "value": Decimal(value),
                    "approximation": approximation,
                    "year": year,
                    "date": date,
                    "source": source,
                    "position": position,
                },
            )
        for funder, amount, yearly, year, kind, status, label in data.get("fundings", []):
            Funding.objects.update_or_create(
                funder=organisations[funder],
                programme=programme,
                year=year,
                defaults={
                    "amount": amount,
                    "kind": kind,
                    "status": status,
                    "label": label,
                    "is_yearly": yearly,
                },
            )
        programmes[programme.title] = programme

    series = {key: EventSeries.objects.get_or_create(name=name)[0] for key, name in SERIES.items()}
    for data in EVENTS:
        start, end = data["dates"]
        count, approximate = data.get("participants", (None, False))
        event, _ = Event.objects.update_or_create(
            title=data["title"],
            defaults={
                "series": series[data["series"]] if data["series"] else None,
                "edition": data["edition"],
                "kind": data["kind"],
                "start": start,
                "end": end,
                "date_precision": data["precision"],
                "venue": data["venue"],
                "commune": _territory(("commune", data["commune"])) if data["commune"] else None,
                "territory": _territory(data["territory"]),
                "summary": data["summary"],
                "description": data.get("description", ""),
                "participant_count": count,
                "participant_count_is_approximate": approximate,
                "source": data["source"],
                "publication_state": PUBLISHED,
            },
        )
        event.organisers.set([organisations[name] for name in data["organisers"]])
        event.programmes.set([programmes[title] for title in data["programmes"]])
        event.themes.set([themes[slug] for slug in data["themes"]])
        for position, (kind, title, date, location, description) in enumerate(
            data.get("agenda", []), start=1
        ):
            AgendaItem.objects.update_or_create(
                event=event,
                position=position,
                defaults={
                    "kind": kind,
                    "title": title,
                    "date": date,
                    "location": location,
                    "description": description,
                },
            )
        for position, (kind, title) in enumerate(data.get("resources", []), start=1):
            Resource.objects.update_or_create(
                event=event, position=position, defaults={"kind": kind, "title": title}
            )

    return {
        "organisations": Organisation.objects.count(),
        "dispositifs": Scheme.objects.count(),
        "programmes": Programme.objects.count(),
        "financements": Funding.objects.count(),
        "chiffres clés": Figure.objects.count(),
        "événements": Event.objects.count(),
    }
