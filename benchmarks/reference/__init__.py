"""Naive Mesa reference implementation of collabsim's dynamics (teaching, benchmarking).

``model.py`` wires the agents (``agents.py``) and the phases (``acts.py``,
``conflict.py``, ``ties.py``, ``organisations.py``); ``formulas.py`` holds every
update rule for one tie, pair or person; ``metrics.py`` the step metrics.
"""

from benchmarks.reference.metrics import REPORTERS
from benchmarks.reference.model import ReferenceModel, run_reference

__all__ = ["REPORTERS", "ReferenceModel", "run_reference"]
