"""The scenario schema: every input of a run, declared once.

:class:`~collabsim.scenario.scenario.Scenario` and its parts
(:mod:`~collabsim.scenario.parts`, :mod:`~collabsim.scenario.levers`), the rates
(:mod:`collabsim.scenario.rates`, one module per group), the parameter table that
the CLI, sweeps, SALib and the UI derive from (:mod:`~collabsim.scenario.params`)
and the registry of causal links (:mod:`~collabsim.scenario.mechanisms`).
"""
