"""``collabsim compare A.toml B.toml ...``: configurations side by side, one report."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from collabsim.cli.options import (
    Subparsers,
    add_command,
    positive_int,
    scenario_file,
    seed_value,
)
from collabsim.cli.progress import Progress

if TYPE_CHECKING:
    import pandas as pd

    from collabsim.sweep.compare import Configuration

__all__ = ["REPORT_FILE", "register"]

#: The self-contained report written into every compare folder.
REPORT_FILE = "report.html"

_EXAMPLE = """\
collabsim compare scenarios/voluntary_baseline.toml scenarios/mandated_baseline.toml \\
      --seeds 50 --out results/mandate
  collabsim compare A.toml B.toml C.toml --seeds 20 --steps 104 --out results/abc
  (then open results/mandate/report.html in any browser; it needs no network)"""


def register(subparsers: Subparsers) -> None:
    """Add the ``compare`` subcommand."""
    parser = add_command(
        subparsers,
        "compare",
        summary="run configurations on the same seeds and write tables plus a "
        "self-contained report.html comparing them with the first",
        example=_EXAMPLE,
    )
    parser.add_argument(
        "scenarios",
        type=scenario_file,
        nargs="+",
        metavar="SCENARIO",
        help="two or more scenario files or shipped names; the first is the reference",
    )
    parser.add_argument(
        "--seeds",
        type=positive_int,
        default=50,
        metavar="N",
        help="seeds per configuration, shared by all (default 50)",
    )
    parser.add_argument(
        "--root-seed",
        type=seed_value,
        default=0,
        metavar="S",
        help="root seed the N seeds derive from (default 0)",
    )
    parser.add_argument(
        "--steps",
        type=positive_int,
        default=None,
        metavar="T",
        help="override n_steps of every configuration",
    )
    parser.add_argument(
        "--bootstrap",
        type=positive_int,
        default=2000,
        metavar="B",
        help="bootstrap resamples for the CIs (default 2000, seeded)",
    )
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument(
        "--overwrite", action="store_true", help="replace an existing results folder"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress or summary")
    parser.set_defaults(handler=_compare)


def _configurations(args: argparse.Namespace) -> list[Configuration]:
    from collabsim.scenario.scenario import load_scenario
    from collabsim.sweep.compare import Configuration, configuration_names, prepare

    if len(args.scenarios) < 2:
        msg = "compare needs at least two scenario files"
        raise argparse.ArgumentTypeError(msg)
    specs = [prepare(load_scenario(p), n_steps=args.steps) for p in args.scenarios]
    names = configuration_names(specs, args.scenarios)
    return [
        Configuration(name=n, spec=s, source=p)
        for n, s, p in zip(names, specs, args.scenarios, strict=True)
    ]


def _tables(
    args: argparse.Namespace,
    configurations: list[Configuration],
    seeds: list[int],
    progress: Progress,
) -> dict[str, pd.DataFrame]:
    """Run every configuration on ``seeds``; add the paired differences and D'Amour."""
    from collabsim.analysis.contrasts import (
        COMPARED_METRICS,
        damour_summary,
        paired_differences,
    )
    from collabsim.results.tables import DAMOUR, DIFFERENCES, RUNS, STEPS
    from collabsim.sweep.compare import comparison_tables, run_configuration

    results = [
        run_configuration(c, seeds, advance=progress.advance) for c in configurations
    ]
    progress.close()
    tables = comparison_tables(configurations, results)
    outcomes = [f"{m}_final" for m in COMPARED_METRICS]
    tables[DIFFERENCES] = paired_differences(
        tables[RUNS], outcomes, n_boot=args.bootstrap, seed=args.root_seed
    )
    tables[DAMOUR] = damour_summary(tables[STEPS], tables[RUNS])
    return tables


def _manifest_extra(
    args: argparse.Namespace,
    configurations: list[Configuration],
    seeds: list[int],
    tables: dict[str, pd.DataFrame],
) -> dict[str, Any]:
    from collabsim.results.manifest import scenario_record
    from collabsim.sweep.compare import REPORT_OUTPUTS

    return {
        "configurations": [
            {"name": c.name, **scenario_record(c.source, c.spec)}
            for c in configurations
        ],
        "seeds": seeds,
        "root_seed": args.root_seed,
        "bootstrap": {
            "resamples": args.bootstrap,
            "seed": args.root_seed,
            "method": "percentile, paired by seed",
            "level": 0.95,
        },
        "forced_outputs": REPORT_OUTPUTS,
        "tables": sorted(tables),
    }


def _compare(args: argparse.Namespace) -> int:
    from collabsim.report import comparison_report
    from collabsim.results.files import atomic_output, write_tables
    from collabsim.results.manifest import build_manifest, utc_now, write_manifest
    from collabsim.results.tables import RUNS
    from collabsim.rng import replicate_seeds

    started = utc_now()
    try:
        configurations = _configurations(args)
    except argparse.ArgumentTypeError as exc:
        print(f"collabsim compare: error: {exc}")
        return 2
    seeds = replicate_seeds(args.root_seed, args.seeds)
    total = len(seeds) * len(configurations)
    progress = Progress(
        total, "compare", enabled=Progress.wanted(quiet=args.quiet) and total > 1
    )
    with atomic_output(args.out, overwrite=args.overwrite) as staging:
        tables = _tables(args, configurations, seeds, progress)
        write_tables(tables, staging)
        manifest = build_manifest(
            "compare",
            tables[RUNS],
            command=args.command_line,
            started_at=started,
            planned=total,
            extra=_manifest_extra(args, configurations, seeds, tables),
        )
        write_manifest(staging, manifest)
        (staging / REPORT_FILE).write_text(comparison_report(staging), encoding="utf-8")
    failed = manifest["runs"]["failed"]
    if not args.quiet:
        print(
            f"{total - failed} of {total} run(s) ok; report: {args.out / REPORT_FILE}"
        )
    return 1 if failed else 0
