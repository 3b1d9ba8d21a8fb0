"""``collabsim run SCENARIO``: run one or many seeds and write tidy results."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from collabsim.cli.options import (
    Subparsers,
    add_command,
    load_with_overrides,
    parse_assignment,
    positive_int,
    scenario_file,
    seed_value,
)
from collabsim.cli.progress import Progress

if TYPE_CHECKING:
    from collabsim.model.run import RunResult
    from collabsim.results.tables import FailedRun
    from collabsim.scenario.scenario import Scenario

__all__ = ["register", "run_seeds"]

_EXAMPLE = """\
collabsim run voluntary_baseline --seeds 10 --out results/demo
  collabsim run scenarios/mandated_baseline.toml --seed 7 --steps 52 \\
      --set partnerships.0.contract.strength=0.8 --out results/mandate --overwrite"""


def register(subparsers: Subparsers) -> None:
    """Add the ``run`` subcommand."""
    parser = add_command(
        subparsers,
        "run",
        summary="run a scenario for one or many seeds; write Parquet tables and a "
        "manifest",
        example=_EXAMPLE,
    )
    parser.add_argument(
        "scenario",
        type=scenario_file,
        metavar="SCENARIO",
        help="a scenario file or the name of a shipped scenario (collabsim scenarios)",
    )
    parser.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        type=parse_assignment,
        help="override a parameter by dotted path (value read as TOML; repeatable)",
    )
    seeds = parser.add_mutually_exclusive_group()
    seeds.add_argument(
        "--seed",
        type=seed_value,
        default=None,
        metavar="S",
        help="run once with seed S (default 0)",
    )
    seeds.add_argument(
        "--seeds",
        type=positive_int,
        default=None,
        metavar="N",
        help="run N replicates, seeds derived from root seed 0",
    )
    parser.add_argument(
        "--steps", type=positive_int, default=None, metavar="T", help="override n_steps"
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="results folder (must not exist or be empty)",
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="replace an existing results folder"
    )
    parser.add_argument(
        "--quiet", action="store_true", help="no progress bar or summary line"
    )
    parser.set_defaults(handler=_run)


def run_seeds(
    spec: Scenario, seeds: list[int], *, progress: Progress
) -> list[RunResult | FailedRun]:
    """Run ``spec`` once per seed, in order, advancing ``progress``.

    A run that raises becomes a :class:`FailedRun` row (as in ``compare``, whose
    runner this is).
    """
    from collabsim.sweep.compare import Configuration, run_configuration

    only = Configuration(name=spec.name, spec=spec)
    results = run_configuration(only, seeds, advance=progress.advance)
    progress.close()
    return results


def _manifest_extra(
    args: argparse.Namespace,
    spec: Scenario,
    seeds: list[int],
    results: list[RunResult | FailedRun],
) -> dict[str, Any]:
    from collabsim.model.run import RunResult
    from collabsim.results.manifest import scenario_record

    active = next((r.mechanisms for r in results if isinstance(r, RunResult)), ())
    return {
        "scenario": scenario_record(args.scenario, spec),
        "overrides": dict(args.assignments),
        "seeds": seeds,
        "step_unit": str(spec.step_unit),
        "mechanisms_active": list(active),
    }


def _run(args: argparse.Namespace) -> int:
    from collabsim.results.files import atomic_output, write_tables
    from collabsim.results.manifest import build_manifest, utc_now, write_manifest
    from collabsim.results.tables import RUNS, FailedRun, results_tables
    from collabsim.rng import replicate_seeds

    started = utc_now()
    spec = load_with_overrides(args.scenario, args.assignments, n_steps=args.steps)
    if args.seeds is not None:
        seeds = replicate_seeds(0, args.seeds)
    else:
        seeds = [args.seed if args.seed is not None else 0]
    wanted = Progress.wanted(quiet=args.quiet) and len(seeds) > 1
    progress = Progress(len(seeds), spec.name, enabled=wanted)
    with atomic_output(args.out, overwrite=args.overwrite) as staging:
        results = run_seeds(spec, seeds, progress=progress)
        tables = results_tables(spec, results)
        write_tables(tables, staging)
        extra = _manifest_extra(args, spec, seeds, results)
        manifest = build_manifest(
            "run",
            tables[RUNS],
            command=args.command_line,
            started_at=started,
            planned=len(seeds),
            extra={**extra, "tables": sorted(tables)},
        )
        write_manifest(staging, manifest)
    failed = manifest["runs"]["failed"]
    if not args.quiet:
        print(f"{len(seeds) - failed} of {len(seeds)} run(s) ok; wrote {args.out}")
    if failed:
        errors = sorted({r.error for r in results if isinstance(r, FailedRun)})
        print(f"collabsim: {failed} run(s) failed: {errors[0]}", file=sys.stderr)
        return 1
    return 0
