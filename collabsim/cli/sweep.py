"""``collabsim sweep EXPERIMENT`` and ``collabsim resume DIR``: run experiments."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from collabsim.cli.options import Subparsers, add_command, experiment_file
from collabsim.cli.progress import Progress
from collabsim.errors import require_extra

if TYPE_CHECKING:
    from collabsim.sweep.executors import Backend
    from collabsim.sweep.runner import SweepOptions, SweepSummary

__all__ = ["backend_for", "executor_options", "progress_bar", "register"]

_SWEEP_EXAMPLE = """\
collabsim sweep experiments/lhs_core_rates.toml --out results/lhs
  collabsim sweep experiments/lhs_core_rates.toml --out results/lhs --resume
  collabsim sweep experiments/lhs_core_rates.toml --out results/lhs --dask-local 8
  collabsim sweep experiments/lhs_core_rates.toml --out results/lhs \\
      --dask-scheduler tcp://10.0.0.5:8786"""


def register(subparsers: Subparsers) -> None:
    """Add the ``sweep`` and ``resume`` subcommands."""
    parser = add_command(
        subparsers,
        "sweep",
        summary="run an experiment's design (all cores, or Dask); stream results "
        "to Parquet parts; resumable",
        example=_SWEEP_EXAMPLE,
    )
    parser.add_argument(
        "experiment",
        type=experiment_file,
        metavar="EXPERIMENT",
        help="an experiment file or the name of a shipped experiment",
    )
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument(
        "--resume", action="store_true", help="continue an interrupted sweep in DIR"
    )
    executor_options(parser)
    parser.set_defaults(handler=_sweep)
    resume = add_command(
        subparsers,
        "resume",
        summary="continue an interrupted sweep (refused if its experiment changed)",
        example="collabsim resume results/lhs --workers 4",
    )
    resume.add_argument("out", type=Path, metavar="DIR")
    executor_options(resume)
    resume.set_defaults(handler=_resume)


def executor_options(parser: argparse.ArgumentParser) -> None:
    """Add the options of every command that runs on the sweep machinery.

    ``--workers``, ``--dask-scheduler``, ``--dask-local``, ``--chunk-size`` and
    ``--quiet``.
    """
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="local worker processes (default: all cores; 1 runs in-process)",
    )
    where.add_argument(
        "--dask-scheduler",
        metavar="ADDRESS",
        help="run on an existing Dask cluster, e.g. tcp://host:8786",
    )
    where.add_argument(
        "--dask-local", type=int, metavar="N", help="start a local Dask cluster of N"
    )
    parser.add_argument(
        "--chunk-size", type=int, default=None, metavar="K", help="runs per task"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress line")


def backend_for(args: argparse.Namespace) -> Backend:
    """The backend the executor options ask for (default: a process pool)."""
    from collabsim.sweep.executors import DaskBackend, ProcessBackend, SerialBackend

    if args.dask_scheduler or args.dask_local:
        option = "--dask-scheduler" if args.dask_scheduler else "--dask-local"
        require_extra("dask", feature=f"collabsim {args.command} {option}")
        dask = (
            DaskBackend(address=args.dask_scheduler)
            if args.dask_scheduler
            else DaskBackend(n_workers=args.dask_local)
        )
        if not args.quiet:
            print(f"Dask dashboard: {dask.dashboard}", file=sys.stderr)
        return dask
    if args.workers == 1:
        return SerialBackend()
    return ProcessBackend(args.workers)


def progress_bar(args: argparse.Namespace, label: str, planned: int) -> Progress:
    """The progress bar; it starts from the runs a resumed folder already holds."""
    from collabsim.results.ledger import status_counts

    counts = status_counts(args.out) if Path(args.out).is_dir() else {}
    bar = Progress(
        planned,
        label,
        enabled=Progress.wanted(quiet=args.quiet),
        initial=counts.get("completed", 0),
    )
    bar.update_to(bar.done, counts.get("failed", 0))
    return bar


def _options(args: argparse.Namespace, bar: Progress) -> SweepOptions:
    from collabsim.sweep.runner import SweepOptions

    return SweepOptions(
        chunk_size=args.chunk_size,
        progress=bar.sweep_callback if bar.enabled else None,
        command=getattr(args, "command_line", ()),
    )


def _report(summary: SweepSummary) -> int:
    print(
        f"{summary.completed}/{summary.planned} runs ({summary.failed} failed) "
        f"in {summary.out}; this session {summary.session_runs} runs in "
        f"{summary.wall_seconds:.1f}s"
    )
    return 1 if summary.failed else 0


def _interrupted(out: Path) -> int:
    print(
        f"\ncollabsim: interrupted; finished runs are kept in {out}: "
        f"continue with `collabsim resume {out}`",
        file=sys.stderr,
    )
    return 130


def _sweep(args: argparse.Namespace) -> int:
    from collabsim.experiment.spec import load_experiment, n_runs_planned
    from collabsim.sweep.runner import run_experiment

    spec = load_experiment(args.experiment)
    backend = backend_for(args)
    bar = progress_bar(args, spec.name, n_runs_planned(spec))
    try:
        summary = run_experiment(
            spec,
            args.out,
            backend=backend,
            options=_options(args, bar),
            resume=args.resume,
        )
    except KeyboardInterrupt:
        return _interrupted(args.out)
    finally:
        bar.close()
        backend.close()
    return _report(summary)


def _resume(args: argparse.Namespace) -> int:
    from collabsim.results.manifest import read_manifest
    from collabsim.sweep.runner import resume_sweep

    manifest = read_manifest(args.out)
    planned = int(manifest.get("design", {}).get("planned_runs", 0))
    name = str(manifest.get("experiment", {}).get("name", "resume"))
    backend = backend_for(args)
    bar = progress_bar(args, name, planned)
    try:
        summary = resume_sweep(args.out, backend=backend, options=_options(args, bar))
    except KeyboardInterrupt:
        return _interrupted(args.out)
    finally:
        bar.close()
        backend.close()
    return _report(summary)
