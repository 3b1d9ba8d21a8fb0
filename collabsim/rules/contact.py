"""Pure rules of contact between professionals, and the acquaintance it builds.

Every rule takes arrays, the packed rates of its group (a NamedTuple read by field
name, see :meth:`collabsim.scenario.fields.Spec.packed`, already converted to one
step of the run) and the packed mechanism switches ``on`` (read as
``on[Link.<mechanism>]``), draws no random numbers and returns new arrays. A switch
multiplies its causal link's term by 1 or 0 (theory §B(iv); ``MECHANISMS``).
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray, IntArray
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import ContactRates, TrustRates

__all__ = [
    "presence",
    "access",
    "contact_chance",
    "contact_propensity",
    "update_acquaintance",
]

#: Role codes of :mod:`collabsim.model.entities` (leader, manager, frontline).
_FRONTLINE = 2


@compiled
def presence(vacant_until: FloatArray, t: float) -> FloatArray:
    """Share of the step ending at ``t`` that each post is filled, in [0, 1].

    A post vacated for a vacancy that ends part-way through a step is filled for
    the rest of it, so a six-week vacancy costs six weeks whether steps are weeks
    or months.

    References:
        docs/theory.md §C3 StaffTurnover.
    """
    return clip01_core(t - vacant_until)


@compiled
def contact_propensity(
    connectivity: FloatArray,
    distance: FloatArray,
    protected_time: FloatArray,
    figures: FloatArray,
    rates: ContactRates,
    on: FloatArray,
) -> FloatArray:
    """Return each pair's expected meetings per step of two fully accessible staff.

    base · (1 + (connectivity − ½)) · (1 − d_pen·distance) · (1 + t_boost·time)
    · (1 + cf_boost·figures), where ``figures`` is the share of the partnership's
    central figures in post. The levers are per partnership, so this is computed
    once per organisation pair and broadcast to the pair's ties.

    References:
        docs/theory.md §C3 Interaction, CentralFigureLoss; §C5 distance,
        connectivity, time_budget; P2; P4.
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
            * (rates.central_figure_boost * figures)
        )
    )
    return propensity


@compiled
def access(
    role: IntArray,
    present: FloatArray,
    opportunity: FloatArray,
    rates: ContactRates,
    on: FloatArray,
) -> FloatArray:
    """Return each professional's relative access to meetings.

    1 is the access of a leader of middling opportunity.

    Frontline staff reach shared venues less than leaders and managers; a vacant
    post meets no one; a professional's opportunity (COM-B) scales a share
    (``opportunity_weight``) of their access, from 1 − w at none to 1 + w at full.

    References:
        docs/theory.md SF15; IPT-8 (absent actors); P3 COM-B opportunity.
    """
    by_role = np.where(role == _FRONTLINE, rates.frontline_access, 1.0)
    vacancy = on[Link.vacancy_blocks_contact]
    held = 1.0 - vacancy + vacancy * present
    weight = on[Link.opportunity_raises_contact] * rates.opportunity_weight
    reach: FloatArray = by_role * held * (1.0 - weight + weight * 2.0 * opportunity)
    return reach


@compiled
def contact_chance(propensity: FloatArray, access_product: FloatArray) -> FloatArray:
    """Return the chance two tied professionals meet in one sub-interval of a step.

    ``propensity · access`` clipped to [0, 1]; ``access_product`` is the product of
    the two professionals' access.
    """
    return clip01_core(propensity * access_product)


@compiled
def update_acquaintance(
    acquaintance: FloatArray,
    keep_room: FloatArray,
    contacted: FloatArray,
    rates: TrustRates,
) -> FloatArray:
    """Return mutual acquaintance after one step (theory P2-D acquaintanceship).

    ``keep_room`` is the share of the room to full acquaintance left after the
    step's meetings ((1 − gain) per meeting); ``contacted`` the share of the step's
    sub-intervals with a meeting: acquaintance decays over the rest.
    """
    met = 1.0 - (1.0 - acquaintance) * keep_room
    return clip01_core(met * (1.0 - rates.acquaintance_decay) ** (1.0 - contacted))
