"""Per-document time limits.

A document that takes longer than ``Settings.doc_timeout`` seconds to clean, parse or code becomes a
``failed`` result naming the input and the limit; the run goes on. The limit is a POSIX interval timer
(``SIGALRM``) armed around each stage of each document, in whichever process codes it: the main
process with ``--workers 1``, each worker process otherwise, each Spark Python worker on a cluster.
Python checks for the signal between bytecodes, so a stage stuck in a long C call is interrupted when
the call returns; a worker process that dies outright is replaced (see :mod:`dyad.jobs`).

Where no timer is available (not the main thread of its process, or no ``setitimer`` on the
platform) the limit is not enforced and the document runs to completion.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from dyad.errors import DyadError


class DocumentTimeout(DyadError):
    """A document took longer than the per-document time limit."""

    def __init__(self, seconds: float, stage: str) -> None:
        self.seconds = seconds
        self.stage = stage
        super().__init__(
            f"took longer than the per-document time limit of {seconds:g} s at {stage}; "
            "raise it with doc_timeout in dyad.toml or DYAD_DOC_TIMEOUT"
        )


def timer_available() -> bool:
    """True when :func:`time_limit` can enforce its limit in the calling thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float, stage: str) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in the block when it runs longer than ``seconds`` (0: no limit)."""
    if seconds <= 0 or not timer_available():
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise DocumentTimeout(seconds, stage)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
