import pytest

from tests.partners.helpers import run_command


@pytest.fixture
def import_file(tmp_path, db):
    """Write ``data`` to a file and run import_organisations on it."""

    def run(data, *args, name="liste.csv"):
        path = tmp_path / name
        path.write_bytes(data)
        return run_command(path, *args)

    return run
