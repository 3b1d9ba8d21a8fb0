"""One run: the Mesa model, its run state, agents, phases and observer.

:class:`~collabsim.model.collaboration.CollaborationModel` builds a
:class:`~collabsim.model.runstate.RunState` (the arrays of
:mod:`~collabsim.model.entities`), the agents (:mod:`~collabsim.model.agents`) act on
it through its operations, the phases (:mod:`collabsim.model.phases`) advance it with
the rules, and the observer (:mod:`~collabsim.model.observe`) records the metrics
(:mod:`~collabsim.model.metrics`, :mod:`~collabsim.model.damour`).
:func:`~collabsim.model.run.run_scenario` turns one run into tidy tables.
"""
