"""Pure rules of contact between professionals, and the acquaintance it builds.

Every function takes arrays and frozen rates, draws no random numbers, touches no
Mesa object and returns new arrays (inputs are never modified). Mechanism switches
multiply each causal link's term by 1 or 0 (theory §B(iv); see ``MECHANISMS``).
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray, TieValues
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.rates import ContactRates, TrustRates

__all__ = [
    "contact_chance",
    "contact_chance_core",
    "contact_probability",
    "contact_propensity",
    "contact_propensity_core",
    "update_acquaintance",
    "update_acquaintance_core",
]


def contact_probability(  # noqa: PLR0913 - one argument per context lever of §C5
    connectivity: FloatArray,
    distance: FloatArray,
    protected_time: FloatArray,
    access: FloatArray,
    central_figure: FloatArray,
    *,
    rates: ContactRates,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return the chance that two tied professionals meet this step.

    p = base · (1 + (connectivity − ½)) · (1 − d_pen·distance) · (1 + t_boost·time)
        · (1 + cf_boost·central_figure) · access

    Args:
        connectivity: Shared venues of the pair's partnership, in [0, 1].
        distance: Geographical distance, in [0, 1].
        protected_time: Protected time for relationship work, in [0, 1].
        access: Venue access of the two professionals' roles (0 for vacant posts).
        central_figure: 1 while an active central figure convenes, else 0.
        rates: Contact rates.
        switches: Active mechanisms.

    Returns:
        Probabilities in [0, 1].

    References:
        theory.md §C3 Interaction; §C5 distance, connectivity, time_budget; P2; P4.
    """
    propensity = contact_propensity(
        connectivity,
        distance,
        protected_time,
        central_figure,
        rates=rates,
        switches=switches,
    )
    return contact_chance(propensity, access)


@compiled
def contact_propensity_core(  # noqa: PLR0913, PLR0917 - arrays, rates, switches
    connectivity: FloatArray,
    distance: FloatArray,
    protected_time: FloatArray,
    central_figure: FloatArray,
    base_rate: float,
    distance_penalty: float,
    protected_time_boost: float,
    central_figure_boost: float,
    sw_connectivity: float,
    sw_distance: float,
    sw_time: float,
    sw_figure: float,
) -> FloatArray:
    """Return the pair-level contact factor before access.

    Core of :func:`contact_propensity`.
    """
    propensity: FloatArray = (
        base_rate
        * (1.0 + sw_connectivity * (connectivity - 0.5))
        * (1.0 - sw_distance * distance_penalty * distance)
        * (1.0 + sw_time * (protected_time_boost * protected_time))
        * (1.0 + sw_figure * (central_figure_boost * central_figure))
    )
    return propensity


def contact_propensity(
    connectivity: FloatArray,
    distance: FloatArray,
    protected_time: FloatArray,
    central_figure: FloatArray,
    *,
    rates: ContactRates,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return the pair-level factor of :func:`contact_probability` (before access).

    base · (1 + (connectivity − ½)) · (1 − d_pen·distance) · (1 + t_boost·time)
    · (1 + cf_boost·central_figure): the levers are per partnership, so this is
    computed once per organisation pair and broadcast to the pair's ties.

    References:
        theory.md §C3 Interaction; §C5 distance, connectivity, time_budget; P2; P4.
    """
    return contact_propensity_core(
        connectivity,
        distance,
        protected_time,
        central_figure,
        rates.base_rate,
        rates.distance_penalty,
        rates.protected_time_boost,
        rates.central_figure_boost,
        switches.on("connectivity_raises_contact"),
        switches.on("distance_reduces_contact"),
        switches.on("protected_time_raises_contact"),
        switches.on("central_figure_sustains_contact"),
    )


@compiled
def contact_chance_core(propensity: FloatArray, access: FloatArray) -> FloatArray:
    """Return the tie-level contact chance.

    Core of :func:`contact_chance`.
    """
    return clip01_core(propensity * access)


def contact_chance(propensity: FloatArray, access: FloatArray) -> FloatArray:
    """Return min(max(propensity · access, 0), 1): the tie-level contact chance."""
    return contact_chance_core(propensity, access)


@compiled
def update_acquaintance_core(
    acquaintance: FloatArray,
    contact: FloatArray,
    acquaintance_gain: float,
    acquaintance_decay: float,
) -> FloatArray:
    """Return mutual acquaintance after one step.

    Core of :func:`update_acquaintance`.
    """
    return clip01_core(
        acquaintance
        + acquaintance_gain * contact * (1.0 - acquaintance)  # gained
        - acquaintance_decay * (1.0 - contact) * acquaintance  # lost
    )


def update_acquaintance(
    acquaintance: TieValues, contact: FloatArray, *, rates: TrustRates
) -> FloatArray:
    """Return mutual acquaintance after one step (theory P2-D acquaintanceship).

    Float32 acquaintance is computed in float64.
    """
    return update_acquaintance_core(
        np.asarray(acquaintance, dtype=np.float64),
        contact,
        rates.acquaintance_gain,
        rates.acquaintance_decay,
    )
