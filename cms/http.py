"""The client's address, taken only as far as the trusted proxies vouch for it."""

import ipaddress

from django.conf import settings


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """REMOTE_ADDR, or the address the right-most trusted proxy saw.

    With TRUSTED_PROXY_COUNT = n, each of our n proxies appends the address it
    received from to X-Forwarded-For, so the n-th entry from the right is the
    client's; anything further left was written by the client and is ignored.
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104 - a key, not a bind address
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        # Fewer hops than proxies: the request did not come through all of them.
        return remote
    return _valid_ip(forwarded[-count]) or remote


def parse_id(value):
    """A database id typed in a URL or form, or None: ASCII digits only ("²".isdigit() is
    true, int("²") fails) and short enough for a 64-bit column."""
    value = str(value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None
