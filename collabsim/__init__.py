"""collabsim: an agent-based model of inter-organisational collaboration in care.

Organisations and their professionals build trust (in a partner), confidence
(through obligations) and faith (in the partnership); trust and confidence set a
risk threshold per partner that gates collaborative behaviour, and faith carries
low-risk collaboration past it. See ``docs/odd.md`` and theory.md.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from collabsim.errors import (
    CollabsimError,
    ExperimentError,
    ResultsError,
    ScenarioError,
)
from collabsim.model.collaboration import CollaborationModel
from collabsim.model.observe import METRICS, Metric
from collabsim.model.run import RunResult, make_run_id, run_scenario
from collabsim.rng import run_seed
from collabsim.scenario.mechanisms import MECHANISMS, Mechanism
from collabsim.scenario.params import ParamInfo, parameter_info, parameter_table
from collabsim.scenario.parts import Governance, ResolutionStyle, Sector
from collabsim.scenario.scenario import (
    Scenario,
    load_scenario,
    scenario_json_schema,
    with_overrides,
)

try:
    __version__ = version("collabsim")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "MECHANISMS",
    "METRICS",
    "CollaborationModel",
    "CollabsimError",
    "ExperimentError",
    "Governance",
    "Mechanism",
    "Metric",
    "ParamInfo",
    "ResolutionStyle",
    "ResultsError",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "Sector",
    "__version__",
    "load_scenario",
    "make_run_id",
    "parameter_info",
    "parameter_table",
    "run_scenario",
    "run_seed",
    "scenario_json_schema",
    "with_overrides",
]
