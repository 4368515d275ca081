import csv
import io
from pathlib import Path

from django.core.management import call_command

# Files in the shapes found in the wild, written for these tests (files/README.md).
FILES = Path(__file__).resolve().parent / "files"


def csv_bytes(rows, separator=";", encoding="utf-8", bom=False):
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows(rows)
    data = out.getvalue().encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def run_command(path, *args):
    """Run import_organisations; return (exit status, stdout lines, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    status = 0
    try:
        call_command("import_organisations", str(path), *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue().splitlines(), err.getvalue()
