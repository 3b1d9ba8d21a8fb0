"""Analysis of finished sweeps, reading only tidy tables and manifests.

SALib indices behind one tidy interface (:mod:`~collabsim.analysis.indices`), the
sensitivity study of a sweep folder (:mod:`~collabsim.analysis.sensitivity`,
:mod:`~collabsim.analysis.study`, :mod:`~collabsim.analysis.convergence`,
:mod:`~collabsim.analysis.time_resolved`), scenario discovery
(:mod:`~collabsim.analysis.discovery`) and paired contrasts between configurations
(:mod:`~collabsim.analysis.contrasts`).
"""
