"""Writing generated rows with COPY (psycopg 3), one statement per table.

Columns are named by the models' fields (``_meta``), never by hand: generated columns and
whatever database triggers fill are left to PostgreSQL. Tables whose rows others point to
get their ids from the generator (the tables are empty and locked), and their identity
sequences are moved past them afterwards.
"""

from collections.abc import Callable, Iterable

from django.db import connection

PROGRESS_EVERY = 10_000

Progress = Callable[[str, int], None]


class Copier:
    def __init__(self, progress: Progress | None = None):
        self.progress = progress or (lambda label, count: None)
        self.written: dict[str, int] = {}

    def copy(self, label: str, model, fields: list[str], rows: Iterable[tuple]) -> int:
        """COPY ``rows`` (tuples in the order of ``fields``) into ``model``'s table."""
        quote = connection.ops.quote_name
        columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
        table = model._meta.db_table
        count = 0
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                for count, row in enumerate(rows, start=1):
                    copy.write_row(row)
                    if count % PROGRESS_EVERY == 0:
                        self.progress(label, count)
            if "id" in fields and count:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    "(SELECT max(id) FROM " + quote(table) + "))",
                    [table],
                )
        self.progress(label, count)
        self.written[label] = self.written.get(label, 0) + count
        return count


def lock(models) -> None:
    """Keep other writers out of the tables whose ids the generator gives, until commit."""
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


def analyze(models) -> None:
    """Fresh planner statistics: the pages are measured right after the generation."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
