"""``collabsim validate FILE...``: check scenario, experiment and facts files."""

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
        summary="check scenario, experiment and facts files against the schema",
        example="collabsim validate scenarios/*.toml experiments/*.toml "
        "facts/theory.toml",
    )
    parser.add_argument("files", nargs="+", type=any_file, metavar="FILE")
    parser.set_defaults(handler=_validate)


def _kind(path: Path) -> str:
    # an experiment has a [design] table, a facts file [[facts]]; anything
    # unparsable goes to the scenario loader, which reports it with the file name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "scenario"
    if isinstance(data.get("facts"), list):
        return "facts"
    return "experiment" if isinstance(data.get("design"), dict) else "scenario"


def _check_facts(path: Path) -> str:
    from collabsim.experiment.facts import load_facts
    from collabsim.sweep.facts_plan import check_measures

    spec = load_facts(path)
    check_measures(spec)
    roles = [fact.role for fact in spec.facts]
    return (
        f"facts {spec.name!r}: {len(roles)} facts ({roles.count('calibration')} "
        f"calibration, {roles.count('validation')} validation)"
    )


def check_file(path: Path) -> str:
    """Validate one file; return a one-line summary of what it describes.

    Raises:
        CollabsimError: If the file is invalid (ScenarioError, ExperimentError or
            FactsError).
    """
    kind = _kind(path)
    if kind == "facts":
        return _check_facts(path)
    if kind == "experiment":
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
