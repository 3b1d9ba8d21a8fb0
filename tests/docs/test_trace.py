"""docs/trace.md covers every TRACE element, and every file it names exists."""

from __future__ import annotations

import re

from tests_paths import REPO

TRACE = (REPO / "docs" / "trace.md").read_text(encoding="utf-8")
ELEMENTS = (
    "Problem formulation",
    "Model description",
    "Data evaluation",
    "Conceptual model evaluation",
    "Implementation verification",
    "Model output verification",
    "Model analysis",
    "Model output corroboration",
)
#: A repository path in backticks: a top-level folder, then anything but spaces.
_PATH = re.compile(
    r"`((?:README\.md|Makefile|pyproject\.toml)"
    r"|(?:docs|tests|collabsim|scenarios|experiments|facts|benchmarks)/[^`\s<>]*)`"
)


def test_every_trace_element_has_its_section():
    for number, element in enumerate(ELEMENTS, start=1):
        assert f"## {number}. {element}" in TRACE, element


def test_every_named_file_exists():
    named = set(_PATH.findall(TRACE))
    assert len(named) > 30
    missing = sorted(
        path
        for path in named
        if "<" not in path and not (REPO / path.split("::")[0]).exists()
    )
    assert not missing, missing


def test_every_named_command_exists():
    from collabsim.cli import build_parser

    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)
    named = set(re.findall(r"`collabsim (\w+)", TRACE))
    assert named <= commands, named - commands
