"""The README's command lines name commands, options and make targets that exist."""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sh\n(.*?)```", README, flags=re.DOTALL)
LINES = [line.split("#")[0].strip() for block in BLOCKS for line in block.splitlines()]
MANAGE = ".venv/bin/python manage.py "
MANAGE_LINES = [line for line in LINES if line.startswith(MANAGE)]
MAKE_LINES = [line for line in LINES if line.startswith("make ")]


def test_the_readme_shows_the_two_commands_and_no_bare_python():
    assert {"make run", "make test"} <= set(MAKE_LINES)
    assert not [line for line in LINES if line.startswith(("python ", "python3 "))]
    assert len(MANAGE_LINES) >= 3


@pytest.mark.parametrize("line", MAKE_LINES)
def test_make_targets_exist(line):
    targets = re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), flags=re.M)
    assert line.split()[1] in targets


@pytest.mark.parametrize("line", MANAGE_LINES)
def test_manage_lines_name_existing_commands_and_options(line):
    name, *arguments = line.removeprefix(MANAGE).split()
    assert name in get_commands(), f"{name}: no such command"
    parser = load_command_class(get_commands()[name], name).create_parser("manage.py", name)
    known = {option for action in parser._actions for option in action.option_strings}
    for option in re.findall(r"--[a-z-]+", " ".join(arguments)):
        assert option in known, f"{name} has no {option}"
    for path in (argument for argument in arguments if argument.startswith("tests/")):
        assert (ROOT / path).exists(), path
