"""Scenario discovery (PRIM + CART) and the comparison statistics, on planted data."""

import numpy as np
import pandas as pd
import pytest

from collabsim.analysis.contrasts import (
    bootstrap_mean_ci,
    damour_summary,
    paired_differences,
    rank_design_points,
)
from collabsim.analysis.discovery import CaseRule, discover
from collabsim.errors import ResultsError
from collabsim.report.narrative import comparison_sentences

FACTORS = ["a", "b", "noise", "generator"]


@pytest.fixture(scope="module")
def planted() -> pd.DataFrame:
    """Runs whose outcome collapses inside a planted box: a < 0.4, b > 0.5, hub."""
    rng = np.random.default_rng(7)
    n = 800
    runs = pd.DataFrame(
        {
            "status": "ok",
            "a": rng.uniform(0, 1, n),
            "b": rng.uniform(0, 1, n),
            "noise": rng.uniform(0, 1, n),
            "generator": rng.choice(["hub_and_spoke", "erdos_renyi"], n),
        }
    )
    inside = (
        (runs["a"] < 0.4) & (runs["b"] > 0.5) & (runs["generator"] == "hub_and_spoke")
    )
    runs["collaboration_rate_final"] = np.where(inside, 0.1, 0.7) + rng.normal(
        0, 0.05, n
    )
    return runs


@pytest.fixture(scope="module")
def found(planted):
    return discover(
        planted, FACTORS, CaseRule("collaboration_rate_final", "below", 0.4)
    )


def test_prim_recovers_the_planted_box(found):
    box = found.box.set_index("factor")
    assert set(box.index) >= {"a", "b", "generator"}
    assert box.loc["a", "high"] == pytest.approx(0.4, abs=0.05)
    assert box.loc["b", "low"] == pytest.approx(0.5, abs=0.05)
    assert box.loc["generator", "levels"] == "hub_and_spoke"
    if "noise" in box.index:  # a spurious restriction must at least be insignificant
        assert box.loc["noise", "qp_value"] > 0.05
    chosen = found.trajectory[found.trajectory["chosen"]].iloc[0]
    assert chosen["coverage"] >= 0.8
    assert chosen["density"] >= 0.8
    assert found.n_cases == pytest.approx(0.1 * found.n_runs, rel=0.3)


def test_peeling_trajectory_trades_coverage_for_density(found):
    trajectory = found.trajectory
    assert trajectory["coverage"].iloc[0] == 1.0
    assert trajectory["mass"].is_monotonic_decreasing
    assert trajectory["density"].iloc[-1] > trajectory["density"].iloc[0]
    assert trajectory["chosen"].sum() == 1


def test_cart_isolates_the_planted_box(found):
    best = found.leaves.iloc[0]
    assert best["predicts_case"]
    assert best["density"] > 0.9
    assert "a <=" in best["rule"]
    assert "b >" in best["rule"]
    assert "generator=hub_and_spoke" in best["rule"] or (
        "generator != erdos_renyi" in best["rule"]
    )
    assert found.importance["feature"].iloc[0] in {"a", "b"} or "generator" in str(
        found.importance["feature"].iloc[0]
    )


def test_no_cases_is_an_error(planted):
    with pytest.raises(ResultsError, match="no run is a case"):
        discover(planted, FACTORS, CaseRule("collaboration_rate_final", "below", -1.0))


def test_unknown_outcome_is_an_error(planted):
    with pytest.raises(ResultsError, match="no outcome column"):
        discover(planted, FACTORS, CaseRule("nope", "above", 0.0))


def _paired_runs(shift: float, rng) -> pd.DataFrame:
    seeds = np.arange(30)
    base = rng.normal(0.5, 0.1, seeds.size)
    rows = [
        pd.DataFrame({"configuration": "A", "seed": seeds, "y": base}),
        pd.DataFrame(
            {
                "configuration": "B",
                "seed": seeds,
                "y": base + shift + rng.normal(0, 0.01, 30),
            }
        ),
    ]
    runs = pd.concat(rows, ignore_index=True).assign(status="ok")
    runs["configuration"] = pd.Categorical(
        runs["configuration"], ["A", "B"], ordered=True
    )
    return runs


def test_paired_differences_are_reproducible_and_correct(rng):
    runs = _paired_runs(0.1, rng)
    first = paired_differences(runs, ["y"], n_boot=500, seed=3)
    again = paired_differences(runs, ["y"], n_boot=500, seed=3)
    pd.testing.assert_frame_equal(first, again)
    row = first.iloc[0]
    wide = runs.pivot(index="seed", columns="configuration", values="y")
    assert row["difference"] == pytest.approx((wide["B"] - wide["A"]).mean())
    assert row["conf_low"] < row["difference"] < row["conf_high"]
    assert row["excludes_zero"]
    assert row["reference"] == "A"


def test_sentences_are_honest_about_intervals_including_zero(rng):
    runs = _paired_runs(0.0, rng)
    diffs = paired_differences(runs, ["y"], n_boot=500, seed=0)
    assert not diffs["excludes_zero"].iloc[0]
    text = " ".join(comparison_sentences(diffs))
    assert "includes zero" in text
    assert "raised" not in text


def test_bootstrap_ci_covers_the_mean(rng):
    values = rng.normal(1.0, 0.2, 200)
    low, high = bootstrap_mean_ci(values, n_boot=1000, seed=0)
    assert low < values.mean() < high
    assert high - low == pytest.approx(2 * 1.96 * values.std() / np.sqrt(200), rel=0.25)


def test_rank_design_points_orders_by_mean(rng):
    runs = pd.DataFrame(
        {
            "design_index": np.repeat([0, 1, 2], 10),
            "status": "ok",
            "hub": np.repeat(["x", "y", "z"], 10),
            "y": np.concatenate([rng.normal(m, 0.01, 10) for m in (0.2, 0.8, 0.5)]),
        }
    )
    ranking = rank_design_points(runs, ["hub"], "y", n_boot=200)
    assert list(ranking["hub"]) == ["y", "z", "x"]
    assert list(ranking["rank"]) == [1, 2, 3]
    assert not ranking["overlaps_best"].iloc[1:].any()


def test_damour_summary_maps_scores_to_levels():
    steps = pd.DataFrame(
        {
            "run_id": ["r1", "r1", "r2", "r2"],
            "step": [0, 1, 0, 1],
            "damour_trust": [1.0, 2.9, 1.0, 2.9],
            "damour_goals": [1.0, 1.2, 1.0, 1.2],
        }
    )
    runs = pd.DataFrame({"run_id": ["r1", "r2"], "configuration": ["A", "B"]})
    table = damour_summary(steps, runs).set_index(["configuration", "indicator"])
    assert table.loc[("A", "trust"), "label"] == "active"
    assert table.loc[("B", "goals"), "label"] == "potential"
