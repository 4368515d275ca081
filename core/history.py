"""History by database triggers (django-pghistory): what every record's history shares.

- **Declaring** it: ``@tracked(…)`` on a model records one event per insert, update and
  delete, bulk writes and COPY included, with its context (the user and the page, the
  command or the import file: ``pghistory.context``); ``track_links`` does the same for a
  many-to-many field's additions and removals.
- **Installing** it after every ``migrate`` (``integration_portal.database``): the triggers of
  many-to-many link tables, which django-pgtrigger's migrations do not cover, then faster
  versions of the two SQL functions that django-pgtrigger's and django-pghistory's triggers
  call for every written row. Both libraries read their settings inside a BEGIN … EXCEPTION
  block: one subtransaction per row, which makes a large import quadratic (measured: 30 000
  rows took 8 times as long as 10 000). These versions read the settings with ``missing_ok``
  instead, and write the history context once per transaction rather than once per row; they
  behave the same otherwise. Both libraries (re)create their versions when they install
  triggers, in migrations: these must have the last word. pgtrigger calls its function in the
  ``public`` schema (its default), pghistory calls its own unqualified.
"""

import pghistory
from django.db import connections

SHOULD_IGNORE = """
CREATE OR REPLACE FUNCTION public._pgtrigger_should_ignore(trigger_name NAME) RETURNS BOOLEAN AS $$
DECLARE
    _pgtrigger_ignore TEXT := NULLIF(CURRENT_SETTING('pgtrigger.ignore', true), '');
BEGIN
    IF _pgtrigger_ignore IS NULL THEN
        RETURN FALSE;
    END IF;
    RETURN trigger_name = ANY(_pgtrigger_ignore::TEXT[]);
END;
$$ LANGUAGE plpgsql;
"""

ATTACH_CONTEXT = """
CREATE OR REPLACE FUNCTION _pgh_attach_context() RETURNS UUID AS $$
DECLARE
    _pgh_context_id UUID := NULLIF(CURRENT_SETTING('pghistory.context_id', true), '')::UUID;
    _pgh_context_metadata TEXT := NULLIF(CURRENT_SETTING('pghistory.context_metadata', true), '');
    _pgh_attached TEXT;
BEGIN
    IF _pgh_context_id IS NULL OR _pgh_context_metadata IS NULL THEN
        RETURN NULL;
    END IF;
    _pgh_attached := _pgh_context_id::TEXT || ':' || md5(_pgh_context_metadata);
    IF CURRENT_SETTING('pghistory.context_attached', true) IS DISTINCT FROM _pgh_attached THEN
        INSERT INTO pghistory_context (id, metadata, created_at, updated_at)
            VALUES (_pgh_context_id, _pgh_context_metadata::JSONB, NOW(), NOW())
            ON CONFLICT (id) DO UPDATE
                SET metadata = EXCLUDED.metadata, updated_at = EXCLUDED.updated_at
                WHERE pghistory_context.metadata != EXCLUDED.metadata;
        PERFORM set_config('pghistory.context_attached', _pgh_attached, true);
    END IF;
    RETURN _pgh_context_id;
END;
$$ LANGUAGE plpgsql;
"""


def install_trigger_functions(using="default", **kwargs):
    with connections[using].cursor() as cursor:
        cursor.execute(SHOULD_IGNORE)
        cursor.execute(ATTACH_CONTEXT)


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
    ``install_trigger_functions``, which must have the last word."""
    import pgtrigger

    for model, trigger in pgtrigger.registered():
        if model._meta.auto_created:
            trigger.install(model, database=using)


def tracked(verbose_name_plural, exclude=(), **meta):
    """The history of a model: ``@tracked(_("historique des structures"), exclude=[…])``,
    its events reached from a record as ``record.history``."""
    return pghistory.track(
        *history_trackers(),
        obj_field=history_obj(),
        exclude=list(exclude),
        meta={**history_meta(verbose_name_plural), **meta},
    )
