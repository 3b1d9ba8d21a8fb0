"""Options shared by subcommands: verbosity, ``--set`` overrides, scenario loading.

Every module of :mod:`collabsim.cli` imports only light things at its top (argparse,
this module, the errors); what a command needs (the model, the sweep, pandas...) is
imported inside its handler, so ``collabsim --help`` and ``collabsim validate``
start in a fraction of a second. ``tests/unit/test_imports.py`` holds them to it.
"""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from collabsim.errors import ScenarioError
from collabsim.shipped import EXPERIMENTS, SCENARIOS, resolve_file

if TYPE_CHECKING:
    from collabsim.scenario.scenario import Scenario

__all__ = [
    "Subparsers",
    "any_file",
    "common_options",
    "experiment_file",
    "load_with_overrides",
    "parse_assignment",
    "scenario_file",
    "seed_value",
]

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def common_options() -> argparse.ArgumentParser:
    """Return a parent parser with ``-v`` so it also works after the subcommand."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=argparse.SUPPRESS,
        help="more logging (-v info, -vv debug); show tracebacks",
    )
    return parent


def add_command(
    subparsers: Subparsers, name: str, *, summary: str, example: str
) -> argparse.ArgumentParser:
    """Add a subcommand whose ``--help`` ends with an example."""
    return subparsers.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common_options()],
    )


def parse_value(text: str) -> Any:
    """Read ``text`` as a TOML literal (``0.3``, ``true``, ``[1, 2]``), else as text."""
    try:
        return tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        return text


def parse_assignment(text: str) -> tuple[str, Any]:
    """Parse ``path=value`` from ``--set``.

    Raises:
        argparse.ArgumentTypeError: If there is no ``=`` or the path is empty.
    """
    path, sep, value = text.partition("=")
    if not sep or not path.strip():
        msg = f"expected PATH=VALUE, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return path.strip(), parse_value(value.strip())


def load_with_overrides(
    path: Path, assignments: Sequence[tuple[str, Any]], *, n_steps: int | None = None
) -> Scenario:
    """Load a scenario, then apply ``--set`` assignments and ``--steps``.

    Raises:
        ScenarioError: Naming the file (and ``--set`` for override problems).
    """
    from collabsim.scenario.scenario import load_scenario, with_overrides

    spec = load_scenario(path)
    overrides = dict(assignments)
    if n_steps is not None:
        overrides["n_steps"] = n_steps
    try:
        return with_overrides(spec, overrides)
    except ScenarioError as exc:
        if exc.source is not None:
            raise
        raise ScenarioError(f"--set {exc}", source=str(path)) from exc


def positive_int(text: str) -> int:
    """Argparse type: a whole number of at least 1, with a readable error."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"expected a positive integer, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


#: Seeds are whole numbers in [0, 2**63), as in experiment files.
MAX_SEED = 2**63 - 1


def seed_value(text: str) -> int:
    """Argparse type: a seed, a whole number from 0 to 2**63 - 1."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_SEED:
        msg = f"expected a whole number from 0 to 2**63 - 1, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def scenario_file(text: str) -> Path:
    """Argparse type: a scenario file, or the name of a shipped scenario."""
    return resolve_file(text, SCENARIOS)


def experiment_file(text: str) -> Path:
    """Argparse type: an experiment file, or the name of a shipped experiment."""
    return resolve_file(text, EXPERIMENTS)


def any_file(text: str) -> Path:
    """Argparse type: a file, or the name of a shipped scenario or experiment."""
    path = resolve_file(text, SCENARIOS)
    return path if path.exists() else resolve_file(text, EXPERIMENTS)
