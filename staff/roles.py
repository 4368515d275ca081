"""The roles: one group of permissions each, kept in step with this module by a migration
(``backoffice/migrations``) and after every ``migrate`` (new models, a flushed test database).

What a role may do is its permissions; where, its scope (``core.scoping``): an editor
holds every right on the records below, exercised within their territories only.
"""

from staff.enums import Role

GROUP_NAMES = {
    Role.ADMINISTRATOR: "Administrateur national",
    Role.EDITOR: "Éditeur territorial",
    Role.REVIEWER: "Relecteur",
    Role.READER: "Lecteur",
}
ROLE_OF_GROUP = {name: role for role, name in GROUP_NAMES.items()}

# Records kept by territorial editors (and their parts): every right, within their scope.
RECORDS = {
    "partners": ["organisation", "contactperson", "membership"],
    "programmes": ["programme", "programmepartner", "funding", "figure"],
    "events": ["event", "agendaitem", "resource"],
}
# National records and reference lists: seen by all staff, changed by administrators.
SHARED = {
    "programmes": ["scheme"],
    "events": ["eventseries"],
    "reference": ["territory", "theme", "audience"],
}
ACTIONS = ["view", "add", "change", "delete"]


def _view_all():
    return [
        ("view", app_label, model)
        for groups in (RECORDS, SHARED)
        for app_label, models in groups.items()
        for model in models
    ]


def _codenames(role: Role) -> set[tuple[str, str]]:
    """(app label, codename) of each permission of a role other than administrator."""
    permissions = {(app_label, f"view_{model}") for _, app_label, model in _view_all()}
    permissions |= {
        ("partners", "view_organisationevent"),
        ("backoffice", "view_correctionreport"),
    }
    if role == Role.READER:
        return permissions
    permissions |= {
        (app_label, f"{action}_{model}")
        for app_label, models in RECORDS.items()
        for model in models
        for action in ACTIONS
    }
    permissions |= {
        ("partners", "import_organisation"),
        ("partners", "export_organisation"),
        ("backoffice", "change_correctionreport"),
    }
    if role == Role.REVIEWER:
        permissions |= {
            ("partners", "publish_organisation"),
            ("programmes", "publish_programme"),
            ("events", "publish_event"),
        }
    return permissions


PERMISSIONS = {role: _codenames(role) for role in Role if role != Role.ADMINISTRATOR}


def sync_roles(apps, using="default") -> None:
    """Create the role groups and give each exactly its permissions (administrators: all).
    ``apps`` is a migration's app registry or Django's."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    every = Permission.objects.using(using).all()
    for role, name in GROUP_NAMES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        if role == Role.ADMINISTRATOR:
            permissions = list(every)
        else:
            wanted = PERMISSIONS[role]
            permissions = [
                permission
                for permission in every.select_related("content_type")
                if (permission.content_type.app_label, permission.codename) in wanted
            ]
        group.permissions.set(permissions)


def sync_after_migrate(using="default", **kwargs) -> None:
    from django.apps import apps

    sync_roles(apps, using)
