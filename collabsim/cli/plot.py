"""``collabsim plot DIR``: figures from a results folder, as PNG and SVG."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from collabsim.cli.options import Subparsers, add_command
from collabsim.errors import ResultsError, ScenarioError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["add_graphml_option", "export_graphml", "figures_for", "register"]

log = logging.getLogger(__name__)


def register(subparsers: Subparsers) -> None:
    """Add the ``plot`` subcommand."""
    parser = add_command(
        subparsers,
        "plot",
        summary="draw trajectories, organisation distributions and the partner "
        "network into DIR/figures/ (PNG and SVG)",
        example="collabsim plot results/demo --metric tie_trust_mean "
        "--metric org_faith_mean\n  collabsim plot results/ics --graphml "
        "(also writes results/ics/network.graphml)",
    )
    parser.add_argument(
        "directory",
        type=Path,
        metavar="DIR",
        help="a results folder written by 'collabsim run'",
    )
    parser.add_argument(
        "--metric",
        dest="metrics",
        action="append",
        default=None,
        metavar="NAME",
        help="metric to draw, also as its own figure (repeatable; default: a grid of "
        "the core trust, confidence, faith, threshold, progress, conflict and "
        "collaboration metrics)",
    )
    add_graphml_option(parser)
    parser.set_defaults(handler=_plot)


def add_graphml_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--graphml [FILE]``: export the simulated network as GraphML."""
    parser.add_argument(
        "--graphml",
        nargs="?",
        const="",
        default=None,
        metavar="FILE",
        help="also export the simulated partner network (final trust, confidence "
        "and collaboration per edge) as GraphML for Gephi or Cytoscape, to FILE "
        "(default DIR/network.graphml); needs the ties table",
    )


def export_graphml(args: argparse.Namespace, folder: Path) -> None:
    """Write the GraphML export if ``--graphml`` was given."""
    if args.graphml is None:
        return
    from collabsim.report.graphml import write_network_graphml

    target = Path(args.graphml) if args.graphml else folder / "network.graphml"
    print(f"wrote {write_network_graphml(folder, target)}")


def _optional(directory: Path, name: str) -> pd.DataFrame | None:
    from collabsim.results.files import read_table

    try:
        return read_table(directory, name)
    except ResultsError:
        return None


def _network_pairs(directory: Path, manifest: dict[str, Any]) -> pd.DataFrame | None:
    from collabsim import plots
    from collabsim.results.tables import TIES
    from collabsim.scenario.scenario import parse_scenario

    ties = _optional(directory, TIES)
    if ties is not None and not ties.empty:
        return plots.final_pairs(ties)
    resolved = manifest.get("scenario", {}).get("resolved")
    if not isinstance(resolved, dict):
        return None
    try:
        pairs = plots.scenario_pairs(parse_scenario(resolved))
    except ScenarioError:
        return None
    return pairs if not pairs.empty else None


def _check_metrics(metrics: list[str], steps: pd.DataFrame) -> None:
    from collabsim.model.observe import METRICS

    if unknown := [m for m in metrics if m not in steps.columns]:
        msg = f"unknown metric(s) {unknown}; choose from {sorted(METRICS)}"
        raise ResultsError(msg)


def figures_for(directory: Path, metrics: list[str] | None) -> dict[str, Figure]:
    """Build every figure a results folder supports, keyed by file stem.

    Raises:
        ResultsError: If the folder has no manifest or steps table, or a named
            metric does not exist.
    """
    from collabsim import plots
    from collabsim.results.files import read_table
    from collabsim.results.manifest import read_manifest
    from collabsim.results.tables import ORGANISATIONS, STEPS

    manifest = read_manifest(directory)
    steps = read_table(directory, STEPS)
    unit = str(manifest.get("step_unit", "step"))
    name = str(manifest.get("scenario", {}).get("name", directory.name))
    chosen = metrics or [m for m in plots.DEFAULT_METRICS if m in steps.columns]
    _check_metrics(chosen, steps)
    figures = {
        "trajectories": plots.plot_trajectory_grid(
            steps, chosen, step_unit=unit, title=name
        )
    }
    for metric in metrics or ():
        ax = plots.plot_trajectories(steps, metric, step_unit=unit)
        figures[f"trajectory_{metric}"] = _figure_of(ax)
    organisations = _optional(directory, ORGANISATIONS)
    if organisations is not None and not organisations.empty:
        figures["organisations"] = plots.plot_organisation_distributions(organisations)
    pairs = _network_pairs(directory, manifest)
    if pairs is not None:
        sectors = None
        if organisations is not None:
            sectors = dict(
                zip(organisations["organisation"], organisations["sector"], strict=True)
            )
        ax = plots.plot_partner_network(pairs, sectors=sectors, seed=0)
        runs = pairs["run_id"].nunique() if "run_id" in pairs else 0
        shown = {0: "as declared", 1: "one run, final step"}.get(
            runs, f"mean of {runs} runs, final step"
        )
        ax.set_title(f"{name}: partner network ({shown})", fontsize=9)
        figures["network"] = _figure_of(ax)
    return figures


def _figure_of(ax: Any) -> Figure:
    from matplotlib.figure import Figure

    figure = ax.get_figure(root=True)
    if not isinstance(figure, Figure):
        msg = "axes are not attached to a figure"
        raise ResultsError(msg)
    return figure


def _plot(args: argparse.Namespace) -> int:
    from collabsim import plots

    figures = figures_for(args.directory, args.metrics)
    export_graphml(args, args.directory)
    out = args.directory / "figures"
    written = []
    for stem, figure in figures.items():
        written += plots.save_figure(figure, out, stem)
    print(f"wrote {len(written)} files to {out}")
    return 0
