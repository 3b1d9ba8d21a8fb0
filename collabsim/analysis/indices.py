"""SALib's analysers behind one tidy interface: arrays in, an ``indices`` table out.

Every function takes the SALib problem the design was sampled with, the design
points (one row per point, as sampled, before integer rounding) and one value per
point (the replicate mean), and returns rows ``parameter, kind, estimate,
conf_low, conf_high``. SALib's warnings are captured and returned as notes, and
SALib's global NumPy seeding (``delta``, ``pawn``) is undone after each call, so the
analysis leaves no global state behind.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd
from SALib.analyze import delta, fast, morris, pawn, rbd_fast, sobol

__all__ = [
    "INDEX_COLUMNS",
    "AnalysisSettings",
    "Analysed",
    "FloatArray",
    "analyse",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]

#: Columns of a tidy ``indices`` table (the outcome comes first).
INDEX_COLUMNS = ["outcome", "parameter", "kind", "estimate", "conf_low", "conf_high"]


@dataclass(frozen=True, slots=True)
class AnalysisSettings:
    """How SALib analyses a design.

    Attributes:
        seed: Seed of the bootstrap resampling (the experiment's root seed).
        conf_level: Confidence level of the intervals, in (0, 1).
        num_resamples: Bootstrap resamples.
        second_order: Sobol': the design has second-order blocks.
        num_levels: Morris: grid levels of the design.
        interference: eFAST: the design's interference factor M.
    """

    seed: int
    conf_level: float = 0.95
    num_resamples: int = 200
    second_order: bool = False
    num_levels: int = 4
    interference: int = 4


@dataclass(frozen=True, slots=True)
class Analysed:
    """Indices of one outcome and SALib's warnings (as plain text notes)."""

    rows: pd.DataFrame
    notes: tuple[str, ...] = field(default_factory=tuple)


@contextmanager
def _contained() -> Iterator[list[warnings.WarningMessage]]:
    # SALib's delta/pawn call np.random.seed and warnings.simplefilter("once");
    # restore both so the caller's RNG and warning filters are untouched.
    state = np.random.get_state()  # noqa: NPY002
    formatter = warnings.formatwarning
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield caught
        finally:
            np.random.set_state(state)  # noqa: NPY002
            warnings.formatwarning = formatter


def _rows(names: list[str], columns: dict[str, tuple[Any, Any]]) -> pd.DataFrame:
    """Tidy rows from SALib's arrays; conf is the half-width at conf_level, or None."""
    parts = []
    for kind, (estimate, conf) in columns.items():
        est = np.asarray(estimate, dtype=np.float64)
        half = (
            np.full_like(est, np.nan)
            if conf is None
            else np.asarray(conf, dtype=np.float64)
        )
        parts.append(
            pd.DataFrame(
                {
                    "parameter": names,
                    "kind": kind,
                    "estimate": est,
                    "conf_low": est - half,
                    "conf_high": est + half,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _second_order(names: list[str], si: Any) -> pd.DataFrame:
    rows = []
    for i, first in enumerate(names):
        for j in range(i + 1, len(names)):
            est, half = float(si["S2"][i, j]), float(si["S2_conf"][i, j])
            rows.append((f"{first} x {names[j]}", "S2", est, est - half, est + half))
    return pd.DataFrame(rows, columns=INDEX_COLUMNS[1:])


def _sobol(
    problem: dict[str, Any], x: FloatArray, y: FloatArray, s: AnalysisSettings
) -> pd.DataFrame:
    del x  # Saltelli's estimator needs only the order of the points
    si = sobol.analyze(
        problem,
        y,
        calc_second_order=s.second_order,
        num_resamples=s.num_resamples,
        conf_level=s.conf_level,
        seed=s.seed,
    )
    names = list(problem["names"])
    first = _rows(
        names,
        {"S1": (si["S1"], si["S1_conf"]), "ST": (si["ST"], si["ST_conf"])},
    )
    if not s.second_order:
        return first
    return pd.concat([first, _second_order(names, si)], ignore_index=True)


def _morris(
    problem: dict[str, Any], x: FloatArray, y: FloatArray, s: AnalysisSettings
) -> pd.DataFrame:
    si = morris.analyze(
        problem,
        x,
        y,
        num_resamples=s.num_resamples,
        conf_level=s.conf_level,
        num_levels=s.num_levels,
        seed=s.seed,
    )
    return _rows(
        list(problem["names"]),
        {
            "mu_star": (si["mu_star"], si["mu_star_conf"]),
            "mu": (si["mu"], None),
            "sigma": (si["sigma"], None),
        },
    )


def _fast(
    problem: dict[str, Any], x: FloatArray, y: FloatArray, s: AnalysisSettings
) -> pd.DataFrame:
    del x  # eFAST reads the search curve from the order of the points
    si = fast.analyze(
        problem,
        y,
        M=s.interference,
        num_resamples=s.num_resamples,
        conf_level=s.conf_level,
        seed=s.seed,
    )
    return _rows(
        list(problem["names"]),
        {"S1": (si["S1"], si["S1_conf"]), "ST": (si["ST"], si["ST_conf"])},
    )


def _rbd_fast(
    problem: dict[str, Any], x: FloatArray, y: FloatArray, s: AnalysisSettings
) -> pd.DataFrame:
    si = rbd_fast.analyze(
        problem,
        x,
        y,
        num_resamples=s.num_resamples,
        conf_level=s.conf_level,
        seed=s.seed,
    )
    return _rows(list(problem["names"]), {"S1": (si["S1"], si["S1_conf"])})


def _delta(
    problem: dict[str, Any], x: FloatArray, y: FloatArray, s: AnalysisSettings
) -> pd.DataFrame:
    si = delta.analyze(
        problem,
        x,
        y,
        num_resamples=s.num_resamples,
        conf_level=s.conf_level,
        seed=s.seed,
    )
    return _rows(
        list(problem["names"]),
        {
            # SALib >= 1.5 names Borgonovo's plain estimator delta_raw
            "delta": (si["delta_raw"], si["delta_raw_conf"]),
            "S1": (si["S1"], si["S1_conf"]),
        },
    )


def _pawn(
    problem: dict[str, Any], x: FloatArray, y: FloatArray, s: AnalysisSettings
) -> pd.DataFrame:
    si = pawn.analyze(problem, x, y, S=10, seed=s.seed)
    # PAWN gives KS statistics across conditioning slides and no bootstrap CI
    return _rows(
        list(problem["names"]),
        {
            "pawn_median": (si["median"], None),
            "pawn_mean": (si["mean"], None),
            "pawn_max": (si["maximum"], None),
        },
    )


_ANALYSERS: dict[
    str,
    Callable[[dict[str, Any], FloatArray, FloatArray, AnalysisSettings], pd.DataFrame],
] = {
    "sobol": _sobol,
    "morris": _morris,
    "fast": _fast,
    "rbd-fast": _rbd_fast,
    "delta": _delta,
    "pawn": _pawn,
}


def analyse(
    method: str,
    problem: dict[str, Any],
    x: FloatArray,
    y: FloatArray,
    settings: AnalysisSettings,
) -> Analysed:
    """Run SALib's analyser ``method`` on design points ``x`` and outputs ``y``.

    Args:
        method: ``sobol``, ``morris``, ``fast``, ``rbd-fast``, ``delta`` or ``pawn``.
        problem: The SALib problem the design was sampled with.
        x: Design points as sampled, shape (n_points, n_factors).
        y: One output per point (replicate means), shape (n_points,).
        settings: Seed, confidence level and design details.

    Returns:
        Rows ``parameter, kind, estimate, conf_low, conf_high`` (S2 rows name a
        pair ``a x b``) and SALib's warnings as notes.

    Raises:
        KeyError: If ``method`` is unknown.
        ValueError: If SALib rejects the sample (e.g. a size that does not fit).
    """
    analyser = _ANALYSERS[method]
    with _contained() as caught:
        rows = analyser(problem, x, np.asarray(y, dtype=np.float64), settings)
    notes = tuple(dict.fromkeys(str(w.message) for w in caught))
    return Analysed(rows=rows, notes=notes)
