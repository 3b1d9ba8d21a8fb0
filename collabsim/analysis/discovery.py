"""Scenario discovery over a finished sweep: PRIM boxes and a CART tree.

"Under which conditions does collaboration collapse?" Runs whose outcome lies below
(or above) a threshold are the cases of interest. PRIM (Friedman & Fisher 1999), as
implemented in the EMA Workbench (Kwakkel 2017), peels the factor space into a box
that holds many of them (coverage) at a high concentration (density); a CART tree
(scikit-learn) gives an alternative, rule-based partition. Both work on the tidy
``runs`` table: factor columns in, a boolean case-of-interest column out.

References:
    Bryant & Lempert 2010, doi:10.1016/j.techfore.2009.08.002 (scenario discovery);
    Kwakkel 2017, doi:10.1016/j.envsoft.2017.06.054 (EMA Workbench).
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.stats import binom
from sklearn.tree import DecisionTreeClassifier, export_text

from collabsim.arrays import BoolArray
from collabsim.errors import ResultsError

__all__ = [
    "CaseRule",
    "DiscoveryResult",
    "cart_leaves",
    "cases_of_interest",
    "discover",
    "factor_frame",
    "prim_box",
]


@dataclass(frozen=True, slots=True)
class CaseRule:
    """Which runs are cases of interest: ``outcome`` below or above ``threshold``."""

    outcome: str
    direction: Literal["below", "above"]
    threshold: float

    def describe(self) -> str:
        """Return e.g. ``collaboration_rate_final below 0.3``."""
        return f"{self.outcome} {self.direction} {self.threshold:g}"


@dataclass(frozen=True, slots=True)
class DiscoveryResult:
    """Tidy results of one discovery.

    Attributes:
        rule: The case-of-interest rule.
        n_runs: Runs analysed (ok runs with a finite outcome).
        n_cases: Runs that are cases of interest.
        trajectory: PRIM peeling trajectory: ``box``, ``coverage``, ``density``,
            ``mass``, ``n_restricted``, ``chosen``.
        box: Limits of the chosen box per restricted factor: ``factor``, ``kind``
            (``numeric``/``categorical``), ``low``, ``high``, ``levels``,
            ``qp_value`` (quasi-p: is the restriction better than chance).
        leaves: CART leaves: ``leaf``, ``rule``, ``n``, ``n_cases``, ``density``,
            ``coverage``, ``predicts_case``.
        tree_text: The tree as indented text (``sklearn.tree.export_text``).
        importance: CART feature importances: ``feature``, ``importance``.
    """

    rule: CaseRule
    n_runs: int
    n_cases: int
    trajectory: pd.DataFrame
    box: pd.DataFrame
    leaves: pd.DataFrame
    tree_text: str
    importance: pd.DataFrame

    def summary(self) -> dict[str, Any]:
        """JSON-ready scalars (what ``discovery.json`` holds beside the tables)."""
        chosen = self.trajectory[self.trajectory["chosen"]].iloc[0]
        return {
            "outcome": self.rule.outcome,
            "direction": self.rule.direction,
            "threshold": self.rule.threshold,
            "n_runs": self.n_runs,
            "n_cases": self.n_cases,
            "chosen_box": int(chosen["box"]),
            "coverage": float(chosen["coverage"]),
            "density": float(chosen["density"]),
            "tree_text": self.tree_text,
        }


def factor_frame(runs: pd.DataFrame, factors: Sequence[str]) -> pd.DataFrame:
    """Factor columns as PRIM needs them: numbers as float, the rest categorical.

    Raises:
        ResultsError: If a factor is not a column of ``runs``.
    """
    if missing := [f for f in factors if f not in runs.columns]:
        raise ResultsError(f"runs table has no factor column(s) {missing}")
    x = pd.DataFrame(index=runs.index)
    for name in factors:
        column = runs[name]
        numeric = pd.api.types.is_numeric_dtype(column)
        if numeric and not pd.api.types.is_bool_dtype(column):
            x[name] = column.astype(np.float64)
        else:
            x[name] = column.astype(str).astype("category")
    frame: pd.DataFrame = x.reset_index(drop=True)
    return frame


def cases_of_interest(runs: pd.DataFrame, rule: CaseRule) -> pd.DataFrame:
    """Ok runs with a finite outcome, plus a boolean ``case`` column.

    Raises:
        ResultsError: If the outcome is absent or no run is usable.
    """
    if rule.outcome not in runs.columns:
        raise ResultsError(f"runs table has no outcome column {rule.outcome!r}")
    finite = np.isfinite(runs[rule.outcome].to_numpy(dtype=np.float64))
    usable: pd.DataFrame = runs[(runs["status"] == "ok").to_numpy() & finite].copy()
    if usable.empty:
        raise ResultsError(f"no ok run has a finite {rule.outcome!r}")
    value = usable[rule.outcome]
    below = rule.direction == "below"
    usable["case"] = value < rule.threshold if below else value > rule.threshold
    return usable.reset_index(drop=True)


def _import_prim() -> Any:
    # The workbench warns at import about an optional parallel backend we never use.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="ipyparallel", category=UserWarning)
        from ema_workbench.analysis import prim
    return prim


def _prim_search(prim: Any, x: pd.DataFrame, y: BoolArray, mass_min: float) -> Any:
    """A ``Prim`` search on EMA Workbench 2.5 and 3.0 alike.

    3.0 dropped ``threshold``: it keeps the whole peeling trajectory. 2.5 needs one;
    y is 0/1, so any threshold in (0, 1] marks the cases, and 1/n also accepts every
    box holding a case (2.5 swaps a box below its threshold for the unpeeled "dump"
    box), so the whole trajectory is kept there too and the box is chosen by
    ``min_density`` afterwards.
    """
    if "threshold" in inspect.signature(prim.Prim).parameters:
        return prim.Prim(
            x, y.astype(np.float64), threshold=1.0 / y.size, mass_min=mass_min
        )
    return prim.Prim(x, y.astype(np.float64), mass_min=mass_min)


def prim_box(
    x: pd.DataFrame,
    case: BoolArray,
    *,
    min_density: float = 0.8,
    mass_min: float = 0.05,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Find one PRIM box; choose the widest box on the trajectory dense enough.

    The chosen box has the highest coverage among boxes with density of at least
    ``min_density`` (then the highest density, then the fewest restricted
    factors); if none is that dense, the densest box.

    Args:
        x: Factors, from :func:`factor_frame`.
        case: Whether each row is a case of interest.
        min_density: Smallest acceptable share of cases inside the box.
        mass_min: Smallest share of all runs a box may hold (PRIM stops there).

    Returns:
        ``(trajectory, box)`` as described in :class:`DiscoveryResult`.

    Raises:
        ResultsError: If there are no cases of interest.
    """
    y = np.asarray(case, dtype=bool)
    if not y.any():
        raise ResultsError("no run is a case of interest: nothing to discover")
    prim = _import_prim()
    with warnings.catch_warnings():
        # pandas deprecations inside the workbench (e.g. inplace=), not ours
        warnings.filterwarnings("ignore", module=r"ema_workbench\.")
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", category=FutureWarning)
        found = _prim_search(prim, x, y, mass_min).find_box()
        peel = found.peeling_trajectory
        trajectory = pd.DataFrame(
            {
                "box": peel["id"].astype(np.int64),
                "coverage": peel["coverage"].astype(np.float64),
                "density": peel["density"].astype(np.float64),
                "mass": peel["mass"].astype(np.float64),
                "n_restricted": peel["res_dim"].astype(np.int64),
            }
        ).reset_index(drop=True)
        chosen = _choose(trajectory, min_density)
        trajectory["chosen"] = trajectory["box"] == chosen
        limits = found.box_lims[chosen]
        initial = found.box_lims[0]
    return trajectory, _box_table(x, y, limits, initial)


def _choose(trajectory: pd.DataFrame, min_density: float) -> int:
    dense = trajectory[trajectory["density"] >= min_density]
    if dense.empty:
        densest = int(np.argmax(trajectory["density"].to_numpy()))
        return int(trajectory["box"].to_numpy()[densest])
    best = dense.sort_values(
        ["coverage", "density", "n_restricted"],
        ascending=[False, False, True],
        kind="stable",
    )
    return int(best["box"].iloc[0])


def _inside(x: pd.DataFrame, limits: pd.DataFrame) -> BoolArray:
    keep = np.ones(len(x), dtype=bool)
    for name in limits.columns:
        low, high = limits[name].iloc[0], limits[name].iloc[1]
        if isinstance(low, set | frozenset):
            keep &= x[name].astype(str).isin({str(v) for v in low}).to_numpy()
        else:
            values = x[name].to_numpy(dtype=np.float64)
            keep &= (values >= float(low)) & (values <= float(high))
    return keep


def _quasi_p(
    x: pd.DataFrame, y: BoolArray, limits: pd.DataFrame, relaxed: pd.DataFrame
) -> float:
    """Binomial chance of the box's cases if ``relaxed``'s density held inside it.

    Bryant & Lempert 2010: a large value means the restriction adds little.
    """
    box, wider = _inside(x, limits), _inside(x, relaxed)
    n, k = int(box.sum()), int(y[box].sum())
    p = float(y[wider].mean()) if wider.any() else 0.0
    return float(binom.sf(k - 1, n, p)) if n else float("nan")


def _box_table(
    x: pd.DataFrame, y: BoolArray, limits: pd.DataFrame, initial: pd.DataFrame
) -> pd.DataFrame:
    rows = []
    for name in limits.columns:
        low, high = limits[name].iloc[0], limits[name].iloc[1]
        if low == initial[name].iloc[0] and high == initial[name].iloc[1]:
            continue  # not restricted
        relaxed = limits.copy()
        relaxed[name] = initial[name]
        qp = _quasi_p(x, y, limits, relaxed)
        if isinstance(low, set | frozenset):
            levels = ", ".join(sorted(str(v) for v in low))
            row = {"kind": "categorical", "low": np.nan, "high": np.nan}
        else:
            levels, row = (
                "",
                {"kind": "numeric", "low": float(low), "high": float(high)},
            )
        rows.append({"factor": str(name), **row, "levels": levels, "qp_value": qp})
    return pd.DataFrame(
        rows, columns=["factor", "kind", "low", "high", "levels", "qp_value"]
    )


def _encode(x: pd.DataFrame) -> pd.DataFrame:
    categorical = [c for c in x.columns if isinstance(x[c].dtype, pd.CategoricalDtype)]
    return pd.get_dummies(x, columns=categorical, prefix_sep="=", dtype=np.float64)


def cart_leaves(
    x: pd.DataFrame, case: BoolArray, *, max_depth: int = 3
) -> tuple[pd.DataFrame, str, pd.DataFrame]:
    """Fit a CART classification tree and list its leaves as readable rules.

    Categorical factors are one-hot encoded (``factor=level`` columns); the tree is
    seeded (``random_state=0``) and leaves hold at least 2% of the runs.

    Returns:
        ``(leaves, tree_text, importance)`` as described in :class:`DiscoveryResult`.
    """
    y = np.asarray(case, dtype=bool)
    encoded = _encode(x)
    names = [str(c) for c in encoded.columns]
    tree = DecisionTreeClassifier(
        max_depth=max_depth,
        min_samples_leaf=max(5, int(0.02 * len(y))),
        random_state=0,
    ).fit(encoded.to_numpy(), y)
    inner = tree.tree_
    total_cases = max(int(y.sum()), 1)
    leaf_of = tree.apply(encoded.to_numpy())
    rows = []
    for leaf, rule in _paths(inner, names):
        inside = leaf_of == leaf
        n, hits = int(inside.sum()), int(y[inside].sum())
        rows.append(
            {
                "leaf": leaf,
                "rule": rule,
                "n": n,
                "n_cases": hits,
                "density": hits / n if n else np.nan,
                "coverage": hits / total_cases,
                "predicts_case": bool(n and hits / n > 0.5),
            }
        )
    leaves = pd.DataFrame(rows).sort_values("density", ascending=False, kind="stable")
    importance = pd.DataFrame(
        {"feature": names, "importance": tree.feature_importances_}
    ).sort_values("importance", ascending=False, kind="stable")
    text = export_text(tree, feature_names=names, show_weights=True)
    return leaves.reset_index(drop=True), text, importance.reset_index(drop=True)


def _paths(inner: Any, names: list[str]) -> list[tuple[int, str]]:
    """(leaf id, "a <= 1 and b > 2") for every leaf, depth first."""
    found: list[tuple[int, str]] = []
    stack: list[tuple[int, list[str]]] = [(0, [])]
    while stack:
        node, conditions = stack.pop()
        left, right = int(inner.children_left[node]), int(inner.children_right[node])
        if left < 0:
            found.append((node, " and ".join(conditions) or "all runs"))
            continue
        name, cut = names[int(inner.feature[node])], float(inner.threshold[node])
        if "=" in name:  # one-hot column: 0/1 split at 0.5
            stack.append((right, [*conditions, name]))
            stack.append((left, [*conditions, name.replace("=", " != ", 1)]))
        else:
            stack.append((right, [*conditions, f"{name} > {cut:.3g}"]))
            stack.append((left, [*conditions, f"{name} <= {cut:.3g}"]))
    return found


def discover(
    runs: pd.DataFrame,
    factors: Sequence[str],
    rule: CaseRule,
    *,
    min_density: float = 0.8,
    max_depth: int = 3,
) -> DiscoveryResult:
    """PRIM and CART over a sweep's ``runs`` table.

    Args:
        runs: Sweep ``runs`` table (status, factor and outcome columns).
        factors: Factor columns that define the conditions.
        rule: Which runs are cases of interest.
        min_density: Smallest share of cases in the chosen PRIM box.
        max_depth: Depth of the CART tree.

    Raises:
        ResultsError: If a column is missing or no run is a case of interest.
    """
    usable = cases_of_interest(runs, rule)
    x = factor_frame(usable, factors)
    case = usable["case"].to_numpy(dtype=bool)
    trajectory, box = prim_box(x, case, min_density=min_density)
    leaves, text, importance = cart_leaves(x, case, max_depth=max_depth)
    return DiscoveryResult(
        rule=rule,
        n_runs=len(usable),
        n_cases=int(case.sum()),
        trajectory=trajectory,
        box=box,
        leaves=leaves,
        tree_text=text,
        importance=importance,
    )
