"""What Mesa's tools expect of a model: keyword construction and a DataCollector.

``mesa.batch_run`` builds models as ``model_cls(**kwargs)`` from the parameters it
varies, then reads ``model.datacollector``; Mesa's plot components read the same
collector. :class:`~collabsim.model.collaboration.CollaborationModel` therefore
accepts a scenario by name or path plus dotted overrides as keywords
(:func:`spec_from_keywords`), and keeps a Mesa ``DataCollector`` whose model
reporters are the step metrics (:func:`step_collector`).

The collector reads each step's values from the observer, which has already
computed them, so collecting costs a few microseconds a step; ``run_scenario`` and
sweeps skip it altogether (``collect=False``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mesa import DataCollector

from collabsim.errors import ScenarioError
from collabsim.model.observe import Observer
from collabsim.scenario.scenario import Scenario, load_scenario, with_overrides

if TYPE_CHECKING:
    from mesa import Model

__all__ = ["collect", "spec_from_keywords", "step_collector"]


def spec_from_keywords(
    spec: Scenario | None,
    scenario: Scenario | Path | str | None,
    overrides: Mapping[str, object],
) -> Scenario:
    """The scenario a model is built from: ``spec`` or ``scenario``, then overrides.

    Args:
        spec: A validated scenario (``CollaborationModel(spec)``).
        scenario: Instead of ``spec``: a :class:`Scenario`, a scenario file, or the
            name of a shipped scenario (``"voluntary_baseline"``).
        overrides: Dotted-path overrides (``{"dynamics.trust.gain": 0.1}``), e.g.
            keyword arguments that ``mesa.batch_run`` varies.

    Raises:
        ScenarioError: If neither or both of ``spec`` and ``scenario`` are given, the
            scenario cannot be loaded, or an override is invalid.
    """
    if (spec is None) == (scenario is None):
        msg = (
            "give the scenario once: CollaborationModel(spec) or "
            "CollaborationModel(scenario='voluntary_baseline' or a file path)"
        )
        raise ScenarioError(msg)
    if spec is None:
        if isinstance(scenario, Scenario):
            spec = scenario
        elif isinstance(scenario, str | Path):
            spec = load_scenario(scenario)
        else:
            msg = (
                "scenario= takes a collabsim Scenario, a scenario file or a shipped "
                f"name, not {type(scenario).__module__}.{type(scenario).__name__}"
            )
            raise ScenarioError(msg)
    return with_overrides(spec, dict(overrides))


def _reporter(position: int) -> Callable[[Any], float]:
    # a plain function: Mesa calls function reporters with the model
    def value(model: Any) -> float:
        observer: Observer = model.observer
        return observer.last_row[position]

    return value


def step_collector(observer: Observer) -> DataCollector:
    """A Mesa ``DataCollector`` with one model reporter per observed step metric."""
    return DataCollector(
        model_reporters={
            name: _reporter(position) for position, name in enumerate(observer.names)
        }
    )


def collect(model: Model, collector: DataCollector | None) -> None:
    """Collect the current step into ``collector``, if the model keeps one."""
    if collector is not None:
        collector.collect(model)
