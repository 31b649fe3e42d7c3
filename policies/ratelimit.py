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


def is_limited(scope, ident):
    """True when `ident` already used up its allowance in this window (does not count a hit)."""
    hits, window = limit_for(scope)
    return (cache.get(_key(scope, ident, window)) or 0) >= hits


def hit(scope, ident):
    """Count one hit; returns the count in this window."""
    _hits, window = limit_for(scope)
    key = _key(scope, ident, window)
    if cache.add(key, 1, timeout=window + 1):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window + 1)
        return 1
