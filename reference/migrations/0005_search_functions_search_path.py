"""The search document's function finds ``portal_unaccent`` whatever the search path: pg_dump's
archives restore with an empty search path (pg_restore computes generated columns with it),
which left ``portal_unaccent`` unknown and made every backup impossible to restore."""

from django.db import migrations

SQL = """
ALTER FUNCTION portal_search_vector(text, VARIADIC text[]) SET search_path FROM CURRENT;
"""
REVERSE_SQL = """
ALTER FUNCTION portal_search_vector(text, VARIADIC text[]) RESET search_path;
"""


class Migration(migrations.Migration):
    dependencies = [("reference", "0004_history")]

    operations = [migrations.RunSQL(SQL, REVERSE_SQL)]
