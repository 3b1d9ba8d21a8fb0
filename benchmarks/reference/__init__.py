"""Naive Mesa reference implementation of collabsim's core (teaching and benchmarking)."""

from .model import REPORTERS, ReferenceModel, run_reference

__all__ = ["REPORTERS", "ReferenceModel", "run_reference"]
