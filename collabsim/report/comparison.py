"""The comparison report: configurations side by side, from a compare folder's tables.

Reads only the folder (``configurations``, ``runs``, ``steps``, ``ties``,
``organisations``, ``mechanisms``, ``differences``, ``damour`` and
``manifest.json``), so every number shown can be traced to a Parquet file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from collabsim.analysis.contrasts import COMPARED_METRICS, configuration_order
from collabsim.errors import ResultsError
from collabsim.report.figures import (
    comparison_trajectories,
    damour_heatmap,
    difference_forest,
    network_panels,
)
from collabsim.report.html import (
    Section,
    bullet_list,
    figure_html,
    paragraph,
    render_page,
    table_html,
)
from collabsim.report.narrative import comparison_sentences, outcome_words
from collabsim.report.provenance import provenance_section
from collabsim.results.files import read_table
from collabsim.results.manifest import read_manifest
from collabsim.results.tables import (
    ACTIVE_MECHANISMS,
    CONFIGURATIONS,
    DAMOUR,
    DIFFERENCES,
    ORGANISATIONS,
    RUNS,
    STEPS,
    TIES,
)

__all__ = ["COMPARISON_TABLES", "comparison_report", "read_comparison"]

#: Tables a compare folder holds (``organisations``, ``ties`` and ``events`` optional).
COMPARISON_TABLES: tuple[str, ...] = (
    CONFIGURATIONS,
    ACTIVE_MECHANISMS,
    RUNS,
    STEPS,
    DIFFERENCES,
    DAMOUR,
    ORGANISATIONS,
    TIES,
)
_OPTIONAL = {ORGANISATIONS, TIES}
_DIFF_HEADERS = {
    "outcome": "Outcome",
    "configuration": "Configuration",
    "n_pairs": "Paired seeds",
    "mean_reference": "Mean (reference)",
    "mean_configuration": "Mean (configuration)",
    "difference": "Difference",
    "conf_low": "95% CI low",
    "conf_high": "95% CI high",
    "effect_size": "Cohen's d",
    "effect_label": "Effect size",
}


def read_comparison(folder: Path | str) -> dict[str, pd.DataFrame]:
    """Read a compare folder's tables (optional ones only if present)."""
    tables = {}
    for name in COMPARISON_TABLES:
        try:
            tables[name] = read_table(folder, name)
        except ResultsError:
            if name not in _OPTIONAL:
                raise
    order = tables[CONFIGURATIONS].sort_values("position")["configuration"]
    runs = tables[RUNS]
    runs["configuration"] = pd.Categorical(
        runs["configuration"].astype(str), categories=list(order), ordered=True
    )
    return tables


def _summary(tables: Mapping[str, pd.DataFrame]) -> Section:
    sentences = comparison_sentences(tables[DIFFERENCES])
    names = configuration_order(tables[RUNS])
    headline = [s for s in sentences if s.startswith("Compared with")]
    body = [
        paragraph(
            f"{len(names)} configurations, each run on the same "
            f"{tables[RUNS]['seed'].nunique()} seeds (common random numbers); "
            f"differences are paired by seed and measured against {names[0]}."
        ),
        '<div class="summary">' + bullet_list(headline) + "</div>",
        "<h3>Every compared outcome</h3>",
        bullet_list([s for s in sentences if s not in headline]),
    ]
    return Section("Summary", "summary", body)


def _trajectories(tables: Mapping[str, pd.DataFrame], step_unit: str) -> Section:
    steps = tables[STEPS].merge(tables[RUNS][["run_id", "configuration"]], on="run_id")
    fig = comparison_trajectories(steps, COMPARED_METRICS, step_unit=step_unit)
    caption = (
        "Trust, confidence, faith, risk threshold, collaboration rate and "
        "effectiveness over time: line = mean over seeds; band = middle 95% of runs."
    )
    return Section("Trajectories", "trajectories", [figure_html(fig, caption)])


def _differences(tables: Mapping[str, pd.DataFrame]) -> Section:
    diffs = tables[DIFFERENCES]
    shown = diffs[list(_DIFF_HEADERS)].assign(
        outcome=[outcome_words(o) for o in diffs["outcome"]]
    )
    caption = (
        "Final outcome minus the reference's, paired by seed: point = mean "
        "difference, bar = 95% percentile bootstrap CI over seeds; dashed = none."
    )
    return Section(
        "Differences from the reference",
        "differences",
        [
            figure_html(difference_forest(diffs), caption),
            paragraph(
                "Cohen's d divides the mean difference by the average of the two "
                "configurations' standard deviations across seeds (0.2 small, 0.5 "
                "medium, 0.8 large).",
                css="muted",
            ),
            table_html(shown, headers=_DIFF_HEADERS, table_id="differences"),
        ],
    )


def _damour(tables: Mapping[str, pd.DataFrame]) -> Section:
    damour = tables[DAMOUR]
    if damour.empty:
        return Section("D'Amour indicators", "damour", [paragraph("Not recorded.")])
    caption = (
        "D'Amour et al. (2008) collaboration indicators at the last step, mean "
        "score over seeds mapped to potential / developing / active."
    )
    wide = damour.pivot(index="indicator", columns="configuration", values="label")
    order = list(dict.fromkeys(damour["configuration"]))
    wide = wide.loc[list(dict.fromkeys(damour["indicator"])), order].reset_index()
    return Section(
        "D'Amour indicators",
        "damour",
        [
            figure_html(damour_heatmap(damour), caption),
            table_html(wide, headers={"indicator": "Indicator"}, table_id="damour"),
        ],
    )


def _networks(tables: Mapping[str, pd.DataFrame]) -> Section:
    if TIES not in tables or tables[TIES].empty:
        return Section("Partner networks", "networks", [paragraph("No ties table.")])
    sectors: dict[str, str] = {}
    if ORGANISATIONS in tables:
        orgs = tables[ORGANISATIONS][["organisation", "sector"]].drop_duplicates()
        sectors = dict(zip(orgs["organisation"], orgs["sector"], strict=False))
    fig = network_panels(tables[TIES], tables[RUNS], sectors)
    caption = (
        "Partner networks at the last recorded step; edge colour = mean trust "
        "between the pair over seeds (generated networks: first seed's graph)."
    )
    return Section("Partner networks", "networks", [figure_html(fig, caption)])


def _mechanisms(tables: Mapping[str, pd.DataFrame]) -> Section:
    mech = tables[ACTIVE_MECHANISMS]
    names = configuration_order(tables[RUNS])
    wide = (
        mech.assign(active=True)
        .pivot_table(
            index="mechanism",
            columns="configuration",
            values="active",
            aggfunc="any",
            fill_value=False,
            observed=True,
        )
        .reindex(columns=names, fill_value=False)
    )
    same = wide.all(axis=1) | ~wide.any(axis=1)
    body = [
        paragraph(
            f"{int(wide.all(axis=1).sum())} mechanisms were active in every "
            f"configuration; {int((~same).sum())} differ between configurations."
        )
    ]
    if (~same).any():
        body.append(table_html(wide[~same].reset_index(), table_id="mechanism-diff"))
    body.append(
        paragraph(
            "Active in every configuration: "
            + ", ".join(m.replace("_", " ") for m in wide.index[wide.all(axis=1)]),
            css="muted",
        )
    )
    return Section("Mechanisms", "mechanisms", body)


def comparison_report(folder: Path | str) -> str:
    """Build the self-contained comparison report of a compare folder.

    Raises:
        ResultsError: If a required table or the manifest is missing.
    """
    tables = read_comparison(folder)
    manifest: dict[str, Any] = read_manifest(folder)
    names = configuration_order(tables[RUNS])
    step_unit = str(tables[CONFIGURATIONS]["step_unit"].iloc[0])
    sections = [
        _summary(tables),
        _trajectories(tables, step_unit),
        _differences(tables),
        _damour(tables),
        _networks(tables),
        _mechanisms(tables),
        provenance_section(manifest, tables[CONFIGURATIONS]),
    ]
    lead = (
        f"{' vs '.join(names)}: how trust, confidence, faith and collaboration differ."
    )
    return render_page("collabsim comparison report", lead, sections)
