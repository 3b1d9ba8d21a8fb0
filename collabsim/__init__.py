"""collabsim: an agent-based model of inter-organisational collaboration in care.

Organisations and their professionals build trust (in a partner), confidence
(through obligations) and faith (in the partnership); trust and confidence set a
risk threshold per partner that gates collaborative behaviour, and faith carries
low-risk collaboration past it. See ``docs/odd.md`` and docs/theory.md.

Importing the package is light: the errors and the scenario schema load at once;
the model (Mesa, Numba), the run and the seeds load on first use of their names
(PEP 562), so ``collabsim --help`` or validating a file starts quickly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from collabsim.errors import (
    CollabsimError,
    ExperimentError,
    FactsError,
    ResultsError,
    ScenarioError,
)
from collabsim.scenario.mechanisms import MECHANISMS, Mechanism
from collabsim.scenario.params import ParamInfo, parameter_info, parameter_table
from collabsim.scenario.parts import Governance, ResolutionStyle, Sector
from collabsim.scenario.scenario import (
    Scenario,
    load_scenario,
    scenario_json_schema,
    with_overrides,
)

if TYPE_CHECKING:
    from collabsim.experiment.facts import FactsSpec, load_facts
    from collabsim.model.collaboration import CollaborationModel
    from collabsim.model.observe import METRICS, Metric
    from collabsim.model.run import RunResult, make_run_id, run_scenario
    from collabsim.rng import run_seed

    __version__: str

__all__ = [
    "MECHANISMS",
    "METRICS",
    "CollaborationModel",
    "CollabsimError",
    "ExperimentError",
    "FactsError",
    "FactsSpec",
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
    "load_facts",
    "load_scenario",
    "make_run_id",
    "parameter_info",
    "parameter_table",
    "run_scenario",
    "run_seed",
    "scenario_json_schema",
    "with_overrides",
]

#: Public names loaded on first use, and the module each comes from.
_LAZY = {
    "CollaborationModel": "collabsim.model.collaboration",
    "FactsSpec": "collabsim.experiment.facts",
    "load_facts": "collabsim.experiment.facts",
    "METRICS": "collabsim.model.observe",
    "Metric": "collabsim.model.observe",
    "RunResult": "collabsim.model.run",
    "make_run_id": "collabsim.model.run",
    "run_scenario": "collabsim.model.run",
    "run_seed": "collabsim.rng",
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("collabsim")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def __getattr__(name: str) -> Any:
    """Load a heavy public name on first access, then keep it as a global."""
    if name == "__version__":
        value: Any = _version()
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
