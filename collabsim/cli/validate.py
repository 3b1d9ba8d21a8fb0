"""``collabsim validate FILE...``: check scenario and experiment files."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import tomllib
from pathlib import Path

from collabsim.cli.options import Subparsers, add_command, any_file
from collabsim.errors import CollabsimError

__all__ = ["check_file", "register"]

log = logging.getLogger(__name__)


def register(subparsers: Subparsers) -> None:
    """Add the ``validate`` subcommand."""
    parser = add_command(
        subparsers,
        "validate",
        summary="check scenario and experiment files against the schema",
        example="collabsim validate scenarios/*.toml experiments/*.toml",
    )
    parser.add_argument("files", nargs="+", type=any_file, metavar="FILE")
    parser.set_defaults(handler=_validate)


def _is_experiment(path: Path) -> bool:
    # an experiment has a [design] table; anything unparsable goes to the scenario
    # loader, which reports the problem with the file name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("design"), dict)


def check_file(path: Path) -> str:
    """Validate one file; return a one-line summary of what it describes.

    Raises:
        CollabsimError: If the file is invalid (ScenarioError or ExperimentError).
    """
    if _is_experiment(path):
        try:
            experiment = importlib.import_module("collabsim.experiment.spec")
        except ImportError as exc:
            msg = f"{path}: experiment files need collabsim.experiment.spec ({exc})"
            raise CollabsimError(msg) from exc
        spec = experiment.load_experiment(path)
        planned = experiment.n_runs_planned(spec)
        return f"experiment {spec.name!r}: {len(spec.factors)} factors, {planned} runs"
    from collabsim.scenario.scenario import load_scenario

    scenario = load_scenario(path)
    orgs = len(scenario.organisation_ids)
    return (
        f"scenario {scenario.name!r}: {orgs} organisations, {scenario.n_steps} "
        f"{scenario.step_unit}s, ~{scenario.estimated_ties():,} ties"
    )


def _validate(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.files:
        try:
            summary = check_file(path)
        except CollabsimError as exc:
            failed += 1
            log.debug("validation failed", exc_info=True)
            print(f"invalid  {exc}", file=sys.stderr)
            continue
        print(f"ok       {path}: {summary}")
    if failed:
        print(f"{failed} of {len(args.files)} file(s) invalid", file=sys.stderr)
        return 2
    return 0
