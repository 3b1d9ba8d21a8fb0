"""Pure rules of contact between professionals, and the acquaintance it builds.

Every rule takes arrays, the packed rates of its group (a NamedTuple read by field
name, see :meth:`collabsim.scenario.fields.Spec.packed`) and the packed mechanism
switches ``on`` (read as ``on[Link.<mechanism>]``), draws no random numbers and
returns new arrays. A switch multiplies its causal link's term by 1 or 0 (theory
§B(iv); ``MECHANISMS``).
"""

from __future__ import annotations

from collabsim.arrays import FloatArray
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import ContactRates, TrustRates

__all__ = ["contact_chance", "contact_propensity", "update_acquaintance"]


@compiled
def contact_propensity(
    connectivity: FloatArray,
    distance: FloatArray,
    protected_time: FloatArray,
    central_figure: FloatArray,
    rates: ContactRates,
    on: FloatArray,
) -> FloatArray:
    """Return the pair-level contact factor, before the professionals' access.

    base · (1 + (connectivity − ½)) · (1 − d_pen·distance) · (1 + t_boost·time)
    · (1 + cf_boost·central_figure): the levers are per partnership, so this is
    computed once per organisation pair and broadcast to the pair's ties; the chance
    that two tied professionals meet is :func:`contact_chance` of it.

    References:
        theory.md §C3 Interaction; §C5 distance, connectivity, time_budget; P2; P4.
    """
    propensity: FloatArray = (
        rates.base_rate
        * (1.0 + on[Link.connectivity_raises_contact] * (connectivity - 0.5))
        * (1.0 - on[Link.distance_reduces_contact] * rates.distance_penalty * distance)
        * (
            1.0
            + on[Link.protected_time_raises_contact]
            * (rates.protected_time_boost * protected_time)
        )
        * (
            1.0
            + on[Link.central_figure_sustains_contact]
            * (rates.central_figure_boost * central_figure)
        )
    )
    return propensity


@compiled
def contact_chance(propensity: FloatArray, access: FloatArray) -> FloatArray:
    """Return min(max(propensity · access, 0), 1): the tie-level contact chance.

    ``access`` is the venue access of the two professionals' roles (0 for a vacant
    post).
    """
    return clip01_core(propensity * access)


@compiled
def update_acquaintance(
    acquaintance: FloatArray, contact: FloatArray, rates: TrustRates
) -> FloatArray:
    """Return mutual acquaintance after one step (theory P2-D acquaintanceship)."""
    return clip01_core(
        acquaintance
        + rates.acquaintance_gain * contact * (1.0 - acquaintance)  # gained
        - rates.acquaintance_decay * (1.0 - contact) * acquaintance  # lost
    )
