"""The README documents every setting, the two quick-start commands and each CLI command."""

from __future__ import annotations

import re
from pathlib import Path

from capture.cli import build_parser
from capture.settings import ENVIRONMENT

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme_configuration_table():
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", README, flags=re.M))
    variables = {variable for variable, _default in ENVIRONMENT.values()}
    assert variables - documented == set(), "settings missing from the README"
    assert documented - variables == set(), "README documents settings that do not exist"


def test_readme_defaults_match_the_code():
    for variable, default in ENVIRONMENT.values():
        row = re.search(rf"^\| `{variable}` \| (.+?) \|", README, flags=re.M)
        assert row and default.replace("`", "") in row.group(1).replace("`", ""), variable


def test_quick_start_is_exactly_make_run_and_make_test():
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^(make \w+)", quick_start, flags=re.M)
    assert commands == ["make run", "make test"]


def test_every_cli_command_is_in_the_readme_and_has_help():
    subcommands = build_parser()._subparsers._group_actions[0].choices
    for name, parser in subcommands.items():
        assert f"`invoice-capture {name}" in README, name
        assert parser.description, f"{name} has no --help description"


def test_every_export_column_is_documented():
    from review_ui.export_csv import COLUMNS

    documented = re.findall(r"^\| \d+ \| `(\w+)` \|", README, flags=re.M)
    assert documented == list(COLUMNS)
