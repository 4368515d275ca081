"""What every history table shares (django-pghistory, database triggers): one event per
insert, update and delete, bulk writes and COPY included, with its context (the user and the
page, the command or the import file: ``pghistory.context``)."""

import pghistory

# Columns computed by the database or by Django on every save: not history.
DERIVED = ["search_document", "region_code", "department_code", "updated_at"]


def history_trackers():
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


def link_trackers():
    """A many-to-many link is added or removed, never changed."""
    return (pghistory.InsertEvent("add"), pghistory.DeleteEvent("remove"))


def history_obj():
    """The link from an event to its record, ``record.history`` (``events`` would clash with
    the records' own ``events``)."""
    return pghistory.ObjForeignKey(related_name="history")


def history_meta(verbose_name_plural):
    return {
        "verbose_name": verbose_name_plural,
        "verbose_name_plural": verbose_name_plural,
        "ordering": ["-pgh_created_at", "-pgh_id"],
    }


def track_links(field, app_label: str, model_name: str, verbose_name_plural):
    """Record the additions to and removals from a many-to-many field (its through table)."""
    pghistory.track(
        *link_trackers(),
        obj_field=history_obj(),
        app_label=app_label,
        model_name=model_name,
        meta=history_meta(verbose_name_plural),
    )(field.through)


def install_link_triggers(using="default", **kwargs):
    """Install the history triggers of many-to-many links after every ``migrate`` (and every
    flush of the tests): django-pgtrigger's migrations cover the models an app declares, not
    the link tables Django creates for many-to-many fields. Runs before
    ``partners.history.install_trigger_functions``, which must have the last word."""
    import pgtrigger

    for model, trigger in pgtrigger.registered():
        if model._meta.auto_created:
            trigger.install(model, database=using)
