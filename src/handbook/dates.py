"""The build's date: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from handbook.errors import ConfigError


def build_time() -> datetime:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        raise ConfigError(f"error: SOURCE_DATE_EPOCH must be a whole number of seconds since "
                          f"1970, got {value!r}") from None
