"""Experiments: factors over scenario paths, a design, replicates and a seed.

:mod:`~collabsim.experiment.spec` reads and expands experiment files,
:mod:`~collabsim.experiment.designs` samples them (factorial, Latin hypercube,
Sobol', Morris, FAST) and :mod:`~collabsim.experiment.analytic` holds the test
functions with known indices.
"""
