"""The roles: one group of permissions each, kept in step with this module by a migration
(``backoffice/migrations``) and after every ``migrate`` (``integration_portal.database``).

What a role may do is its permissions, each app declaring its own (its config's ``roles``,
``core.permissions.AppRoles``); where, its scope (``core.scoping``): an editor holds every
right on the territorial records, exercised within their territories only.
"""

from staff.enums import Role

GROUP_NAMES = {
    Role.ADMINISTRATOR: "Administrateur national",
    Role.EDITOR: "Éditeur territorial",
    Role.REVIEWER: "Relecteur",
    Role.READER: "Lecteur",
}
ROLE_OF_GROUP = {name: role for role, name in GROUP_NAMES.items()}

ACTIONS = ["view", "add", "change", "delete"]


def _declared():
    from django.apps import apps

    return [
        (config.label, config.roles)
        for config in apps.get_app_configs()
        if hasattr(config, "roles")
    ]


def permissions_of(role: Role) -> set[tuple[str, str]]:
    """(app label, codename) of each permission of a role other than administrator."""
    permissions = set()
    for app_label, roles in _declared():
        for model in (*roles.territorial, *roles.national):
            permissions.add((app_label, f"view_{model}"))
        permissions |= {(app_label, codename) for codename in roles.readers}
        if role == Role.READER:
            continue
        permissions |= {
            (app_label, f"{action}_{model}") for model in roles.territorial for action in ACTIONS
        }
        permissions |= {(app_label, codename) for codename in roles.editors}
        if role == Role.REVIEWER:
            permissions |= {(app_label, f"publish_{model}") for model in roles.reviewed}
    return permissions


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
            wanted = permissions_of(role)
            permissions = [
                permission
                for permission in every.select_related("content_type")
                if (permission.content_type.app_label, permission.codename) in wanted
            ]
        group.permissions.set(permissions)
