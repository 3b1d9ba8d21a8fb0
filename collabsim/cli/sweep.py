"""``collabsim sweep EXPERIMENT`` and ``collabsim resume DIR``: run experiments."""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from collabsim.cli.options import Subparsers, add_command

if TYPE_CHECKING:
    from collabsim.sweep.executors import Backend
    from collabsim.sweep.runner import SweepOptions, SweepProgress, SweepSummary

__all__ = ["ProgressLine", "register"]

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
    parser.add_argument("experiment", type=Path, metavar="EXPERIMENT")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument(
        "--resume", action="store_true", help="continue an interrupted sweep in DIR"
    )
    _executor_options(parser)
    parser.set_defaults(handler=_sweep)
    resume = add_command(
        subparsers,
        "resume",
        summary="continue an interrupted sweep (refused if its experiment changed)",
        example="collabsim resume results/lhs --workers 4",
    )
    resume.add_argument("out", type=Path, metavar="DIR")
    _executor_options(resume)
    resume.set_defaults(handler=_resume)


def _executor_options(parser: argparse.ArgumentParser) -> None:
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


class ProgressLine:
    """Redraw ``done/total, failures, rate and ETA`` on one terminal line.

    Args:
        stream: The terminal (``sys.stderr``); nothing is drawn unless it is a TTY.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._last = 0.0

    def __call__(self, p: SweepProgress) -> None:
        """Draw ``p``, at most ten times a second and always at the end."""
        now = time.monotonic()
        if now - self._last < 0.1 and p.done < p.total:
            return
        self._last = now
        eta = "?" if math.isinf(p.eta) else f"{p.eta:.0f}s"
        self.stream.write(
            f"\r{p.done}/{p.total} runs  {p.failed} failed  "
            f"{p.rate:.1f} runs/s  ETA {eta}   "
        )
        self.stream.flush()


def _backend(args: argparse.Namespace) -> Backend:
    from collabsim.sweep.executors import DaskBackend, ProcessBackend, SerialBackend

    if args.dask_scheduler:
        return DaskBackend(address=args.dask_scheduler)
    if args.dask_local:
        return DaskBackend(n_workers=args.dask_local)
    if args.workers == 1:
        return SerialBackend()
    return ProcessBackend(args.workers)


def _options(args: argparse.Namespace) -> SweepOptions:
    from collabsim.sweep.runner import SweepOptions

    draw = not args.quiet and sys.stderr.isatty()
    return SweepOptions(
        chunk_size=args.chunk_size,
        progress=ProgressLine(sys.stderr) if draw else None,
        command=getattr(args, "command_line", ()),
    )


def _report(summary: SweepSummary) -> int:
    if sys.stderr.isatty():
        sys.stderr.write("\n")
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
    from collabsim.experiment.spec import load_experiment
    from collabsim.sweep.runner import run_experiment

    spec = load_experiment(args.experiment)
    backend = _backend(args)
    try:
        summary = run_experiment(
            spec, args.out, backend=backend, options=_options(args), resume=args.resume
        )
    except KeyboardInterrupt:
        return _interrupted(args.out)
    finally:
        backend.close()
    return _report(summary)


def _resume(args: argparse.Namespace) -> int:
    from collabsim.sweep.runner import resume_sweep

    backend = _backend(args)
    try:
        summary = resume_sweep(args.out, backend=backend, options=_options(args))
    except KeyboardInterrupt:
        return _interrupted(args.out)
    finally:
        backend.close()
    return _report(summary)
