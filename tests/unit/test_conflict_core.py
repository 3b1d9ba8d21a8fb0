"""The conflict phase's core on two organisations and one link, values by hand."""

from __future__ import annotations

import numpy as np
import pytest

from collabsim.model.phases.conflict import conflict_core

# episode_rate, cultural, competition, asymmetry, slow_progress, vision_damping,
# accountability_damping, episode_severity, task_failure, constructive_resolution,
# destructive_resolution, constructive_repair, destructive_damage, competitive_act,
# destructive_loss
RATES = (0.5, 1.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.4, 0.1, 0.5, 0.25, 0.2, 0.3, 0.05, 0.1)


def _state(n_pairs: int = 2) -> dict[str, np.ndarray]:
    """Pair 0 is org 0 -> org 1 (destructive style, contract), pair 1 the reverse."""
    pairs = {
        "culture_gap": [0.5, 0.5],
        "asymmetry": [0.3, -0.3],
        "pair_conflict": [0.0, 0.5],
        "breaches": [0.0, 0.0],
        "source": [0, 1],
        "reverse": [1, 0],
        "shared_vision": [0.7, 0.7],
        "accountability": [0.0, 1.0],
        "active": [1.0, 1.0],
        "constructive": [0.0, 1.0],
        "contract": [1.0, 0.0],
        "mandate": [0.0, 0.0],
        "n_failure": [1.0, 0.0],
        "n_competitive": [0.0, 2.0],
        "draws": [0.5, 0.9],
    }
    state = {
        k: np.array(v[:n_pairs], dtype=np.int64 if k in {"source", "reverse"} else None)
        for k, v in pairs.items()
    }
    state["competition"] = np.array([0.8, 0.6])
    state["resisting"] = np.array([0.5, 0.0])
    state["progress"] = np.array([0.05, 0.6])
    state["faith"] = np.array([0.5, 0.5])
    return state


def _call(s: dict[str, np.ndarray], *switches: float) -> tuple:
    return conflict_core(
        s["culture_gap"],
        s["asymmetry"],
        s["pair_conflict"],
        s["breaches"],
        s["source"],
        s["reverse"],
        s["competition"],
        s["resisting"],
        s["progress"],
        s["faith"],
        s["shared_vision"],
        s["accountability"],
        s["active"],
        s["constructive"],
        s["contract"],
        s["mandate"],
        s["n_failure"],
        s["n_competitive"],
        s["draws"],
        *RATES,
        *switches,
    )


def test_episode_resolution_breaches_and_destructive_loss() -> None:
    s = _state()
    episode, outcome, n_episodes = _call(s, *[1.0] * 8)
    # chance = 0.5 * (1 + 1.0 * 0.5) = 0.75 (vision damping 0): draw 0.5 hits, 0.9 not
    assert episode.tolist() == [True, False]
    assert n_episodes == 1
    severity, repair, damage = outcome
    # held = 1 - 0.5 * accountability = [1, 0.5]
    assert severity == pytest.approx([0.4, 0.2])
    # added = [0.4 + (1 + 0) * 0.1 + 2 * 0.05, 0 + (0 + 1) * 0.05 + 0] = [0.6, 0.05]
    # raised = [0.6, 0.5 + 0.05 * 0.5]; resolved at [0.25, 0.5] = [0.15, 0.2625]
    assert s["pair_conflict"] == pytest.approx([0.45, 0.2625])
    assert repair == pytest.approx([0.0, 0.2 * 0.2625])
    assert damage == pytest.approx([0.3, 0.0])
    # competitive acts of the reverse pair break the contract of pair 0
    assert s["breaches"].tolist() == [2.0, 0.0]
    # one destructive episode at org 0: faith and progress lose 0.1 (floor 0)
    assert s["faith"] == pytest.approx([0.4, 0.5])
    assert s["progress"] == pytest.approx([0.0, 0.6])


def test_without_resolution_style_rate_is_neutral_and_nothing_is_lost() -> None:
    s = _state()
    _, outcome, _ = _call(s, *[1.0] * 7, 0.0)
    _, repair, damage = outcome
    # neutral rate 0.375 on raised [0.6, 0.525]
    assert s["pair_conflict"] == pytest.approx([0.6 * 0.625, 0.525 * 0.625])
    assert repair.tolist() == [0.0, 0.0]
    assert damage.tolist() == [0.0, 0.0]
    assert s["faith"].tolist() == [0.5, 0.5]
    assert s["progress"].tolist() == [0.05, 0.6]


def test_no_pairs() -> None:
    s = _state(n_pairs=0)
    episode, outcome, n_episodes = _call(s, *[1.0] * 8)
    assert episode.shape == (0,)
    assert outcome.shape == (3, 0)
    assert n_episodes == 0
    assert s["faith"].tolist() == [0.5, 0.5]
