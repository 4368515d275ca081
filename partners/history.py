"""Faster versions of the two SQL functions that django-pgtrigger's and django-pghistory's
triggers call for every written row.

Both libraries read their settings inside a BEGIN … EXCEPTION block: one subtransaction per
row, which makes a large import quadratic (measured: 30 000 rows took 8 times as long as
10 000). These versions read the settings with ``missing_ok`` instead, and write the history
context once per transaction rather than once per row; they behave the same otherwise.

Both libraries (re)create their versions when they install triggers, in migrations; these are
installed after every ``migrate`` (post_migrate), so they always have the last word. pgtrigger
calls its function in the ``public`` schema (its default), pghistory calls its own unqualified.
"""

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
