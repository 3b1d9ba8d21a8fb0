"""Stylised facts of theory.md §D as directional tests with 95% CIs over seeds.

The full set (30 seeds) is marked ``slow`` and runs with ``make validate``; a fast
subset (8 seeds) runs in the default suite.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

sys.path.insert(0, str(Path(__file__).parent))
from facts import ABLATIONS, FACTS, Fact, evaluate

from collabsim import run_scenario
from collabsim.scenario import parse_scenario

FAST = {"SF1a", "SF3low", "SF6b", "SF10"}


def _check(fact: Fact, n_seeds: int) -> None:
    verdict = evaluate(fact, n_seeds=n_seeds)
    print(verdict.describe())
    assert verdict.holds, f"{fact.claim}: {verdict.describe()}"


@pytest.mark.slow
@pytest.mark.parametrize("fact", FACTS + ABLATIONS, ids=lambda f: f.id)
def test_stylised_fact(fact: Fact) -> None:
    _check(fact, n_seeds=30)


@pytest.mark.parametrize("fact", [f for f in FACTS if f.id in FAST], ids=lambda f: f.id)
def test_stylised_fact_fast(fact: Fact) -> None:
    _check(fact, n_seeds=8)


def _centralisation(seed: int) -> tuple[float, float]:
    spec = parse_scenario(
        {
            "name": "msc",
            "n_steps": 104,
            "organisations": [
                {"id": "hub", "size": 5000},
                {"id": "accepting_a"},
                {"id": "accepting_b"},
                {"id": "resisting", "resists_change": True},
            ],
            "partnerships": [
                {
                    "id": "network",
                    "members": ["hub", "accepting_a", "accepting_b", "resisting"],
                    "central_figure": True,
                }
            ],
            "system_change": {
                "at": 26,
                "hubs": ["hub"],
                "losing": ["accepting_a", "accepting_b", "resisting"],
            },
        }
    )
    orgs = run_scenario(spec, seed=seed).organisations
    late = orgs[orgs["step"] >= 52].groupby("organisation")[["faith", "trust"]].mean()
    accepting = late.loc[["accepting_a", "accepting_b"]].mean()
    return (
        float(late.loc["resisting", "faith"] - accepting["faith"]),
        float(late.loc["resisting", "trust"] - accepting["trust"]),
    )


@pytest.mark.slow
def test_sf14_resisting_units_stay_contested_after_centralisation() -> None:
    """SF14: after centralisation, resisting units keep lower faith and trust."""
    diffs = np.array([_centralisation(seed) for seed in range(1000, 1030)])
    for column, name in enumerate(("faith", "trust")):
        d = diffs[:, column]
        half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
        low, high = d.mean() - half, d.mean() + half
        print(f"SF14 {name}: diff {d.mean():+.4f} [{low:+.4f}, {high:+.4f}]")
        assert d.mean() + half < 0
