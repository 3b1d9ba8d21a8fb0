"""The phases of one model step, each a function of the model's array state.

Each phase gathers arrays, draws the random numbers it needs from ``model.rng`` in a
fixed order, and calls the pure kernels. Kept apart from ``model.py`` so each stays
small and readable.
"""
