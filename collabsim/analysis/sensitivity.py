"""Sensitivity indices of a finished sweep, with diagnostics for a stochastic model.

This module reads a sweep folder through DuckDB (only per-design-point
aggregates reach pandas), rebuilds the SALib problem and design points from the
experiment recorded in the manifest, and analyses the **replicate means per design
point** (house style §B.6). Seed noise is reported beside the indices
(:func:`replicate_spread`), so a user sees when the indices are mostly noise.

References:
    Saltelli et al. (2010), *Variance based sensitivity analysis of model output*,
    CPC 181:259-270; Morris (1991); Saltelli, Tarantola & Chan (1999) eFAST;
    Plischke (2010) RBD-FAST; Borgonovo (2007) delta; Pianosi & Wagener (2015) PAWN.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from collabsim.analysis.indices import (
    INDEX_COLUMNS,
    AnalysisSettings,
    FloatArray,
    analyse,
)
from collabsim.analysis.methods import METHODS, default_method, fitting_methods
from collabsim.errors import ResultsError, did_you_mean
from collabsim.experiment.designs import (
    FastDesign,
    MorrisDesign,
    SobolDesign,
    design_points,
)
from collabsim.experiment.spec import ExperimentSpec, salib_problem
from collabsim.results.ledger import query_sweep
from collabsim.results.manifest import read_manifest

__all__ = [
    "SweepDesign",
    "analysis_sample",
    "block_size",
    "check_method",
    "check_outcomes",
    "design_means",
    "indices_for",
    "read_sweep_design",
    "replicate_spread",
    "settings_for",
]


@dataclass(frozen=True, slots=True)
class SweepDesign:
    """What a sweep was sampled with, read back from its manifest.

    Attributes:
        out: The sweep folder.
        spec: The experiment as resolved when the sweep started.
        problem: The SALib problem of the design.
        x: Design points as sampled (before integer rounding), one row per
            ``design_index``.
        outcomes: Outcomes stored in ``runs``.
        notes: Caveats of the design itself (e.g. a Sobol' ``n_base`` that is not
            a power of two).
    """

    out: Path
    spec: ExperimentSpec
    problem: dict[str, Any]
    x: FloatArray
    outcomes: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def method(self) -> str:
        """The design method (``sobol``, ``morris``, ``lhs``, ...)."""
        return str(self.spec.design.method)


def read_sweep_design(out: Path | str) -> SweepDesign:
    """Read a sweep's experiment from its manifest and rebuild its design points.

    Raises:
        ResultsError: If ``out`` is not a finished or running sweep folder, or its
            recorded experiment no longer validates.
    """
    folder = Path(out)
    manifest = read_manifest(folder)
    resolved = manifest.get("experiment", {}).get("resolved")
    if manifest.get("kind") != "sweep" or not isinstance(resolved, dict):
        msg = f"{folder}: not a sweep folder (its manifest records no experiment)"
        raise ResultsError(msg)
    try:
        spec = ExperimentSpec.model_validate(resolved)
    except ValueError as exc:
        msg = f"{folder}: the experiment in manifest.json does not validate: {exc}"
        raise ResultsError(msg) from exc
    if spec.design.method == "factorial":
        msg = (
            f"{folder}: a factorial design has no SALib analysis; sample with "
            "'sobol', 'morris', 'fast' or 'lhs' to compute sensitivity indices"
        )
        raise ResultsError(msg)
    problem = salib_problem(spec)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        points = design_points(spec.design, spec.factors, problem, spec.seed)
    notes = tuple(dict.fromkeys(str(w.message) for w in caught))
    x = points[spec.factor_paths].to_numpy(dtype=np.float64)
    outcomes = tuple(str(o) for o in manifest.get("outcomes", ()))
    return SweepDesign(folder, spec, problem, x, outcomes, notes)


def check_method(design: SweepDesign, method: str | None) -> str:
    """Return the analysis method to use (default: the design's own).

    Raises:
        ResultsError: If ``method`` is unknown or does not fit the design, naming
            the methods that do.
    """
    fits = fitting_methods(design.method)
    if method is None:
        return default_method(design.method)
    if method not in METHODS:
        msg = f"unknown method {method!r}; choose from {', '.join(METHODS)}"
        raise ResultsError(msg)
    if method not in fits:
        msg = (
            f"{design.out}: method {method!r} does not fit this sweep's "
            f"{design.method!r} design; methods that fit: {', '.join(fits)}"
        )
        raise ResultsError(msg)
    return method


def check_outcomes(design: SweepDesign, outcomes: Sequence[str]) -> list[str]:
    """Return the outcomes to analyse (default: all stored ones).

    Raises:
        ResultsError: If an outcome was not stored, suggesting the nearest name.
    """
    chosen = list(outcomes) or list(design.outcomes)
    for name in chosen:
        if name not in design.outcomes:
            hint = did_you_mean(name, design.outcomes)
            stored = ", ".join(design.outcomes)
            msg = f"unknown outcome {name!r}{hint}; stored: {stored}"
            raise ResultsError(msg)
    return chosen


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def design_means(
    design: SweepDesign, outcomes: Sequence[str], *, drop_failed: bool = False
) -> pd.DataFrame:
    """Return replicate means and variances per design point (DuckDB aggregate).

    Args:
        design: The sweep's design.
        outcomes: Stored outcome names.
        drop_failed: Analyse the runs that succeeded; otherwise failed runs are an
            error.

    Returns:
        One row per design point that has at least one ok run: ``design_index``,
        ``n_ok``, then ``<outcome>__mean`` and ``<outcome>__var`` per outcome
        (``__var`` is the sample variance across replicates; NaN with one).

    Raises:
        ResultsError: If runs failed and ``drop_failed`` is false.
    """
    aggregates = ", ".join(
        f"avg({_quoted(o)}) AS {_quoted(o + '__mean')}, "
        f"var_samp({_quoted(o)}) AS {_quoted(o + '__var')}"
        for o in outcomes
    )
    counts = query_sweep(
        design.out,
        "SELECT count(*) AS n, count(*) FILTER (WHERE status <> 'ok') AS failed "
        "FROM runs",
    )
    failed = int(counts["failed"].iloc[0])
    if failed and not drop_failed:
        msg = (
            f"{design.out}: {failed} of {int(counts['n'].iloc[0])} runs failed; "
            "rerun them or pass --drop-failed to analyse the runs that succeeded "
            "(incomplete Sobol' or Morris blocks are then left out)"
        )
        raise ResultsError(msg)
    # names are checked against the manifest's outcomes, not free user text
    sql = (
        f"SELECT design_index, count(*) AS n_ok, {aggregates} FROM runs "  # noqa: S608
        "WHERE status = 'ok' GROUP BY design_index ORDER BY design_index"
    )
    return query_sweep(design.out, sql)


def replicate_spread(
    design: SweepDesign, means: pd.DataFrame, outcomes: Sequence[str]
) -> pd.DataFrame:
    """Return the seed-noise share of each outcome.

    The seed-noise share is the mean within-design-point variance (between
    replicates of the same factor values) over the total variance of all ok runs.
    Near 0: the factors explain the output; near 1: the indices are mostly noise.
    The variance of the replicate means still carries within/replicates of noise.

    Returns:
        One row per outcome: ``outcome, replicates, within_var, total_var,
        means_var, seed_noise_share, noise_in_means_share`` (the last is the share
        of seed noise left in the replicate means that the indices analyse). With
        one replicate the shares are NaN (no within-point variance to measure).
    """
    sql = ", ".join(f"var_samp({_quoted(o)}) AS {_quoted(o)}" for o in outcomes)
    totals = query_sweep(
        design.out,
        f"SELECT {sql} FROM runs WHERE status = 'ok'",  # noqa: S608
    )
    replicates = float(means["n_ok"].mean()) if len(means) else float("nan")
    rows = []
    for o in outcomes:
        within = float(means[f"{o}__var"].mean()) if replicates >= 2 else np.nan
        total = float(totals[o].iloc[0])
        means_var = float(means[f"{o}__mean"].var(ddof=1))
        share = within / total if total > 0 else 0.0
        noise_in_means = within / replicates / means_var if means_var > 0 else np.nan
        rows.append(
            (o, replicates, within, total, means_var, share, min(noise_in_means, 1.0))
        )
    return pd.DataFrame(
        rows,
        columns=[
            "outcome",
            "replicates",
            "within_var",
            "total_var",
            "means_var",
            "seed_noise_share",
            "noise_in_means_share",
        ],
    )


def block_size(design: SweepDesign) -> int:
    """Return the number of consecutive design points that analyse as a unit.

    Sobol' blocks are one base sample (D + 2 or 2D + 2 points), Morris blocks one
    trajectory (D + 1); a given-data method can drop single points (1). eFAST
    needs every point (the size of the whole design).
    """
    d = len(design.spec.factors)
    spec_design = design.spec.design
    if isinstance(spec_design, SobolDesign):
        return 2 * d + 2 if spec_design.second_order else d + 2
    if isinstance(spec_design, MorrisDesign):
        return d + 1
    if isinstance(spec_design, FastDesign):
        return len(design.x)
    return 1


def _complete(
    design: SweepDesign, method: str, means: pd.DataFrame
) -> tuple[np.ndarray[Any, np.dtype[np.int64]], str | None]:
    """Return the design indices to analyse and a note if blocks were left out."""
    present = np.zeros(len(design.x), dtype=bool)
    present[means["design_index"].to_numpy(dtype=np.int64)] = True
    size = 1 if method in {"rbd-fast", "delta", "pawn"} else block_size(design)
    whole = present[: len(present) // size * size].reshape(-1, size).all(axis=1)
    keep = np.flatnonzero(np.repeat(whole, size))
    if len(keep) == len(present):
        return keep, None
    if not len(keep):
        msg = (
            f"{design.out}: no complete {method} block of {size} design points has "
            "an ok run; nothing to analyse"
        )
        raise ResultsError(msg)
    note = (
        f"{len(present) - len(keep)} of {len(present)} design points left out "
        f"(blocks of {size} with a missing or failed point)"
    )
    return keep, note


def analysis_sample(
    design: SweepDesign, means: pd.DataFrame, outcome: str, *, method: str
) -> tuple[FloatArray, FloatArray, str | None]:
    """Return the design points and replicate means to analyse, in design order.

    Whole blocks (see :func:`block_size`) with a missing point are left out.

    Raises:
        ResultsError: If nothing is left, or a kept point has no finite value.
    """
    keep, note = _complete(design, method, means)
    y_all = np.full(len(design.x), np.nan)
    y_all[means["design_index"].to_numpy(dtype=np.int64)] = means[f"{outcome}__mean"]
    x, y = design.x[keep], y_all[keep]
    if not np.isfinite(y).all():
        msg = f"{outcome}: {int((~np.isfinite(y)).sum())} design points have no value"
        raise ResultsError(msg)
    return x, y, note


def settings_for(
    design: SweepDesign, *, conf_level: float = 0.95, num_resamples: int = 200
) -> AnalysisSettings:
    """Return analysis settings that match the sweep's design and seed."""
    spec_design = design.spec.design
    return AnalysisSettings(
        seed=design.spec.seed,
        conf_level=conf_level,
        num_resamples=num_resamples,
        second_order=isinstance(spec_design, SobolDesign) and spec_design.second_order,
        num_levels=spec_design.num_levels
        if isinstance(spec_design, MorrisDesign)
        else 4,
        interference=spec_design.interference
        if isinstance(spec_design, FastDesign)
        else 4,
    )


def indices_for(
    design: SweepDesign,
    means: pd.DataFrame,
    outcome: str,
    *,
    method: str,
    settings: AnalysisSettings,
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Return the tidy indices of one outcome and the caveats met on the way.

    Args:
        design: The sweep's design.
        means: From :func:`design_means` (or any frame with ``design_index`` and
            ``<outcome>__mean``).
        outcome: Column stem in ``means``.
        method: A method that fits the design (see :func:`check_method`).
        settings: Seed, confidence level and design details.

    Raises:
        ResultsError: If SALib rejects the sample.
    """
    x, y, note = analysis_sample(design, means, outcome, method=method)
    try:
        analysed = analyse(method, design.problem, x, y, settings)
    except (ValueError, RuntimeError, ZeroDivisionError) as exc:
        msg = f"{outcome}: SALib {method} analysis rejected the sample: {exc}"
        raise ResultsError(msg) from exc
    rows = analysed.rows.assign(outcome=outcome)[INDEX_COLUMNS]
    notes = (*design.notes, *((note,) if note else ()), *analysed.notes)
    return rows, tuple(dict.fromkeys(notes))
