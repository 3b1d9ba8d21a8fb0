"""All rates and weights of the update rules, grouped by sub-process (theory §C4).

The groups are declared in :mod:`collabsim.scenario.rates.contact`, :mod:`collabsim.scenario.rates.conflict`,
:mod:`collabsim.scenario.rates.behaviour` and :mod:`collabsim.scenario.rates.faith`
and re-exported here, so ``collabsim.scenario.rates`` is the one place to import them from.
"""

from __future__ import annotations

from collabsim.scenario.rates.behaviour import BehaviourRates, ProgressRates
from collabsim.scenario.fields import Spec
from collabsim.scenario.rates.faith import CombRates, CoProductionRates, FaithRates
from collabsim.scenario.rates.conflict import ConfidenceRates, ConflictRates, ThresholdWeights
from collabsim.scenario.rates.contact import ContactRates, TrustRates

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
