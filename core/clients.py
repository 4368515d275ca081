"""The address a request comes from.

The connection's own, or, behind ``TRUSTED_PROXY_COUNT`` proxies that each add the address
they saw to X-Forwarded-For, the one the outermost of them saw (the N-th from the end): what
comes before it is the client's word and is never believed. Login throttling, the reports'
rate limit, the downloads' limit and the API's throttling all count by it.
"""

from django.conf import settings


def client_address(request) -> str:
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [address.strip() for address in forwarded if address.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
