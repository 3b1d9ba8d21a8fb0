"""What contexts do: pure mappings from context levers to model quantities.

References:
    theory.md §B(v) core characteristics; §C5 context levers; §C6 Poulsen.
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray, clip01
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.rates import BehaviourRates, TrustRates

__all__ = [
    "cultural_distance",
    "effective_ambition",
    "effective_ambition_core",
    "external_pressure",
    "external_pressure_core",
    "power_asymmetry",
    "tie_baseline",
]


def cultural_distance(
    culture_a: FloatArray,
    culture_b: FloatArray,
    cross_sector: FloatArray,
    *,
    gap: float,
) -> FloatArray:
    """Return cultural distance: culture gap plus a cross-sector gap, in [0, 1].

    References:
        theory.md IPT-15; §B(v) cross-sector, culture.
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
        theory.md P4 (statutory power); §B(v) power / size; SF13.
    """
    size_term = 0.2 * np.tanh(np.log(size_partner / size_self))
    return np.clip(power_partner - power_self + size_term, -1.0, 1.0)


def tie_baseline(
    cross_sector: FloatArray,
    asymmetry: FloatArray,
    history: FloatArray,
    *,
    rates: TrustRates,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return baseline (initial) trust of professionals towards a partner organisation.

    base = t₀ + h·history − l·cross_sector − a·max(asymmetry, 0)

    References:
        theory.md §C4 base_ij; IPT-21; P4 latent distrust and power; SF7, SF10, SF13.
    """
    base = (
        rates.initial
        + switches.on("history_raises_initial_trust") * rates.history_boost * history
        - switches.on("latent_distrust") * rates.latent_distrust * cross_sector
        - switches.on("power_asymmetry_lowers_trust")
        * rates.asymmetry_distrust
        * np.maximum(asymmetry, 0.0)
    )
    return clip01(base)


def effective_ambition(
    ambition: FloatArray,
    pair_trust: FloatArray,
    *,
    rates: BehaviourRates,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return the ambition a pair acts on: trusting pairs aim higher.

    References:
        theory.md IPT-21 (initial trust -> more ambitious objectives); SF7.
    """
    return effective_ambition_core(
        ambition,
        pair_trust,
        rates.ambition_trust_gain,
        switches.on("trust_raises_ambition"),
    )


@compiled
def effective_ambition_core(
    ambition: FloatArray, pair_trust: FloatArray, trust_gain: float, sw_raises: float
) -> FloatArray:
    """The ambition a pair acts on. Core of :func:`effective_ambition`."""
    raised = sw_raises * trust_gain * (pair_trust - 0.5)
    return clip01_core(ambition + raised)


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
        theory.md RC-7; §B(ii) what lowers the threshold; §C3 RegulatoryIntervention.
    """
    return external_pressure_core(
        financial_slack, regulatory_pressure, competition, partner_scrutiny
    )


@compiled
def external_pressure_core(
    financial_slack: FloatArray,
    regulatory_pressure: FloatArray,
    competition: FloatArray,
    partner_scrutiny: FloatArray,
) -> FloatArray:
    """Pressure on dealings with a partner. Core of :func:`external_pressure`."""
    return (
        1.0 - financial_slack + regulatory_pressure + competition + partner_scrutiny
    ) / 4.0
