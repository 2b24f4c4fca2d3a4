"""The date written into outputs: SOURCE_DATE_EPOCH when set, else none.

Without a date, the outputs depend on the sources alone, so an unchanged book rebuilds to the
same bytes (authors can commit or compare outputs); SOURCE_DATE_EPOCH, the reproducible-builds
convention, adds a creation date that stays the same on every rebuild.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from handbook.errors import ConfigError


def build_time() -> datetime | None:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        raise ConfigError(f"error: SOURCE_DATE_EPOCH must be a whole number of seconds since "
                          f"1970, got {value!r}") from None
