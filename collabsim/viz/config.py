"""Settings the launcher hands to the page process, through its environment.

``collabsim ui`` (:mod:`collabsim.viz.serve`) checks its options, then starts the
Solara server with these variables set; the page reads them once at import.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEFAULT_MAX_SESSIONS", "ServerConfig"]

#: Sessions one server runs at once unless ``--max-sessions`` says otherwise.
DEFAULT_MAX_SESSIONS = 40

_TOKEN = "COLLABSIM_UI_TOKEN"  # noqa: S105 - a variable's name, not a secret
_LESSON = "COLLABSIM_LESSON"
_MAX = "COLLABSIM_UI_MAX_SESSIONS"
_URL = "COLLABSIM_UI_URL"


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """How this server was started.

    Attributes:
        token: Access token every page must carry (classroom mode), else ``None``.
        lesson: Lesson file to walk through, if any.
        max_sessions: Most sessions open at once.
        url: Address the server was announced at (for sharing), if known.
    """

    token: str | None = None
    lesson: Path | None = None
    max_sessions: int = DEFAULT_MAX_SESSIONS
    url: str | None = None

    def environment(self) -> dict[str, str]:
        """These settings as environment variables."""
        env = {_MAX: str(self.max_sessions)}
        if self.token is not None:
            env[_TOKEN] = self.token
        if self.lesson is not None:
            env[_LESSON] = str(self.lesson)
        if self.url is not None:
            env[_URL] = self.url
        return env

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> ServerConfig:
        """Read the settings back (defaults where a variable is missing or bad)."""
        env = os.environ if env is None else env
        text = env.get(_MAX, "")
        limit = int(text) if text.isdigit() and int(text) > 0 else DEFAULT_MAX_SESSIONS
        lesson = env.get(_LESSON)
        return cls(
            token=env.get(_TOKEN) or None,
            lesson=Path(lesson) if lesson else None,
            max_sessions=limit,
            url=env.get(_URL) or None,
        )
