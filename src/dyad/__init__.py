"""dyad: an open political event data engine.

>>> import dyad
>>> events = dyad.code([{"id": "a1", "text": "Iran criticised the United States on Monday."}])
"""

from __future__ import annotations

__version__ = "0.1.0"

from dyad.api import code, code_documents
from dyad.store import Store

__all__ = ["Store", "__version__", "code", "code_documents"]
