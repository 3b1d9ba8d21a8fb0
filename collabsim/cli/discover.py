"""``collabsim discover DIR`` and ``collabsim report DIR``: analyse a results folder."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from collabsim.cli.options import Subparsers, add_command
from collabsim.cli.plot import add_graphml_option, export_graphml
from collabsim.errors import ResultsError, require_extra

__all__ = ["register_discover", "register_report"]

_DISCOVER_EXAMPLE = """\
collabsim discover results/network --outcome collaboration_rate_final --below 0.3
  collabsim discover results/lhs --outcome org_faith_mean_final --above 0.7 \\
      --min-density 0.6
  (then: collabsim report results/network)"""


def register_discover(subparsers: Subparsers) -> None:
    """Add the ``discover`` subcommand."""
    parser = add_command(
        subparsers,
        "discover",
        summary="scenario discovery over a finished sweep: under which conditions "
        "does an outcome fall below (or rise above) a threshold? PRIM box with its "
        "peeling trajectory, and a CART tree; tables in DIR/discovery/",
        example=_DISCOVER_EXAMPLE,
    )
    parser.add_argument("out", type=Path, metavar="DIR")
    parser.add_argument("--outcome", required=True, metavar="NAME")
    side = parser.add_mutually_exclusive_group(required=True)
    side.add_argument("--below", type=float, metavar="X", help="cases: outcome < X")
    side.add_argument("--above", type=float, metavar="X", help="cases: outcome > X")
    parser.add_argument(
        "--factors",
        nargs="+",
        default=None,
        metavar="PATH",
        help="factor columns (default: the sweep design's factors)",
    )
    parser.add_argument(
        "--min-density",
        type=float,
        default=0.8,
        metavar="D",
        help="smallest share of cases inside the chosen PRIM box (default 0.8)",
    )
    parser.add_argument(
        "--max-depth", type=int, default=3, metavar="K", help="CART depth (default 3)"
    )
    parser.set_defaults(handler=_discover)


def register_report(subparsers: Subparsers) -> None:
    """Add the ``report`` subcommand."""
    parser = add_command(
        subparsers,
        "report",
        summary="write a self-contained report.html for any results folder: "
        "summary figures, ranking, sensitivity indices and discovery results if "
        "present, and provenance",
        example="collabsim report results/network   (writes DIR/report.html)",
    )
    parser.add_argument("out", type=Path, metavar="DIR")
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="FILE",
        help="where to write the report (default DIR/report.html)",
    )
    add_graphml_option(parser)
    parser.set_defaults(handler=_report)


def _factors(folder: Path, given: list[str] | None) -> list[str]:
    from collabsim.results.manifest import read_manifest

    if given:
        return given
    factors = read_manifest(folder).get("design", {}).get("factors", [])
    if not factors:
        msg = f"{folder}: manifest names no design factors; pass --factors"
        raise ResultsError(msg)
    return [str(f) for f in factors]


def _discover(args: argparse.Namespace) -> int:
    require_extra("discovery", feature="collabsim discover")
    from collabsim.analysis.discovery import CaseRule, discover
    from collabsim.report import DISCOVERY_DIR
    from collabsim.report.narrative import discovery_sentence
    from collabsim.results.files import read_table, write_table
    from collabsim.results.tables import (
        CART_IMPORTANCE,
        CART_LEAVES,
        PRIM_BOX,
        PRIM_TRAJECTORY,
        RUNS,
    )

    folder = Path(args.out)
    runs = read_table(folder, RUNS)
    if args.below is not None:
        rule = CaseRule(args.outcome, "below", args.below)
    else:
        rule = CaseRule(args.outcome, "above", args.above)
    result = discover(
        runs,
        _factors(folder, args.factors),
        rule,
        min_density=args.min_density,
        max_depth=args.max_depth,
    )
    where = folder / DISCOVERY_DIR
    tables = {
        PRIM_TRAJECTORY: result.trajectory,
        PRIM_BOX: result.box,
        CART_LEAVES: result.leaves,
        CART_IMPORTANCE: result.importance,
    }
    for name, frame in tables.items():
        write_table(frame, where / f"{name}.parquet")
    summary = {**result.summary(), "min_density": args.min_density}
    (where / "discovery.json").write_text(
        json.dumps(summary, indent=2) + "\n", encoding="utf-8"
    )
    print(discovery_sentence(summary, result.box))
    print(f"tables in {where}; run `collabsim report {folder}` for the HTML report")
    return 0


def _report(args: argparse.Namespace) -> int:
    from collabsim.report import comparison_report, sweep_report
    from collabsim.results.manifest import read_manifest

    folder = Path(args.out)
    kind = read_manifest(folder).get("kind")
    html = comparison_report(folder) if kind == "compare" else sweep_report(folder)
    target = args.output or folder / "report.html"
    target.write_text(html, encoding="utf-8")
    print(f"wrote {target}")
    export_graphml(args, folder)
    return 0
