"""All rates and weights of the update rules, one module per sub-process (theory §C4).

``Dynamics`` gathers the groups; ``collabsim.scenario.rates`` re-exports each of them.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec
from collabsim.scenario.rates.behaviour import BehaviourRates
from collabsim.scenario.rates.comb import CombRates
from collabsim.scenario.rates.confidence import ConfidenceRates
from collabsim.scenario.rates.conflict import ConflictRates
from collabsim.scenario.rates.contact import ContactRates
from collabsim.scenario.rates.coproduction import CoProductionRates
from collabsim.scenario.rates.faith import FaithRates
from collabsim.scenario.rates.progress import ProgressRates
from collabsim.scenario.rates.threshold import ThresholdWeights
from collabsim.scenario.rates.trust import TrustRates

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
