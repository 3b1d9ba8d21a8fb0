"""The phases of one step, each a function of the run state (one run or a batch).

Each phase draws the counter-based uniforms it needs (:mod:`collabsim.model.draws`),
gathers the arrays and the rates at the level of its elements, and calls one
compiled core that applies the pure rules of :mod:`collabsim.rules`. The schedule
(:mod:`collabsim.model.schedule`) runs them in order.
"""
