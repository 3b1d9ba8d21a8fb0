"""The one "did you mean" hint that error messages about unknown names share."""

from __future__ import annotations

from collabsim.errors import did_you_mean


def test_hint_names_the_closest_choice():
    choices = ["n_steps", "name", "network"]
    assert did_you_mean("n_step", choices) == " (did you mean 'n_steps'?)"


def test_no_hint_when_nothing_is_close():
    assert did_you_mean("zzz", ["n_steps", "name"]) == ""
    assert did_you_mean("anything", []) == ""


def test_cutoff_and_any_iterable():
    assert did_you_mean("nmae", iter(["name"])) == " (did you mean 'name'?)"
    assert did_you_mean("nmae", ["name"], cutoff=0.99) == ""
