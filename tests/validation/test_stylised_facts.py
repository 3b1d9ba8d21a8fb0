"""Stylised facts of docs/theory.md §D as directional tests with 95% CIs over seeds.

The full set (30 seeds) is marked ``slow`` and runs with ``make validate``; a fast
subset (8 seeds) runs in the default suite.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

sys.path.insert(0, str(Path(__file__).parent))
from facts import ABLATIONS, FACTS, Fact, evaluate

from collabsim import run_scenario
from collabsim.scenario.scenario import parse_scenario

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


def _sf14(column: int) -> tuple[float, float, float]:
    diffs = np.array([_centralisation(seed) for seed in range(1000, 1030)])[:, column]
    half = stats.t.ppf(0.975, len(diffs) - 1) * diffs.std(ddof=1) / np.sqrt(len(diffs))
    return float(diffs.mean()), float(diffs.mean() - half), float(diffs.mean() + half)


@pytest.mark.slow
def test_sf14_resisting_units_keep_lower_faith_after_centralisation() -> None:
    """SF14: after centralisation, resisting units keep lower faith."""
    mean, low, high = _sf14(0)
    print(f"SF14 faith: diff {mean:+.4f} [{low:+.4f}, {high:+.4f}]")
    assert high < 0


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason=(
        "validation fact SF14 (trust half) does not hold after the fidelity rework: "
        "resisting minus accepting units' trust is -0.005 [-0.014, +0.005] over 30 "
        "seeds; a validation fact, so no rate was tuned to it (docs/odd.md §4)"
    ),
)
def test_sf14_resisting_units_keep_lower_trust_after_centralisation() -> None:
    """SF14: after centralisation, resisting units keep lower trust."""
    mean, low, high = _sf14(1)
    print(f"SF14 trust: diff {mean:+.4f} [{low:+.4f}, {high:+.4f}]")
    assert high < 0


#: Alternative parameter points: core rates scaled down and up by a quarter.
PERTURBATIONS: dict[str, dict[str, object]] = {
    "slower": {
        "dynamics.trust.gain": 0.06,
        "dynamics.trust.loss": 0.34,
        "dynamics.contact.base_rate": 0.375,
        "dynamics.conflict.episode_rate": 0.015,
    },
    "faster": {
        "dynamics.trust.gain": 0.10,
        "dynamics.trust.loss": 0.56,
        "dynamics.contact.base_rate": 0.625,
        "dynamics.conflict.episode_rate": 0.025,
    },
}
CORE = [f for f in FACTS if f.id.startswith(("SF1", "SF2", "SF3", "SF4", "SF6", "SF7"))]


@pytest.mark.slow
@pytest.mark.parametrize("point", sorted(PERTURBATIONS))
@pytest.mark.parametrize("fact", CORE, ids=lambda f: f.id)
def test_core_fact_holds_away_from_defaults(fact: Fact, point: str) -> None:
    """The core facts (SF1-SF7) also hold with the core rates moved by ±25%."""
    moved = dataclasses.replace(fact, base={**PERTURBATIONS[point], **fact.base})
    _check(moved, n_seeds=15)
