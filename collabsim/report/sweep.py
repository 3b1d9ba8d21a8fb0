"""The sweep report: summary figures, ranking, sensitivity indices, discovery.

Works on any results folder with a ``runs`` table and ``manifest.json`` (a sweep, a
``collabsim run`` folder or a ranking); sections whose tables are absent say so.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from collabsim.analysis.contrasts import rank_design_points
from collabsim.errors import ResultsError
from collabsim.plots.trajectories import DEFAULT_METRICS, plot_trajectory_grid
from collabsim.report.figures import (
    factor_effects,
    indices_bars,
    peeling_trajectory,
    ranking_plot,
)
from collabsim.report.html import (
    Section,
    figure_html,
    paragraph,
    render_page,
    table_html,
)
from collabsim.report.narrative import (
    discovery_sentence,
    outcome_words,
    ranking_sentence,
)
from collabsim.report.provenance import provenance_section
from collabsim.results.files import read_table
from collabsim.results.manifest import read_manifest
from collabsim.results.tables import (
    CART_LEAVES,
    INDICES,
    PRIM_BOX,
    PRIM_TRAJECTORY,
    RANKING,
    RUNS,
    STEPS,
)

__all__ = [
    "DISCOVERY_DIR",
    "point_labels",
    "read_indices",
    "sweep_report",
]

#: Sub-folder where ``collabsim discover`` writes its tables.
DISCOVERY_DIR = "discovery"
_SHOWN_RANKS = 25


def read_indices(folder: Path) -> pd.DataFrame | None:
    """Read a sensitivity ``indices`` table (Parquet, CSV or parts), if any."""
    csv = folder / f"{INDICES}.csv"
    if csv.is_file():
        return pd.read_csv(csv)
    try:
        return read_table(folder, INDICES)
    except ResultsError:
        return None


def point_labels(ranking: pd.DataFrame, factors: Sequence[str]) -> list[str]:
    """``generator=hub_and_spoke, central_figure=True`` per design point."""
    return [
        ", ".join(f"{f.rsplit('.', 1)[-1]}={row[f]}" for f in factors)
        for _, row in ranking.iterrows()
    ]


def _outcomes(manifest: dict[str, Any], runs: pd.DataFrame) -> list[str]:
    named = [o for o in manifest.get("outcomes", []) if o in runs.columns]
    return named or [c for c in runs.columns if c.endswith("_final")][:6]


def _overview(
    manifest: dict[str, Any], runs: pd.DataFrame, factors: list[str]
) -> Section:
    ok = int((runs["status"] == "ok").sum())
    design = manifest.get("design", {})
    points = runs["design_index"].nunique() if "design_index" in runs else 1
    text = (
        f"{len(runs)} runs ({ok} ok) over {points} "
        f"design points; design: {design.get('method', 'single scenario')}; "
        f"factors: {', '.join(factors) or 'none'}."
    )
    return Section("Overview", "overview", [paragraph(text)])


def _summary_figures(
    folder: Path, runs: pd.DataFrame, factors: list[str], outcomes: list[str]
) -> Section:
    body = []
    try:
        steps = read_table(folder, STEPS)
    except ResultsError:
        steps = None
    if steps is not None:
        metrics = [m for m in DEFAULT_METRICS if m in steps.columns]
        if metrics:
            fig = plot_trajectory_grid(steps, metrics, title="All runs")
            body.append(
                figure_html(fig, "Trajectories over all runs: mean and middle 95%.")
            )
    ok = runs[runs["status"] == "ok"]
    for outcome in outcomes[:4]:
        if factors:
            fig = factor_effects(ok, factors, outcome)
            caption = (
                f"Mean {outcome_words(outcome)} ({outcome}) at each factor level "
                "(numeric factors in quintile bins): 95% bootstrap CI, seed 0."
            )
            body.append(figure_html(fig, caption))
    if not body:
        body.append(paragraph("No steps table and no factors: nothing to plot."))
    return Section("Summary figures", "figures", body)


def _ranking(
    folder: Path, runs: pd.DataFrame, factors: list[str], outcomes: list[str]
) -> Section | None:
    try:
        ranking = read_table(folder, RANKING)
        outcome = str(ranking["outcome"].iloc[0])
    except ResultsError:
        if not factors or not outcomes or "design_index" not in runs.columns:
            return None
        outcome = outcomes[0]
        ranking = rank_design_points(runs, factors, outcome)
    if ranking.empty:
        return None
    top = ranking.head(_SHOWN_RANKS)
    fig = ranking_plot(top, outcome, point_labels(top, factors))
    shown = top.drop(columns=[c for c in ("outcome",) if c in top.columns])
    body = [
        paragraph(ranking_sentence(ranking, outcome, factors)),
        figure_html(
            fig,
            f"Configurations ranked by mean {outcome}: 95% bootstrap CI over "
            "replicates.",
        ),
        table_html(
            shown,
            headers={f: f.rsplit(".", 1)[-1] for f in factors},
            table_id="ranking",
        ),
    ]
    return Section(f"Ranking by {outcome_words(outcome)}", "ranking", body)


def _indices(folder: Path) -> Section | None:
    indices = read_indices(folder)
    if indices is None:
        return None
    kind = next((c for c in ("kind", "order", "index") if c in indices.columns), None)
    missing = [
        c for c in ("outcome", "parameter", "estimate") if c not in indices.columns
    ]
    if missing or kind is None:
        lacking = missing or ["kind/order"]
        text = f"An indices table is present but lacks column(s) {lacking}."
        return Section(
            "Sensitivity indices",
            "indices",
            [paragraph(text), table_html(indices.head(50))],
        )
    frame = indices.copy()
    if "conf" in frame.columns and "conf_low" not in frame.columns:
        frame["conf_low"] = frame["estimate"] - frame["conf"]
        frame["conf_high"] = frame["estimate"] + frame["conf"]
    caption = (
        f"Sensitivity indices by parameter ({kind}); lines: confidence intervals "
        "where given."
    )
    return Section(
        "Sensitivity indices",
        "indices",
        [
            figure_html(indices_bars(frame, kind), caption),
            table_html(frame, table_id="indices"),
        ],
    )


def _discovery(folder: Path) -> Section | None:
    where = folder / DISCOVERY_DIR
    if not (where / "discovery.json").is_file():
        return None
    summary = json.loads((where / "discovery.json").read_text(encoding="utf-8"))
    trajectory = read_table(where, PRIM_TRAJECTORY)
    box = read_table(where, PRIM_BOX)
    leaves = read_table(where, CART_LEAVES)
    caption = "PRIM peeling trajectory: each dot a box; the ringed one is reported."
    return Section(
        "Scenario discovery",
        "discovery",
        [
            paragraph(discovery_sentence(summary, box)),
            figure_html(peeling_trajectory(trajectory), caption),
            "<h3>Chosen PRIM box</h3>",
            table_html(box, table_id="prim-box"),
            "<h3>CART tree leaves (rules), densest first</h3>",
            table_html(leaves, table_id="cart-leaves"),
            f"<pre>{_escape(str(summary.get('tree_text', '')))}</pre>",
        ],
    )


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def sweep_report(folder: Path | str) -> str:
    """Build the self-contained report of any results folder with a ``runs`` table.

    Raises:
        ResultsError: If ``runs`` or ``manifest.json`` is missing.
    """
    root = Path(folder)
    manifest = read_manifest(root)
    runs = read_table(root, RUNS)
    factors = [
        f for f in manifest.get("design", {}).get("factors", []) if f in runs.columns
    ]
    outcomes = _outcomes(manifest, runs)
    sections = [
        _overview(manifest, runs, factors),
        _summary_figures(root, runs, factors, outcomes),
    ]
    extras = (
        _ranking(root, runs, factors, outcomes),
        _indices(root),
        _discovery(root),
    )
    sections += [extra for extra in extras if extra is not None]
    sections.append(provenance_section(manifest))
    name = (
        manifest.get("experiment", {}).get("name")
        or manifest.get("scenario", {}).get("name")
        or root.name
    )
    return render_page(f"collabsim report: {name}", f"Results folder {root}", sections)
