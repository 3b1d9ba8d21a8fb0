"""The update rules of the theory: pure functions of arrays, rates and switches.

One module per sub-process (contact, trust, gate, acts, conflict, contexts,
perception, COM-B, co-production). Rules draw no random numbers, touch no Mesa
object and do no I/O; :mod:`collabsim.rules.engine` compiles them with Numba when
it is installed (the same source runs as NumPy otherwise).
"""
