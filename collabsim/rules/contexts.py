"""What contexts do: pure mappings from context levers to model quantities.

The static contexts of a run (cultural distance, power asymmetry, baseline trust)
are computed once, at construction or when a partnership starts, in NumPy; the
per-step ones are compiled like the other rules.

References:
    docs/theory.md §B(v) core characteristics; §C5 context levers; §C6 Poulsen.
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray, clip01
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import BehaviourRates, TrustRates

__all__ = [
    "cultural_distance",
    "effective_ambition",
    "external_pressure",
    "power_asymmetry",
    "tie_baseline",
]


def cultural_distance(
    culture_a: FloatArray,
    culture_b: FloatArray,
    cross_sector: FloatArray,
    gap: float,
) -> FloatArray:
    """Return cultural distance: culture gap plus a cross-sector gap, in [0, 1].

    References:
        docs/theory.md IPT-15; §B(v) cross-sector, culture.
    """
    return clip01(np.abs(culture_a - culture_b) + gap * cross_sector)


def power_asymmetry(
    power_self: FloatArray,
    power_partner: FloatArray,
    size_self: FloatArray,
    size_partner: FloatArray,
) -> FloatArray:
    """Return the asymmetry *against* an organisation, in [−1, 1] (> 0: weaker).

    Statutory power dominates; size adds a smaller dominance term.

    References:
        docs/theory.md P4 (statutory power); §B(v) power / size; SF13.
    """
    size_term = 0.2 * np.tanh(np.log(size_partner / size_self))
    return np.clip(power_partner - power_self + size_term, -1.0, 1.0)


def tie_baseline(
    cross_sector: FloatArray,
    asymmetry: FloatArray,
    history: FloatArray,
    rates: TrustRates,
    on: FloatArray,
) -> FloatArray:
    """Return baseline (initial) trust of professionals towards a partner organisation.

    base = t₀ + h·history − l·cross_sector − a·max(asymmetry, 0)

    References:
        docs/theory.md §C4 base_ij; IPT-21; P4 latent distrust and power; SF7,
        SF10, SF13.
    """
    base = (
        rates.initial
        + on[Link.history_raises_initial_trust] * rates.history_boost * history
        - on[Link.latent_distrust] * rates.latent_distrust * cross_sector
        - on[Link.power_asymmetry_lowers_trust]
        * rates.asymmetry_distrust
        * np.maximum(asymmetry, 0.0)
    )
    return clip01(base)


@compiled
def effective_ambition(
    ambition: FloatArray, pair_trust: FloatArray, rates: BehaviourRates, on: FloatArray
) -> FloatArray:
    """Return the ambition a pair acts on: trusting pairs aim higher.

    References:
        docs/theory.md IPT-21 (initial trust -> more ambitious objectives); SF7.
    """
    raised = (
        on[Link.trust_raises_ambition] * rates.ambition_trust_gain * (pair_trust - 0.5)
    )
    return clip01_core(ambition + raised)


@compiled
def external_pressure(
    financial_slack: FloatArray,
    regulatory_pressure: FloatArray,
    competition: FloatArray,
    partner_scrutiny: FloatArray,
) -> FloatArray:
    """Return the pressure on an organisation's dealings with a partner, in [0, 1].

    The mean of financial deficit (1 − slack), regulatory scrutiny, competition and
    the reputational risk of a partner under regulatory scrutiny.

    References:
        docs/theory.md RC-7; §B(ii) what lowers the threshold; §C3
        RegulatoryIntervention.
    """
    return (
        1.0 - financial_slack + regulatory_pressure + competition + partner_scrutiny
    ) / 4.0
