"""Lessons: a TOML file of steps, each a preset or lever change with a question.

A lesson walks a class through the page: ``collabsim ui --lesson FILE``. Each step
names what changes and what to ask::

    title = "Trust, faith and confidence"

    [[steps]]
    title = "A voluntary partnership"
    preset = "voluntary_baseline"
    question = "How long does collaboration take to start?"
    look_for = "Trust and faith build slowly while confidence stays low."

    [[steps]]
    title = "Add a mandate"
    levers = { governance = "mandated" }
    compare = "governance"
    question = "..."
    look_for = "..."

A step that names a ``preset`` starts afresh from it (levers, sector mix, switches
and side by side cleared; the seed kept); a step without one carries the previous
step's setup forward. Either way the step's ``compare``, ``seed``, ``cross_sector``,
``levers`` and ``mechanisms_off`` then apply. Only shipped presets, declared levers
with values in their schema range, side-by-side choices and mechanism switches are
accepted; a bad file raises :class:`LessonError` naming the file and the step.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from collabsim.errors import CollabsimError, did_you_mean
from collabsim.viz.levers import LEVERS, MECHANISM_SWITCHES, presets
from collabsim.viz.setups import Setup, coerce_lever
from collabsim.viz.uimodel import COMPARISONS

__all__ = ["Lesson", "LessonError", "LessonStep", "load_lesson"]

_LEVERS = {lever.name: lever for lever in LEVERS}


class LessonError(CollabsimError, ValueError):
    """A lesson file is invalid.

    Args:
        message: What is wrong, naming the step.
        source: The lesson file.
    """

    def __init__(self, message: str, *, source: str) -> None:
        self.source = source
        super().__init__(f"{source}: {message}")


class LessonStep(BaseModel):
    """One step of a lesson: what changes, the question, and what to look for.

    Attributes:
        title: Shown as the step's heading.
        preset: A shipped preset to start from (required in the first step).
        compare: A side-by-side choice.
        seed: Seed of the run.
        cross_sector: Sector mix (unset: as the preset has it).
        levers: Lever name to value.
        mechanisms_off: Mechanism switches turned off.
        question: The question put to the class.
        look_for: What to look for on the page.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    preset: str | None = None
    compare: str | None = None
    seed: int | None = Field(default=None, ge=0, lt=2**32)
    cross_sector: bool | None = None
    levers: dict[str, str | float | bool] = Field(default_factory=dict)
    mechanisms_off: tuple[str, ...] | None = None
    question: str = Field(min_length=1)
    look_for: str = Field(min_length=1)


class Lesson(BaseModel):
    """A titled sequence of steps.

    Attributes:
        title: The lesson's title.
        summary: One paragraph for the teacher.
        steps: At least one step.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    summary: str = ""
    steps: tuple[LessonStep, ...] = Field(min_length=1)

    def setups(self) -> tuple[Setup, ...]:
        """The setup of each step (a step builds on the one before)."""
        result: list[Setup] = []
        current = Setup()
        for step in self.steps:
            current = _apply(current, step)
            result.append(current)
        return tuple(result)


def _apply(previous: Setup, step: LessonStep) -> Setup:
    setup = previous
    if step.preset is not None:
        setup = Setup(preset=step.preset, seed=previous.seed)
    if step.compare is not None:
        setup = replace(setup, compare=step.compare)
    if step.seed is not None:
        setup = replace(setup, seed=step.seed)
    if step.cross_sector is not None:
        setup = replace(setup, cross_sector=step.cross_sector)
    if step.mechanisms_off is not None:
        setup = replace(setup, off=frozenset(step.mechanisms_off))
    for name, value in step.levers.items():
        setup = setup.with_lever(name, coerce_lever(_LEVERS[name], value))
    return setup


def _check_step(step: LessonStep, *, first: bool) -> None:
    shipped = presets()
    if step.preset is None and first:
        msg = "the first step must name a preset"
        raise ValueError(msg)
    if step.preset is not None and step.preset not in shipped:
        hint = did_you_mean(step.preset, shipped)
        msg = f"preset {step.preset!r} is not a shipped preset{hint}"
        raise ValueError(msg)
    if step.compare is not None and step.compare not in COMPARISONS:
        hint = did_you_mean(step.compare, COMPARISONS)
        msg = f"compare {step.compare!r} is not a side-by-side choice{hint}"
        raise ValueError(msg)
    for name in step.mechanisms_off or ():
        if name not in MECHANISM_SWITCHES:
            hint = did_you_mean(name, MECHANISM_SWITCHES)
            msg = f"mechanisms_off: {name!r} is not a mechanism switch{hint}"
            raise ValueError(msg)
    for name, value in step.levers.items():
        if name not in _LEVERS:
            hint = did_you_mean(name, _LEVERS)
            msg = f"levers: {name!r} is not a lever{hint}"
            raise ValueError(msg)
        try:
            coerce_lever(_LEVERS[name], value)
        except ValueError as exc:
            msg = f"levers: {exc}"
            raise ValueError(msg) from None


def _where(data: dict[str, Any], index: int) -> str:
    steps = data.get("steps")
    title = None
    if (
        isinstance(steps, list)
        and index < len(steps)
        and isinstance(steps[index], dict)
    ):
        title = steps[index].get("title")
    return f"step {index + 1}" + (f" ({title!r})" if isinstance(title, str) else "")


def _validation_message(exc: ValidationError, data: dict[str, Any]) -> str:
    error = exc.errors()[0]
    loc = list(error["loc"])
    where = "lesson"
    if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int):
        where = _where(data, loc[1])
        loc = loc[2:]
    field = ".".join(str(part) for part in loc)
    text = str(error["msg"])
    if error["type"] == "extra_forbidden":
        known = LessonStep.model_fields if where != "lesson" else Lesson.model_fields
        text = f"unknown key{did_you_mean(field, known)}"
    return f"{where}: {field + ': ' if field else ''}{text}"


def _read(path: Path) -> dict[str, Any]:
    source = str(path)
    if not path.is_file():
        msg = "is a directory, not a lesson file" if path.exists() else "not found"
        raise LessonError(msg, source=source)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read file ({exc})"
        raise LessonError(msg, source=source) from exc
    if not text.strip():
        msg = "file is empty"
        raise LessonError(msg, source=source)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = f"malformed TOML: {exc}"
        raise LessonError(msg, source=source) from exc


def load_lesson(path: Path | str) -> Lesson:
    """Read and check a lesson file.

    Raises:
        LessonError: For a missing or malformed file, or a step that names an
            unknown preset, lever, value or switch; the message names the file and
            the step.
    """
    path = Path(path)
    data = _read(path)
    try:
        lesson = Lesson.model_validate(data)
    except ValidationError as exc:
        raise LessonError(_validation_message(exc, data), source=str(path)) from exc
    for index, step in enumerate(lesson.steps):
        try:
            _check_step(step, first=index == 0)
        except ValueError as exc:
            msg = f"{_where(data, index)}: {exc}"
            raise LessonError(msg, source=str(path)) from exc
    return lesson
