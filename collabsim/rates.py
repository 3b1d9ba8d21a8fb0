"""All rates and weights of the update rules, grouped by sub-process (theory §C4).

The groups are declared in :mod:`collabsim.tie_rates`, :mod:`collabsim.pair_rates`,
:mod:`collabsim.act_rates` and :mod:`collabsim.org_rates`
and re-exported here, so ``collabsim.rates`` is the one place to import them from.
"""

from __future__ import annotations

from collabsim.act_rates import BehaviourRates, ProgressRates
from collabsim.fields import Spec
from collabsim.org_rates import CombRates, CoProductionRates, FaithRates
from collabsim.pair_rates import ConfidenceRates, ConflictRates, ThresholdWeights
from collabsim.tie_rates import ContactRates, TrustRates

__all__ = [
    "BehaviourRates",
    "CoProductionRates",
    "CombRates",
    "ConfidenceRates",
    "ConflictRates",
    "ContactRates",
    "Dynamics",
    "FaithRates",
    "ProgressRates",
    "ThresholdWeights",
    "TrustRates",
]


class Dynamics(Spec):
    """All rates of the model, grouped by sub-process (theory §C4)."""

    contact: ContactRates = ContactRates()
    trust: TrustRates = TrustRates()
    conflict: ConflictRates = ConflictRates()
    confidence: ConfidenceRates = ConfidenceRates()
    threshold: ThresholdWeights = ThresholdWeights()
    behaviour: BehaviourRates = BehaviourRates()
    progress: ProgressRates = ProgressRates()
    faith: FaithRates = FaithRates()
    comb: CombRates = CombRates()
    coproduction: CoProductionRates = CoProductionRates()
