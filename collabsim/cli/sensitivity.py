"""``collabsim sensitivity DIR``: indices, seed noise, convergence and figures."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from collabsim.analysis.methods import METHODS
from collabsim.cli.options import Subparsers, add_command

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from collabsim.analysis.study import SensitivityStudy

__all__ = ["register"]

_EXAMPLE = """\
collabsim sensitivity results/morris_voluntary \\
      --outcome collaboration_rate_final partnership_effectiveness_final
  collabsim sensitivity results/sobol_top --metric collaboration_rate --windows 6
  collabsim sensitivity results/lhs --method delta --drop-failed"""


def register(subparsers: Subparsers) -> None:
    """Add the ``sensitivity`` subcommand."""
    parser = add_command(
        subparsers,
        "sensitivity",
        summary="sensitivity indices of a finished sweep (SALib on replicate means "
        "per design point) with CIs, seed-noise share, convergence warnings and "
        "figures; writes DIR/indices.parquet/.csv, DIR/sensitivity.json and "
        "DIR/figures/",
        example=_EXAMPLE,
    )
    parser.add_argument("out", type=Path, metavar="DIR", help="a sweep folder")
    parser.add_argument(
        "--outcome",
        nargs="+",
        default=[],
        metavar="NAME",
        help="outcomes to analyse (default: every stored outcome)",
    )
    parser.add_argument(
        "--method",
        choices=METHODS,
        default=None,
        help="analysis method (default: the design's own; delta for lhs)",
    )
    parser.add_argument(
        "--metric", default=None, metavar="NAME", help="step metric to resolve in time"
    )
    parser.add_argument(
        "--windows",
        type=int,
        default=8,
        metavar="K",
        help="windows over the steps for --metric (0: every kept step)",
    )
    parser.add_argument(
        "--drop-failed",
        action="store_true",
        help="analyse the runs that succeeded when some failed",
    )
    parser.add_argument(
        "--conf-level", type=float, default=0.95, metavar="P", help="CI level"
    )
    parser.add_argument("--no-figures", action="store_true", help="tables only")
    parser.set_defaults(handler=_sensitivity)


def _figures(study: SensitivityStudy) -> dict[str, Figure]:
    from collabsim.plots.sensitivity import (
        convergence_figure,
        morris_figure,
        second_order_figure,
        sobol_bars_figure,
        time_resolved_figure,
    )

    figures: dict[str, Figure] = {}
    kinds = set(study.indices["kind"])
    if {"S1", "ST"} <= kinds:
        figures["sobol_indices.png"] = sobol_bars_figure(study.indices)
    elif "S1" in kinds or "delta" in kinds:
        shown = tuple(k for k in ("S1", "delta") if k in kinds)
        figures["indices.png"] = sobol_bars_figure(study.indices, kinds=shown)
    if "S2" in kinds:
        for outcome in dict.fromkeys(study.indices["outcome"]):
            figures[f"s2_{outcome}.png"] = second_order_figure(study.indices, outcome)
    if "mu_star" in kinds:
        figures["morris_mu_star_sigma.png"] = morris_figure(study.indices)
    if not study.convergence.empty:
        figures["convergence.png"] = convergence_figure(study.convergence)
    if study.time_resolved is not None:
        figures["time_resolved.png"] = time_resolved_figure(study.time_resolved)
    return figures


def _sensitivity(args: argparse.Namespace) -> int:
    from collabsim.analysis.study import StudyOptions, sensitivity_study, write_study

    options = StudyOptions(
        outcomes=args.outcome,
        method=args.method,
        metric=args.metric,
        windows=args.windows,
        drop_failed=args.drop_failed,
        conf_level=args.conf_level,
    )
    study = sensitivity_study(args.out, options)
    written = write_study(study, args.out)
    if not args.no_figures:
        folder = args.out / "figures"
        folder.mkdir(exist_ok=True)
        for name, figure in _figures(study).items():
            figure.savefig(folder / name, dpi=120)
            written.append(folder / name)
    for _, row in study.spread.iterrows():
        print(
            f"{row['outcome']}: seed-noise share {row['seed_noise_share']:.1%} "
            f"({row['replicates']:.0f} replicates per design point)"
        )
    for flag, rows in study.flags.groupby("flag", sort=False):
        print(f"warning [{flag}] {len(rows)} time(s), e.g.:")
        for _, row in rows.head(3).iterrows():
            where = " ".join(str(v) for v in (row["outcome"], row["parameter"]) if v)
            print(f"  {where}: {row['message']}")
    if len(study.flags):
        print(f"all warnings: {args.out / 'sensitivity_warnings.csv'}")
    for note in study.notes:
        print(f"note: {note}")
    print(
        f"{study.method} indices of {study.indices['outcome'].nunique()} outcome(s) "
        f"in {args.out / 'indices.parquet'}; {len(written)} files written"
    )
    return 0
