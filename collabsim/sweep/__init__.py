"""Sweeps: many runs of an experiment, on all local cores or a Dask cluster.

:func:`~collabsim.sweep.runner.run_experiment` expands the design, skips runs
already done, bundles the rest into chunks (:mod:`~collabsim.sweep.chunks`) and
dispatches them (:mod:`~collabsim.sweep.dispatch`) to an executor
(:mod:`~collabsim.sweep.executors`). :mod:`~collabsim.sweep.compare` runs
configurations on common seeds.
"""
