"""Verdicts and box shares on planted differences whose answers are known."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from collabsim.analysis.facts import (
    fact_effects,
    fact_summary,
    paired_differences,
    verdict,
)
from collabsim.experiment.facts import FactsSpec


def _spec() -> FactsSpec:
    """Two facts, one claimed up and one down (the scenario is never opened)."""
    common = {
        "scenario": Path("unused.toml"),
        "metric": "org_trust_mean",
        "window": (1, 5),
        "treatment": {"dynamics.trust.gain": 0.2},
        "role": "validation",
        "construction": "emergent",
        "reason": "planted",
    }
    return FactsSpec.model_validate(
        {
            "name": "planted",
            "seed": 1,
            "facts": [
                {"id": "UP", "claim": "up", "direction": "up", **common},
                {"id": "DOWN", "claim": "down", "direction": "down", **common},
            ],
        }
    )


@pytest.mark.parametrize(
    ("low", "high", "sign", "expected"),
    [
        (0.1, 0.2, 1, "holds"),
        (-0.2, -0.1, 1, "fails"),
        (-0.1, 0.2, 1, "unclear"),
        (-0.2, -0.1, -1, "holds"),
        (0.1, 0.2, -1, "fails"),
        (np.nan, np.nan, 1, "unclear"),
    ],
)
def test_verdict(low, high, sign, expected):
    assert verdict(low, high, sign) == expected


def _planted() -> pd.DataFrame:
    """Differences at the defaults and four box points, 6 replicates each.

    UP: holds at points 0, 1, 2; fails at 3; right sign but unresolved at 4.
    DOWN: holds at 0 and 4; right sign but unresolved at 1; fails at 2 and 3.
    """
    noise = np.array([-0.02, -0.01, 0.0, 0.0, 0.01, 0.02])
    wide = np.array([-1.0, 1.2, -0.8, 0.9, -1.1, 1.0])
    means = {
        "UP": [1.0, 0.5, 0.3, -0.4, 0.05],
        "DOWN": [-1.0, -0.05, 0.2, 0.6, -0.7],
    }
    unresolved = {("UP", 4), ("DOWN", 1)}
    rows = [
        {
            "fact": fact,
            "point": point,
            "replicate": r,
            "difference": mean + (wide if (fact, point) in unresolved else noise)[r],
        }
        for fact, per_point in means.items()
        for point, mean in enumerate(per_point)
        for r in range(6)
    ]
    return pd.DataFrame(rows)


def test_effects_and_box_shares_on_planted_differences():
    spec = _spec()
    effects = fact_effects(_planted(), spec).set_index(["fact", "point"])
    assert effects.loc[("UP", 0), "effect"] == pytest.approx(1.0)
    assert effects.loc[("UP", 0), "n"] == 6
    expected = {
        "UP": ["holds", "holds", "holds", "fails", "unclear"],
        "DOWN": ["holds", "unclear", "fails", "fails", "holds"],
    }
    for fact, verdicts in expected.items():
        assert [effects.loc[(fact, p), "verdict"] for p in range(5)] == verdicts
    summary = fact_summary(effects.reset_index(), spec).set_index("fact")
    assert summary.loc["UP", "verdict"] == "holds"  # at the defaults (point 0)
    assert summary.loc["UP", "box_points"] == 4
    assert summary.loc["UP", "share_holds"] == pytest.approx(2 / 4)
    assert summary.loc["UP", "share_right_sign"] == pytest.approx(3 / 4)
    assert summary.loc["DOWN", "share_holds"] == pytest.approx(1 / 4)
    assert summary.loc["DOWN", "share_right_sign"] == pytest.approx(2 / 4)


def test_interval_is_the_paired_t_interval():
    diffs = _planted()
    one = diffs[(diffs["fact"] == "UP") & (diffs["point"] == 4)]["difference"]
    effects = fact_effects(diffs, _spec()).set_index(["fact", "point"])
    from scipy import stats

    half = stats.t.ppf(0.975, 5) * one.std(ddof=1) / np.sqrt(6)
    assert effects.loc[("UP", 4), "ci_low"] == pytest.approx(one.mean() - half)
    assert effects.loc[("UP", 4), "ci_high"] == pytest.approx(one.mean() + half)


def test_missing_pairs_are_left_out_and_counted():
    values = pd.DataFrame(
        {
            "fact": ["UP"] * 6 + ["DOWN"] * 6,
            "arm": ["base", "treatment"] * 6,
            "point": 0,
            "replicate": [0, 0, 1, 1, 2, 2] * 2,
            "value": [0.1, 0.3, 0.2, np.nan, 0.1, 0.4, 0.5, 0.2, 0.6, 0.1, 0.5, 0.3],
        }
    )
    differences = paired_differences(values)
    effects = fact_effects(differences, _spec()).set_index("fact")
    assert effects.loc["UP", "n"] == 2  # replicate 1 has no treatment value
    assert effects.loc["UP", "effect"] == pytest.approx((0.2 + 0.3) / 2)
    assert effects.loc["DOWN", "n"] == 3
