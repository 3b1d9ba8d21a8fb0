"""``collabsim rank EXPERIMENT --by OUTCOME``: sweep configurations, rank them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from collabsim.cli.options import Subparsers, add_command, experiment_file

if TYPE_CHECKING:
    from collabsim.sweep.executors import Backend

__all__ = ["register"]

_EXAMPLE = """\
collabsim rank experiments/network_structure.toml --by collaboration_rate_final \\
      --out results/network_ranking
  collabsim rank experiments/network_configurations.toml \\
      --by org_faith_mean_final --replicates 5 --out results/faith_rank --workers 2"""


def register(subparsers: Subparsers) -> None:
    """Add the ``rank`` subcommand."""
    parser = add_command(
        subparsers,
        "rank",
        summary="network-configuration sweep in one command: run an experiment "
        "(e.g. hub-and-spoke vs distributed, density, cross-sector share, central "
        "figure) and rank its configurations by an outcome, with 95%% CIs across "
        "replicates; writes ranking.parquet and report.html",
        example=_EXAMPLE,
    )
    parser.add_argument(
        "experiment",
        type=experiment_file,
        metavar="EXPERIMENT",
        help="an experiment file or the name of a shipped experiment",
    )
    parser.add_argument(
        "--by",
        required=True,
        metavar="OUTCOME",
        help="outcome to rank by, e.g. collaboration_rate_final (higher first)",
    )
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument(
        "--replicates",
        type=int,
        default=None,
        metavar="N",
        help="override the experiment's replicates per configuration",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="worker processes (default all cores; 1 runs in-process)",
    )
    parser.add_argument("--resume", action="store_true", help="continue DIR's sweep")
    parser.add_argument("--quiet", action="store_true", help="no summary line")
    parser.set_defaults(handler=_rank)


def _backend(workers: int | None) -> Backend:
    from collabsim.sweep.executors import ProcessBackend, SerialBackend

    return SerialBackend() if workers == 1 else ProcessBackend(workers)


def _rank(args: argparse.Namespace) -> int:
    from collabsim.analysis.contrasts import rank_design_points
    from collabsim.experiment.spec import load_experiment
    from collabsim.report import sweep_report
    from collabsim.report.narrative import ranking_sentence
    from collabsim.results.files import write_table
    from collabsim.results.ledger import read_sweep
    from collabsim.results.tables import RANKING, RUNS
    from collabsim.sweep.runner import SweepOptions, run_experiment

    spec = load_experiment(args.experiment)
    if args.replicates is not None:
        spec = spec.model_validate({**spec.model_dump(), "replicates": args.replicates})
    if spec.outcomes and args.by not in spec.outcomes:
        spec = spec.model_validate(
            {**spec.model_dump(), "outcomes": (*spec.outcomes, args.by)}
        )
    backend = _backend(args.workers)
    options = SweepOptions(command=getattr(args, "command_line", ()))
    try:
        summary = run_experiment(
            spec, args.out, backend=backend, options=options, resume=args.resume
        )
    finally:
        backend.close()
    runs = read_sweep(args.out, RUNS)
    ranking = rank_design_points(runs, spec.factor_paths, args.by, seed=spec.seed)
    ranking.insert(0, "outcome", args.by)
    write_table(ranking, Path(args.out) / f"{RANKING}.parquet")
    report = Path(args.out) / "report.html"
    report.write_text(sweep_report(args.out), encoding="utf-8")
    if not args.quiet:
        print(ranking_sentence(ranking, args.by, spec.factor_paths))
        print(
            f"{summary.completed}/{summary.planned} runs ({summary.failed} failed); "
            f"report: {report}",
            file=sys.stdout,
        )
    return 1 if summary.failed else 0
