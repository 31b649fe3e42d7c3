"""A fixed-window, per-client counter in the Django cache (Redis in production)."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def _key(scope, ident, window):
    bucket = int(timezone.now().timestamp()) // window
    digest = hashlib.sha256(f"{scope}:{ident}".encode()).hexdigest()[:24]
    return f"ratelimit:{scope}:{digest}:{bucket}"


def limit_for(scope):
    """(max hits, window seconds) from settings.RATE_LIMITS[scope]."""
    return tuple(getattr(settings, "RATE_LIMITS", {}).get(scope, (5, 600)))


def take(scope, ident):
    """Count one hit for `ident` and say whether it is within the allowance (True: go ahead).

    The hit is counted before the caller acts, with the cache's atomic add and incr, so requests that
    arrive together each get their own count and no more than the allowance ever go ahead.
    """
    hits, window = limit_for(scope)
    key = _key(scope, ident, window)
    if cache.add(key, 1, timeout=window + 1):
        return hits >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr(): this hit opens a new count
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count <= hits
