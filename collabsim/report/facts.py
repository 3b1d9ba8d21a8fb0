"""The HTML report of a facts run: one row per fact; emergent apart from constructed.

Self-contained (inline CSS, the figure as base64 PNG, no scripts), built from the
tables of a facts folder: the ``facts`` summary, the ``points`` of the box and the
manifest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from collabsim.analysis.facts import (
    HOLDS,
    fact_effects,
    fact_summary,
    paired_differences,
    read_folder_values,
)
from collabsim.experiment.facts import FactsSpec
from collabsim.plots.facts import (
    GROUPS,
    fact_group,
    plot_box_shares,
    plot_fact_effects,
)
from collabsim.plots.style import save_figure
from collabsim.report.html import (
    Section,
    bullet_list,
    figure_html,
    format_number,
    paragraph,
    render_page,
    table_html,
)
from collabsim.report.provenance import provenance_section
from collabsim.results.files import read_table, write_table
from collabsim.results.manifest import read_manifest
from collabsim.sweep.executors import Backend
from collabsim.sweep.facts_plan import FactsPlan
from collabsim.sweep.facts_runner import POINTS, run_facts
from collabsim.sweep.runner import SweepOptions, SweepSummary

__all__ = [
    "DIFFERENCES_TABLE",
    "EFFECTS_TABLE",
    "FACTS_TABLE",
    "FactsOutputs",
    "count_holding",
    "evaluate_facts",
    "facts_report",
    "write_facts_outputs",
]

#: One row per fact (the summary); per fact and point; per fact, point, replicate.
FACTS_TABLE, EFFECTS_TABLE, DIFFERENCES_TABLE = "facts", "effects", "differences"

_HEADERS = {
    "fact": "Fact",
    "claim": "Claim",
    "role": "Role",
    "effect_ci": "Effect [95% CI] at the defaults",
    "verdict": "Verdict",
    "share_holds": "Share of box holding",
    "share_right_sign": "Share of box with the right sign",
    "construction": "Construction",
}


def count_holding(summary: pd.DataFrame) -> pd.DataFrame:
    """Facts holding at the defaults per report group and role.

    Returns:
        Columns ``group``, ``role``, ``holding``, ``facts``, in report order.
    """
    frame = summary.assign(group=fact_group(summary), ok=summary["verdict"] == HOLDS)
    counts = (
        frame.groupby(["group", "role"], sort=False)
        .agg(holding=("ok", "sum"), facts=("ok", "size"))
        .reset_index()
    )
    order = {g: k for k, g in enumerate(GROUPS)}
    return counts.sort_values(
        ["group", "role"], key=lambda c: c.map(order) if c.name == "group" else c
    ).reset_index(drop=True)


def _interval(row: Mapping[Any, Any]) -> str:
    effect, low, high = (format_number(row[k]) for k in ("effect", "ci_low", "ci_high"))
    return f"{effect} [{low}, {high}]"


def _table(part: pd.DataFrame, group: str, *, box: bool) -> str:
    shown = part.assign(
        effect_ci=[_interval(r) for r in part.to_dict(orient="records")]
    )
    columns = ["fact", "claim", "role", "effect_ci", "verdict"]
    if box:
        columns += ["share_holds", "share_right_sign"]
    return table_html(shown[columns], headers=_HEADERS, table_id=f"facts-{group}")


def _summary_items(summary: pd.DataFrame, *, box: bool) -> list[str]:
    items = [
        f"{GROUPS[str(row.group)]}, {row.role}: {row.holding} of {row.facts} "
        "hold at the defaults"
        for row in count_holding(summary).itertuples(index=False)
    ]
    if box:
        validation = summary[(summary["role"] == "validation")]
        below = validation[validation["share_holds"] < 0.9]["fact"].tolist()
        items.append(
            "Validation facts holding over less than 90% of the box: "
            + (", ".join(below) if below else "none")
        )
    return items


def facts_report(
    summary: pd.DataFrame,
    points: pd.DataFrame,
    manifest: Mapping[str, Any],
) -> str:
    """Render the report of a facts folder as one HTML page.

    Args:
        summary: The ``facts`` table (:func:`collabsim.analysis.facts.fact_summary`).
        points: The ``points`` table (point 0 = the defaults).
        manifest: The folder's manifest.
    """
    box = bool((summary["box_points"] > 0).any())
    name = manifest.get("facts", {}).get("name", "facts")
    seeds = manifest.get("design", {}).get("replicates", "?")
    lead = (
        f"Facts file {name!r}: each fact is a paired treatment-minus-base "
        f"difference over {seeds} common seeds, with a 95% t interval; it holds when "
        "the whole interval lies on the claimed side of zero."
    )
    if box:
        lead += (
            f" The box: {len(points) - 1} Latin-hypercube points of "
            f"{len(points.columns) - 1} factors; a fact's share of the box is the "
            "share of those points where it holds (or where its mean has the right "
            "sign)."
        )
    groups = fact_group(summary)
    sections = [
        Section("Summary", "summary", [bullet_list(_summary_items(summary, box=box))]),
        Section(
            "Effects",
            "effects",
            [figure_html(plot_fact_effects(summary), "Effects at the defaults")],
        ),
    ]
    if box:
        caption = "Share of the box where each fact holds and where its sign is right"
        sections.append(
            Section("Box", "box", [figure_html(plot_box_shares(summary), caption)])
        )
    for group, title in GROUPS.items():
        part = summary[groups == group]
        if part.empty:
            continue
        body = [_table(part, group, box=box)]
        note = {
            "by_construction": "A registered mechanism encodes the direction: the "
            "test checks the wiring and that nothing else overturns it. Labelled, "
            "not counted as evidence of emergence.",
            "mixed": "Part of the effect, or its sign, is encoded; part emerges.",
            "emergent": "No single rule encodes the direction.",
            "ablation": "Mechanism checks (theory §D4): switching one link off "
            "moves its outcome as predicted.",
        }[group]
        sections.append(Section(title, group, [paragraph(note, css="muted"), *body]))
    sections.append(provenance_section(manifest))
    return render_page(f"Stylised facts: {name}", lead, sections)


@dataclass(frozen=True, slots=True)
class FactsOutputs:
    """What :func:`write_facts_outputs` wrote: the tables and the files.

    Attributes:
        summary: One row per fact (``facts.parquet``).
        effects: One row per fact and point (``effects.parquet``).
        files: Every file written.
        runs: Counts of the runs, when :func:`evaluate_facts` ran them.
    """

    summary: pd.DataFrame
    effects: pd.DataFrame
    files: tuple[Path, ...]
    runs: SweepSummary | None = None


def write_facts_outputs(out: Path | str, spec: FactsSpec) -> FactsOutputs:
    """Evaluate a finished facts folder and write its tables, figure and report.

    Writes ``facts.parquet`` (one row per fact: :func:`fact_summary`),
    ``effects.parquet`` (per fact and point), ``differences.parquet`` (per fact,
    point and replicate), ``figures/fact_effects.png`` and ``.svg``, and
    ``report.html``.

    Raises:
        ResultsError: If the folder's tables are missing.
    """
    folder = Path(out)
    differences = paired_differences(read_folder_values(folder))
    effects = fact_effects(differences, spec)
    summary = fact_summary(effects, spec)
    files = [
        write_table(summary, folder / f"{FACTS_TABLE}.parquet"),
        write_table(effects, folder / f"{EFFECTS_TABLE}.parquet"),
        write_table(differences, folder / f"{DIFFERENCES_TABLE}.parquet"),
    ]
    files += save_figure(plot_fact_effects(summary), folder / "figures", "fact_effects")
    if (summary["box_points"] > 0).any():
        figure = plot_box_shares(summary)
        files += save_figure(figure, folder / "figures", "box_shares")
    page = facts_report(summary, read_table(folder, POINTS), read_manifest(folder))
    report = folder / "report.html"
    report.write_text(page, encoding="utf-8")
    return FactsOutputs(summary, effects, (*files, report))


def evaluate_facts(
    plan: FactsPlan,
    out: Path | str,
    *,
    backend: Backend | None = None,
    options: SweepOptions | None = None,
    resume: bool = False,
) -> FactsOutputs:
    """Run a facts plan into ``out``, then write its tables, figure and report.

    What ``collabsim facts`` does: :func:`collabsim.sweep.facts_runner.run_facts`,
    then :func:`write_facts_outputs`.

    Args:
        plan: The runs (:func:`collabsim.sweep.facts_plan.plan_facts`).
        out: The facts folder.
        backend: Where runs go (default: a process pool on all cores).
        options: Chunk size, progress callback, the command for the manifest.
        resume: Continue the runs already in ``out``.

    Raises:
        ResultsError: If ``out`` holds other results or is being written.
    """
    runs = run_facts(plan, out, backend=backend, options=options, resume=resume)
    outputs = write_facts_outputs(out, plan.spec)
    return FactsOutputs(outputs.summary, outputs.effects, outputs.files, runs)
