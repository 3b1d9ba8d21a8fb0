"""One sensitivity study of a sweep folder: indices, seed noise, convergence, over time.

:func:`sensitivity_study` gathers everything ``collabsim sensitivity`` reports;
:func:`write_study` writes it beside the sweep (``indices.parquet``/``.csv``,
``sensitivity.json`` and the diagnostics tables).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from collabsim.analysis.convergence import (
    FLAG_COLUMNS,
    convergence_flags,
    convergence_table,
    runs_needed,
)
from collabsim.analysis.sensitivity import (
    check_method,
    check_outcomes,
    design_means,
    indices_for,
    read_sweep_design,
    replicate_spread,
    settings_for,
)
from collabsim.analysis.time_resolved import time_resolved_indices
from collabsim.results.tables import INDICES

__all__ = ["StudyOptions", "SensitivityStudy", "sensitivity_study", "write_study"]

#: Seed-noise share above which the indices are flagged as mostly noise.
NOISY = 0.5


@dataclass(frozen=True, slots=True)
class StudyOptions:
    """What to analyse and how.

    Attributes:
        outcomes: Outcomes to analyse; empty = every stored outcome.
        method: Analysis method; None = the design's own.
        metric: Step metric for time-resolved indices; None = none.
        windows: Windows over the steps for ``metric``; 0 = every kept step.
        drop_failed: Analyse the ok runs when some failed.
        conf_level: Confidence level of the intervals.
        target: CI half-width a stable estimate should reach (see
            :func:`collabsim.analysis.convergence.runs_needed`).
    """

    outcomes: Sequence[str] = ()
    method: str | None = None
    metric: str | None = None
    windows: int = 8
    drop_failed: bool = False
    conf_level: float = 0.95
    target: float = 0.05


@dataclass(frozen=True, slots=True)
class SensitivityStudy:
    """The tables of one study (all tidy) and its caveats."""

    method: str
    design_method: str
    indices: pd.DataFrame
    spread: pd.DataFrame
    convergence: pd.DataFrame
    flags: pd.DataFrame
    needed: pd.DataFrame
    time_resolved: pd.DataFrame | None
    notes: tuple[str, ...]
    seconds: dict[str, float] = field(default_factory=dict)


def _noise_flags(spread: pd.DataFrame) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for _, row in spread.iterrows():
        share = float(row["seed_noise_share"])
        if row["total_var"] == 0:
            rows.append(
                (
                    str(row["outcome"]),
                    "",
                    "",
                    "constant",
                    "the outcome is the same in every run: no indices to estimate",
                )
            )
        elif math.isnan(share):
            rows.append(
                (
                    str(row["outcome"]),
                    "",
                    "",
                    "no_replicates",
                    (
                        "one replicate per design point: seed noise cannot be "
                        "separated from the factors' effects (use replicates >= 2)"
                    ),
                )
            )
        elif share > NOISY:
            rows.append(
                (
                    str(row["outcome"]),
                    "",
                    "",
                    "seed_noise",
                    (
                        f"seed noise is {share:.0%} of the variance: the indices are "
                        "mostly noise; add replicates"
                    ),
                )
            )
    return rows


def _small(needed: pd.DataFrame) -> list[tuple[str, str, str, str, str]]:
    return [
        (
            str(row["outcome"]),
            "",
            "",
            "small_sample",
            (
                f"widest CI half-width {row['max_half_width']:.3f} > target "
                f"{row['target_half_width']:.3f}: about "
                f"{int(row['runs_needed']):,} runs "
                f"({int(row['blocks_needed']):,} blocks) would be needed, "
                f"{int(row['runs']):,} were analysed"
            ),
        )
        for _, row in needed.iterrows()
        if row["runs_needed"] > row["runs"]
    ]


def sensitivity_study(out: Path | str, options: StudyOptions) -> SensitivityStudy:
    """Compute indices, seed-noise share, convergence and time-resolved indices.

    Raises:
        ResultsError: For a folder that is not a sweep, a method that does not fit
            the design, unknown outcomes or metrics, or failed runs without
            ``drop_failed``.
    """
    clock = time.perf_counter()
    design = read_sweep_design(out)
    method = check_method(design, options.method)
    outcomes = check_outcomes(design, options.outcomes)
    settings = settings_for(design, conf_level=options.conf_level)
    means = design_means(design, outcomes, drop_failed=options.drop_failed)
    read_seconds = time.perf_counter() - clock
    frames, conv, notes = [], [], list(design.notes)
    for outcome in outcomes:
        rows, caveats = indices_for(
            design, means, outcome, method=method, settings=settings
        )
        frames.append(rows)
        notes += caveats
        conv.append(
            convergence_table(design, means, outcome, method=method, settings=settings)
        )
    indices = pd.concat(frames, ignore_index=True)
    convergence = pd.concat(conv, ignore_index=True)
    spread = replicate_spread(design, means, outcomes)
    needed = runs_needed(design, indices, method=method, target=options.target)
    flags = pd.concat(
        [
            convergence_flags(indices, convergence),
            pd.DataFrame(_noise_flags(spread) + _small(needed), columns=FLAG_COLUMNS),
        ],
        ignore_index=True,
    )
    resolved = None
    if options.metric is not None:
        resolved, caveats = time_resolved_indices(
            design,
            options.metric,
            windows=options.windows,
            method=method,
            settings=settings,
        )
        notes += caveats
    return SensitivityStudy(
        method=method,
        design_method=design.method,
        indices=indices,
        spread=spread,
        convergence=convergence,
        flags=flags,
        needed=needed,
        time_resolved=resolved,
        notes=tuple(dict.fromkeys(notes)),
        seconds={
            "read": read_seconds,
            "analysis": time.perf_counter() - clock - read_seconds,
        },
    )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(frame.to_json(orient="records"))
    return records


def write_study(study: SensitivityStudy, out: Path | str) -> list[Path]:
    """Write the study's tables beside the sweep; return the files written.

    Files: ``indices.parquet`` and ``indices.csv`` (the tidy indices),
    ``sensitivity.json`` (method, seed-noise share, warnings, runs needed, notes),
    ``sensitivity_convergence.parquet``, ``sensitivity_warnings.csv`` and, with a
    metric, ``indices_time.parquet``.
    """
    folder = Path(out)
    written = []
    tables = {
        f"{INDICES}.parquet": study.indices,
        "sensitivity_convergence.parquet": study.convergence,
    }
    if study.time_resolved is not None:
        tables["indices_time.parquet"] = study.time_resolved
    for name, frame in tables.items():
        frame.to_parquet(folder / name, index=False)
        written.append(folder / name)
    study.indices.to_csv(folder / f"{INDICES}.csv", index=False)
    study.flags.to_csv(folder / "sensitivity_warnings.csv", index=False)
    summary = {
        "method": study.method,
        "design": study.design_method,
        "seed_noise": _records(study.spread),
        "warnings": _records(study.flags),
        "runs_needed": _records(study.needed),
        "notes": list(study.notes),
        "seconds": {k: round(v, 4) for k, v in study.seconds.items()},
    }
    (folder / "sensitivity.json").write_text(
        json.dumps(summary, indent=2) + "\n", encoding="utf-8"
    )
    written += [
        folder / f"{INDICES}.csv",
        folder / "sensitivity_warnings.csv",
        folder / "sensitivity.json",
    ]
    return written
