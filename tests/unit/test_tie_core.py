"""The tie phase's core on two one-professional organisations, values by hand."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from handmade import acts, context, episodes, two_leaders

from collabsim.model.phases.ties import tie_core

#: Rates of the hand calculation (not the defaults: round numbers).
RATES = {
    "contact": {
        "frontline_access": 0.5,
        "base_rate": 0.4,
        "distance_penalty": 0.5,
        "protected_time_boost": 0.5,
        "central_figure_boost": 0.5,
    },
    "trust": {
        "negative_rate": 0.2,
        "cultural_negative_weight": 0.5,
        "positive_quality": 0.5,
        "relational_boost": 0.5,
        "technical_boost": 0.5,
        "leader_boost": 0.5,
        "quick_win_gain": 0.5,
        "failure_severity": 0.5,
        "gain": 0.1,
        "loss": 0.4,
        "conflict_erosion": 0.5,
        "decay": 0.1,
        "acquaintance_gain": 0.2,
        "acquaintance_decay": 0.1,
    },
}


def _call(
    draws: list[list[float]], vacant_until: float = -1.0, trust: float = 0.5
) -> tuple[Any, Any, int]:
    """Organisations a and b, one leader each, on one link: ties a→b and b→a.

    Levers are neutral (connectivity ½, no distance, time, figure, strategies or
    culture gap; vulnerability ½), so contact chance is ``base_rate`` and a good
    contact's quality is ``positive_quality``; no events; baseline 0.3; t = 5.
    """
    state = two_leaders(**RATES)
    state.profs.vacant_until[:] = [-1.0, vacant_until]
    state.pairs.culture_gap[:] = 0.0
    state.pairs.baseline[:] = 0.3
    state.pairs.conflict[:] = 0.0
    return tie_core(
        state.layout,
        state.orgs,
        state.profs,
        state.pairs,
        context(),
        acts(),
        episodes(),
        (np.full(2, trust), np.array([0.0, 0.5])),
        np.array(draws),
        5.0,
        (state.params.contact, state.params.trust),
        state.params.on,
    )


def test_good_contact_is_mutual_and_builds_trust() -> None:
    """The even tie's draws decide both directions: b→a's own 0.9 is never read.

    chance 0.4 > 0.1 (contact); 0.5 ≥ p_bad 0.2 (good). Trust 0.5 + min(0.1·0.5,
    1)·(1 − 0.5) = 0.525; acquaintance a + 0.2·(1 − a): 0 → 0.2, 0.5 → 0.6.
    """
    trust, acquaintance, contacts = _call([[0.1, 0.9], [0.5, 0.0]])
    assert contacts == 2
    assert trust.dtype == np.float64
    np.testing.assert_allclose(trust, [0.525, 0.525], rtol=1e-12)
    np.testing.assert_allclose(acquaintance, [0.2, 0.6], rtol=1e-12)


def test_bad_contact_costs_trust() -> None:
    """0.1 < p_bad 0.2: q⁻ = positive_quality; trust 0.5 − min(0.4·0.5, 1)·0.5."""
    trust, _, contacts = _call([[0.1, 0.1], [0.1, 0.9]])
    assert contacts == 2
    np.testing.assert_allclose(trust, [0.4, 0.4], rtol=1e-12)


@pytest.mark.parametrize("vacant_until", [5.0, 9.0])
def test_vacant_post_blocks_contact_and_trust_drifts(vacant_until: float) -> None:
    """A post vacant until t or later has no access: no contact on either tie.

    Trust drifts to baseline: 0.5 − 0.1·(0.5 − 0.3) = 0.48; acquaintance decays:
    0.5 − 0.1·0.5 = 0.45.
    """
    trust, acquaintance, contacts = _call([[0.0, 0.0], [0.0, 0.0]], vacant_until)
    assert contacts == 0
    np.testing.assert_allclose(trust, [0.48, 0.48], rtol=1e-12)
    np.testing.assert_allclose(acquaintance, [0.0, 0.45], rtol=1e-12)
