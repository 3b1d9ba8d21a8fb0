"""Which engine runs the cores, and the decorator that compiles them under Numba.

Nothing happens on import. The engine is chosen on the first call of
:func:`engine_name` or :func:`compiled`; under ``numba`` the first :func:`compiled`
also imports Numba and points its on-disk cache at a folder keyed by the package's
sources (Numba picks a function's cache folder when it decorates it).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar, cast

__all__ = ["ENGINES", "ENGINE_ENV", "compiled", "engine_name"]

#: Environment variable that picks the engine: ``numba`` or ``numpy``.
ENGINE_ENV = "COLLABSIM_ENGINE"
ENGINES = ("numba", "numpy")

_F = TypeVar("_F", bound=Callable[..., Any])

#: The package whose sources key the compiled-code cache: all of ``collabsim``.
_PACKAGE = Path(__file__).resolve().parents[2]


def _select() -> str:
    wanted = os.environ.get(ENGINE_ENV, "").strip().lower()
    if wanted and wanted not in ENGINES:
        msg = f"{ENGINE_ENV}={wanted!r}: expected one of {', '.join(ENGINES)}"
        raise ValueError(msg)
    available = importlib.util.find_spec("numba") is not None
    if wanted == "numba" and not available:
        msg = f"{ENGINE_ENV}=numba but Numba is not installed (pip install numba)"
        raise ValueError(msg)
    return "numba" if available and wanted != "numpy" else "numpy"


@functools.cache
def engine_name() -> str:
    """Return the engine of this process: ``numba`` or ``numpy``.

    Chosen on the first call, from ``COLLABSIM_ENGINE`` and whether Numba is
    installed (``numba`` when it is), then fixed for the life of the process.

    Raises:
        ValueError: If ``COLLABSIM_ENGINE`` names no engine, or names ``numba``
            while Numba is not installed.
    """
    return _select()


#: The parts of the package compiled code can reach: kernels, the NamedTuples and
#: enums they read, and the rates they are handed.
_COMPILED_SOURCES = ("arrays.py", "rules", "model", "scenario")


def _source_digest() -> str:
    """Hash of the sources compiled code can reach: the compiled-code cache's key.

    Numba's own cache notices a change to the file of a compiled function but not to
    the files of the functions it calls, so the cache lives in a folder per version
    of those sources: an edited kernel can never run stale machine code, and an
    edit to the command line, the UI or the analysis recompiles nothing.
    """
    digest = hashlib.sha256()
    files = [
        file
        for part in _COMPILED_SOURCES
        for file in (
            [_PACKAGE / part]
            if part.endswith(".py")
            else (_PACKAGE / part).rglob("*.py")
        )
    ]
    for file in sorted(files):
        digest.update(file.relative_to(_PACKAGE).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def _numba() -> ModuleType:
    """Import Numba and set its cache folder for this version of the package, once."""
    import numba

    root = os.environ.get("NUMBA_CACHE_DIR") or str(
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "collabsim"
    )
    numba.config.CACHE_DIR = str(Path(root) / f"numba-{_source_digest()}")  # type: ignore[attr-defined]
    return numba


def compiled(function: _F) -> _F:
    """Compile a core with Numba (nopython, cached) under the ``numba`` engine.

    Under the ``numpy`` engine the function is returned as it is.
    """
    if engine_name() != "numba":
        return function
    return cast("_F", _numba().njit(cache=True, nogil=True)(function))
