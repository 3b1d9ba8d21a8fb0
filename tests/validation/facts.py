"""Directional stylised-fact checks (docs/theory.md §D) over common random numbers.

Each fact compares a base configuration with a treatment on the same seeds and
reports the paired mean difference of an outcome with a t-based 95% CI.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from collabsim import load_scenario, run_scenario

DATA = Path(__file__).resolve().parents[1] / "data"
SAME = DATA / "facts_same_sector.toml"
CROSS = DATA / "facts_cross_sector.toml"


@dataclass(frozen=True)
class Fact:
    """One directional claim: treatment minus base has sign ``direction``."""

    id: str
    claim: str
    metric: str
    treatment: Mapping[str, object]
    base: Mapping[str, object] = field(default_factory=dict)
    scenario: Path = SAME
    window: tuple[int, int] = (
        52,
        104,
    )  # steps averaged (inclusive start, exclusive end)
    direction: int = 1


@dataclass(frozen=True)
class Verdict:
    fact: Fact
    mean: float
    low: float
    high: float
    n: int

    @property
    def holds(self) -> bool:
        bound = self.low if self.fact.direction > 0 else -self.high
        return bound > 0

    def describe(self) -> str:
        return (
            f"{self.fact.id} {self.fact.metric}: diff {self.mean:+.4f} "
            f"[{self.low:+.4f}, {self.high:+.4f}] over {self.n} seeds"
        )


def outcome(steps: pd.DataFrame, metric: str, window: tuple[int, int]) -> float:
    rows = steps[(steps["step"] >= window[0]) & (steps["step"] < window[1])]
    return float(np.nanmean(rows[metric].to_numpy(dtype=float)))


@functools.lru_cache(maxsize=4096)
def _steps(scenario: Path, overrides: str, seed: int) -> pd.DataFrame:
    """Cached run: many facts share the same base configuration and seeds."""
    return run_scenario(load_scenario(scenario, json.loads(overrides)), seed=seed).steps


def evaluate(fact: Fact, n_seeds: int = 30) -> Verdict:
    """Paired treatment-minus-base differences over seeds 1000.. (common randomness)."""
    n_steps = {"n_steps": fact.window[1]}
    base = json.dumps({**fact.base, **n_steps}, sort_keys=True)
    treated = json.dumps({**fact.base, **fact.treatment, **n_steps}, sort_keys=True)
    diffs = []
    for seed in range(1000, 1000 + n_seeds):
        a = outcome(_steps(fact.scenario, base, seed), fact.metric, fact.window)
        b = outcome(_steps(fact.scenario, treated, seed), fact.metric, fact.window)
        diffs.append(b - a)
    d = np.asarray(diffs)
    half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
    return Verdict(
        fact, float(d.mean()), float(d.mean() - half), float(d.mean() + half), len(d)
    )


P = "partnerships.0."
FACTS: tuple[Fact, ...] = (
    Fact(
        "SF1a",
        "confidence raises the risk threshold",
        "org_risk_threshold_mean",
        {P + "contract.strength": 0.8},
    ),
    Fact(
        "SF1b",
        "trust (history) raises the risk threshold",
        "org_risk_threshold_mean",
        {P + "prior_history": 1.0},
    ),
    Fact(
        "SF1c",
        "a higher threshold (contract) gives more collaboration",
        "collaboration_rate",
        {P + "contract.strength": 0.8},
    ),
    Fact(
        "SF2",
        "contracts make low-trust partners collaborate earlier",
        "collaboration_rate",
        {P + "contract.strength": 0.8},
        scenario=CROSS,
        window=(1, 27),
    ),
    Fact(
        "SF2m",
        "a mandate makes low-trust partners collaborate earlier",
        "collaboration_rate",
        {P + "governance": "mandated"},
        scenario=CROSS,
        window=(1, 27),
    ),
    Fact(
        "SF3",
        "removing faith lowers collaboration",
        "collaboration_rate",
        {"mechanisms.disabled": ["faith_drives_behaviour"]},
        direction=-1,
    ),
    Fact(
        "SF3low",
        "removing faith lowers low-risk collaboration most",
        "collaboration_rate_low_risk",
        {"mechanisms.disabled": ["faith_drives_behaviour"]},
        direction=-1,
    ),
    Fact(
        "SF4pop",
        "evaluation, clear roles, flexibility raise perceived progress",
        "org_perception_of_progress_mean",
        {
            P + "evaluation": True,
            P + "contract.role_clarity": 1.0,
            "organisations.*.flexibility": 1.0,
        },
    ),
    Fact(
        "SF4faith",
        "evaluation, clear roles, flexibility raise faith",
        "org_faith_mean",
        {
            P + "evaluation": True,
            P + "contract.role_clarity": 1.0,
            "organisations.*.flexibility": 1.0,
        },
    ),
    Fact(
        "SF6a",
        "more conflict episodes lower trust",
        "org_trust_mean",
        {"dynamics.conflict.episode_rate": 0.1},
        direction=-1,
    ),
    Fact(
        "SF6b",
        "destructive resolution lowers trust",
        "org_trust_mean",
        {P + "resolution_style": "destructive"},
        direction=-1,
    ),
    Fact(
        "SF6c",
        "destructive resolution lowers faith",
        "org_faith_mean",
        {P + "resolution_style": "destructive"},
        direction=-1,
    ),
    Fact(
        "SF6d",
        "destructive resolution lowers perceived progress",
        "org_perception_of_progress_mean",
        {P + "resolution_style": "destructive"},
        direction=-1,
    ),
    Fact(
        "SF6e",
        "accountability lowers conflict",
        "conflict_mean",
        {P + "contract.accountability": 1.0},
        # accountability arrangements are clauses of a formal agreement (IPT-13)
        base={P + "contract.accountability": 0.0, P + "contract.strength": 0.6},
        direction=-1,
    ),
    Fact(
        "SF7a",
        "history raises early trust",
        "org_trust_mean",
        {P + "prior_history": 1.0},
        window=(1, 27),
    ),
    Fact(
        "SF7b",
        "history brings more ambitious (riskier) joint acts sooner",
        "collab_act_risk_mean",
        {P + "prior_history": 1.0},
        window=(1, 27),
    ),
    Fact(
        "SF9a",
        "quick wins raise early trust",
        "org_trust_mean",
        {P + "quick_wins": True},
        window=(1, 27),
    ),
    Fact(
        "SF9b",
        "slow progress (high ambition, low success) breeds conflict",
        "conflict_mean",
        {"dynamics.behaviour.success_base": 0.6},
        direction=1,
    ),
    Fact(
        "SF10",
        "cross-sector partnerships reach lower trust in the first year",
        "org_trust_mean",
        {
            "organisations.2.sector": "social_care",
            "organisations.3.sector": "social_care",
        },
        window=(1, 53),
        direction=-1,
    ),
    Fact(
        "SF11",
        "interpersonal trust compensates for low organisational trust",
        "collaboration_rate",
        {"mechanisms.disabled": ["interpersonal_compensation"]},
        scenario=CROSS,
        direction=-1,
    ),
    Fact(
        "SF13",
        "power asymmetry lowers trust",
        "org_trust_mean",
        {
            "organisations.2.statutory_power": 0.0,
            "organisations.3.statutory_power": 0.0,
        },
        scenario=CROSS,
        direction=1,
    ),
    Fact(
        "SF15",
        "fewer shared venues lower acquaintanceship",
        "tie_acquaintance_mean",
        {P + "connectivity": 0.1},
        base={P + "connectivity": 0.9},
        direction=-1,
    ),
    Fact(
        "SF18",
        "trust-building strategies raise commitment",
        "prof_commitment_mean",
        {P + "relational_strategies": 1.0, P + "technical_strategies": 1.0},
    ),
    Fact(
        "SF20trust",
        "vulnerable, persuasive leaders speed up trust",
        "org_trust_mean",
        {
            P + "leadership.vulnerability": 0.9,
            P + "leadership.persuasiveness": 0.9,
            P + "leadership.enthusiasm": 0.9,
        },
        window=(1, 53),
    ),
    Fact(
        "SF20faith",
        "vulnerable, persuasive leaders speed up faith",
        "org_faith_mean",
        {
            P + "leadership.vulnerability": 0.9,
            P + "leadership.persuasiveness": 0.9,
            P + "leadership.enthusiasm": 0.9,
        },
        window=(1, 53),
    ),
    Fact(
        "MAND",
        "mandated partnerships have higher confidence",
        "org_confidence_mean",
        {P + "governance": "mandated"},
    ),
    Fact(
        "TURN",
        "staff turnover lowers perceived progress",
        "org_perception_of_progress_mean",
        {P + "turnover_rate": 0.05},
        direction=-1,
    ),
    Fact(
        "DIST",
        "distance lowers trust",
        "org_trust_mean",
        {P + "distance": 1.0},
        base={P + "distance": 0.0},
        direction=-1,
    ),
)

#: Ablations: switching a mechanism off moves the outcome the way theory predicts.
ABLATIONS: tuple[Fact, ...] = (
    Fact(
        "ABL-conf",
        "without confidence -> threshold, a mandate opens less risk",
        "org_risk_threshold_mean",
        {"mechanisms.disabled": ["confidence_raises_threshold"]},
        base={P + "governance": "mandated"},
        direction=-1,
    ),
    Fact(
        "ABL-trust",
        "without trust -> threshold, less collaboration",
        "collaboration_rate",
        {"mechanisms.disabled": ["trust_raises_threshold"]},
        direction=-1,
    ),
    Fact(
        "ABL-erosion",
        "without conflict -> trust erosion, trust is higher",
        "org_trust_mean",
        {"mechanisms.disabled": ["conflict_erodes_trust"]},
    ),
    Fact(
        "ABL-pressure",
        "without pressure -> threshold, the threshold is higher",
        "org_risk_threshold_mean",
        {"mechanisms.disabled": ["pressure_lowers_threshold"]},
    ),
    Fact(
        "ABL-accountability",
        "without accountability damping, conflict is higher",
        "conflict_mean",
        {"mechanisms.disabled": ["accountability_reduces_conflict"]},
        base={P + "contract.accountability": 1.0, P + "contract.strength": 0.6},
    ),
    Fact(
        "ABL-latent",
        "without latent distrust, cross-sector trust is higher",
        "org_trust_mean",
        {"mechanisms.disabled": ["latent_distrust"]},
        scenario=CROSS,
        window=(1, 53),
    ),
    Fact(
        "ABL-progress",
        "without evaluation -> progress, evaluation adds no faith",
        "org_faith_mean",
        {"mechanisms.disabled": ["evaluation_informs_progress"]},
        base={P + "evaluation": True},
        direction=-1,
    ),
)
