"""The calibration region, and how the validation facts fare inside it (HTML).

``collabsim calibrate`` writes, beside pyabc's history (``abc.db``):
``accepted.parquet`` (the last ABC generation: one row per particle, its weight,
distance and factor values), ``abc_statistics.parquet`` (each particle's signed t
per calibration fact), ``populations.parquet`` (epsilon and samples per
generation), ``validation/`` (a facts folder: the validation facts run at every
accepted particle), ``region.parquet`` (one row per validation fact: its share of
the region holding, weighted and not) and ``report.html``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from collabsim.analysis.facts import HOLDS
from collabsim.experiment.spec import ExperimentSpec
from collabsim.report.html import (
    Section,
    bullet_list,
    paragraph,
    render_page,
    table_html,
)
from collabsim.report.provenance import provenance_section

__all__ = ["calibration_report", "factor_ranges", "region_shares"]


def region_shares(
    effects: pd.DataFrame, particles: pd.DataFrame, summary: pd.DataFrame
) -> pd.DataFrame:
    """Per validation fact, the share of the accepted region where it holds.

    Args:
        effects: The validation facts' effects per point; point ``k`` (k >= 1) is
            accepted particle ``k - 1``.
        particles: The accepted particles (``weight``).
        summary: The validation facts' summary (claim, kind, construction...).

    Returns:
        One row per fact: ``fact``, ``claim``, ``kind``, ``construction``,
        ``particles``, ``share_holds``, ``share_holds_weighted``,
        ``share_right_sign``.
    """
    weights = particles["weight"].to_numpy(dtype=np.float64)
    rows = []
    for fact in summary.itertuples(index=False):
        part = effects[(effects["fact"] == fact.fact) & (effects["point"] >= 1)]
        part = part.sort_values("point")
        holds = (part["verdict"] == HOLDS).to_numpy(dtype=np.float64)
        w = weights[part["point"].to_numpy() - 1]
        rows.append(
            {
                "fact": fact.fact,
                "claim": fact.claim,
                "kind": fact.kind,
                "construction": fact.construction,
                "particles": len(part),
                "share_holds": float(holds.mean()) if len(part) else np.nan,
                "share_holds_weighted": (
                    float((holds * w).sum() / w.sum()) if w.sum() > 0 else np.nan
                ),
                "share_right_sign": float(part["right_sign"].mean()),
            }
        )
    return pd.DataFrame(rows)


def factor_ranges(particles: pd.DataFrame, box: ExperimentSpec) -> pd.DataFrame:
    """How far the accepted particles spread over each factor's box range.

    Returns:
        One row per factor: ``factor``, ``low``, ``high`` (the box), ``accepted_min``,
        ``accepted_mean`` (weighted), ``accepted_max``, ``spread`` (the accepted
        range as a share of the box range); narrowest first.
    """
    weights = particles["weight"].to_numpy(dtype=np.float64)
    rows = []
    for factor in box.factors:
        if factor.bounds is None:
            continue
        values = particles[factor.path].to_numpy(dtype=np.float64)
        low, high = factor.bounds
        rows.append(
            {
                "factor": factor.path,
                "low": low,
                "high": high,
                "accepted_min": float(values.min()),
                "accepted_mean": float(np.average(values, weights=weights)),
                "accepted_max": float(values.max()),
                "spread": float((values.max() - values.min()) / (high - low)),
            }
        )
    return (
        pd.DataFrame(rows).sort_values("spread", kind="stable").reset_index(drop=True)
    )


def calibration_report(
    region: pd.DataFrame,
    ranges: pd.DataFrame,
    particles: pd.DataFrame,
    populations: pd.DataFrame,
    manifest: Mapping[str, Any],
) -> str:
    """Render the calibration report as one self-contained HTML page."""
    accepted = int(particles["all_hold"].sum())
    facts = region[region["kind"] == "fact"]
    below = facts.loc[facts["share_holds_weighted"] < 0.9, "fact"].tolist()
    lead = (
        "ABC-SMC (pyabc) over the box, with the calibration facts only: the distance "
        "is each calibration fact's shortfall below the critical t of its 95% "
        "interval, summed, so it is 0 exactly where all of them hold. The validation "
        "facts took no part; they were run afterwards at the accepted particles."
    )
    epsilons = ", ".join(f"{e:.3g}" for e in populations["epsilon"].tolist())
    summary = [
        (
            f"{len(particles)} particles in the last generation; {accepted} with "
            "every calibration fact holding (distance 0)"
        ),
        f"Epsilon by generation: {epsilons}",
        f"Simulated particles in all: {int(populations['samples'].sum())}",
        "Validation facts holding over less than 90% of the region (weighted): "
        + (", ".join(below) if below else "none"),
    ]
    shown = region.drop(columns=["kind"])
    sections = [
        Section("Summary", "summary", [bullet_list(summary)]),
        Section(
            "Validation facts inside the region",
            "validation",
            [table_html(shown, table_id="region")],
        ),
        Section(
            "Accepted parameter sets",
            "accepted",
            [
                paragraph(
                    "Each factor's accepted range as a share of its box range "
                    "(narrowest first); every particle is in accepted.parquet.",
                    css="muted",
                ),
                table_html(ranges, table_id="ranges", digits=4),
            ],
        ),
        provenance_section(manifest),
    ]
    return render_page("Calibration region", lead, sections)
