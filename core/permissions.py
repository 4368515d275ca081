"""What the roles may do with an app's models, declared by each app (its config's ``roles``)
and collected by ``staff.roles``, so that no lower layer names the models of upper ones."""

from dataclasses import dataclass


@dataclass(frozen=True)
class AppRoles:
    """What the roles may do with an app's models (model names)."""

    # Records kept by territorial editors (and their parts): every right, within their scope.
    territorial: tuple[str, ...] = ()
    # National records and reference lists: seen by all staff, changed by administrators.
    national: tuple[str, ...] = ()
    # Records reviewers publish (``publish_<model>``), and whose live changes they review.
    reviewed: tuple[str, ...] = ()
    # Further permissions (codenames) of readers and up, and of editors and up.
    readers: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
