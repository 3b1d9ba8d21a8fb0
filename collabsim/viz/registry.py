"""The sessions of one server: how many, which are playing, and the limit.

The page opens a session when it first renders and closes it when its kernel
closes; past the limit, :meth:`SessionRegistry.open` returns ``None`` and the page
shows a friendly message instead of a model.
"""

from __future__ import annotations

import logging
import threading

from collabsim.viz.session import PlaySession

__all__ = ["SessionRegistry"]

log = logging.getLogger(__name__)


class SessionRegistry:
    """The sessions of one server, at most ``limit`` at a time.

    Args:
        limit: Most sessions open at once.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._sessions: dict[int, PlaySession] = {}
        self._count = 0

    def open(self) -> PlaySession | None:
        """A new session, or ``None`` when the server is full."""
        with self._lock:
            if len(self._sessions) >= self.limit:
                log.warning("session refused: %d of %d open", self.limit, self.limit)
                return None
            self._count += 1
            number = self._count
        session = PlaySession(number, on_close=self.release, summary=self.summary)
        with self._lock:
            self._sessions[number] = session
            log.info("session %d opened (%d open)", number, len(self._sessions))
        return session

    def release(self, session: PlaySession) -> None:
        """Forget a closed session."""
        with self._lock:
            if self._sessions.pop(session.number, None) is not None:
                log.info(
                    "session %d closed (%d open)", session.number, len(self._sessions)
                )

    def sessions(self) -> list[PlaySession]:
        """The sessions open now."""
        with self._lock:
            return list(self._sessions.values())

    @property
    def open_count(self) -> int:
        """Sessions open now."""
        with self._lock:
            return len(self._sessions)

    def playing_count(self) -> int:
        """Sessions whose model is playing now."""
        with self._lock:
            sessions = list(self._sessions.values())
        return sum(s.status.playing for s in sessions)

    def summary(self) -> str:
        """One line for the page: sessions open and playing on this server."""
        open_now = self.open_count
        return (
            f"{open_now} of {self.limit} sessions open on this server, "
            f"{self.playing_count()} playing"
        )
