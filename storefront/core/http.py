"""Who is asking: the client's IP address for rate limits, behind the proxies the operator trusts.

``REMOTE_ADDR`` is the socket peer. Behind a load balancer or reverse proxy that peer is the proxy,
so every client would share one rate-limit bucket; the proxy names the real client in
``X-Forwarded-For``. That header is also what a client sends to pick a fresh address per guess, so it
is read only as far as the operator's trusted proxies (``settings.TRUSTED_PROXIES``, from
``ASAL_TRUSTED_PROXIES``) vouch for it: from the right, each hop a trusted proxy appended is skipped,
and the first address no trusted proxy would have written is the client. With no trusted proxies
configured (the default) the header is ignored.

The same setting tells uvicorn which peers may set ``X-Forwarded-For`` (``--forwarded-allow-ips``,
see ``infra/serve.py``). When uvicorn has already replaced the peer with the forwarded client, that
client is not a trusted proxy and is returned as it is, so the two layers agree.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

UNKNOWN_ADDRESS = "unknown"


def client_address(request: HttpRequest) -> str:
    """The client's IP address, honouring ``X-Forwarded-For`` only from trusted proxies."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return UNKNOWN_ADDRESS
    if not is_trusted_proxy(peer):
        return str(peer)
    nearest_trusted = peer
    for hop in reversed(_forwarded_hops(request)):
        address = _parse(hop)
        if address is None:
            # A trusted proxy writes addresses, never this: the text came from further out (the
            # client), and a client must not choose its own key. The last proxy vouched-for stands in.
            return str(nearest_trusted)
        if not is_trusted_proxy(address):
            return str(address)
        nearest_trusted = address
    return str(nearest_trusted)  # every hop is one of ours: an internal caller


def is_trusted_proxy(address: str | IPAddress) -> bool:
    """True when ``address`` lies in one of ``settings.TRUSTED_PROXIES`` (IPs or networks)."""
    parsed = _parse(address) if isinstance(address, str) else _unmapped(address)
    if parsed is None:
        return False
    return any(parsed in network for network in _trusted_networks(tuple(settings.TRUSTED_PROXIES)))


def _forwarded_hops(request: HttpRequest) -> list[str]:
    # Several X-Forwarded-For lines arrive joined by commas (WSGI and ASGI alike), in order.
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return [hop.strip() for hop in header.split(",") if hop.strip()]


@lru_cache(maxsize=8)
def _trusted_networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(text: str) -> IPAddress | None:
    """An address from a peer or hop: bare, ``v4:port``, ``[v6]`` or ``[v6]:port``; None if not one."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]  # IPv4 with a port; a bare IPv6 has several colons
    try:
        return _unmapped(ipaddress.ip_address(text))
    except ValueError:
        return None


def _unmapped(address: IPAddress) -> IPAddress:
    # A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; one client, one key.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address
