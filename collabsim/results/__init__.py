"""Results on disk: tidy tables keyed by ``run_id``, atomic folders, manifests.

:mod:`~collabsim.results.tables` builds the ``runs`` rows (failed runs included),
:mod:`~collabsim.results.files` writes and reads Parquet tables and never leaves a
half-written folder, :mod:`~collabsim.results.manifest` records provenance and
:mod:`~collabsim.results.ledger` keeps a sweep's parts and what is done.
"""
