"""A full disk, as far as this process can tell: writes past a size fail with EFBIG.

RLIMIT_FSIZE holds for root too (file modes do not), so the tests need no privilege
and no real full disk. SIGXFSZ, which would kill the process, is ignored meanwhile.
"""

from __future__ import annotations

import contextlib
import resource
import signal
from collections.abc import Iterator


@contextlib.contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """While the block runs, no file of this process grows past `limit` bytes."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
