"""Where a channel ships: the countries of its shipping zones (``storefront.shipping``)."""

from __future__ import annotations

from storefront.channels.models import Channel
from storefront.shipping.quotes import channel_countries
from storefront.shipping.quotes import channel_ships_to as _ships_to

__all__ = ["channel_countries", "channel_ships_to"]


def channel_ships_to(channel: Channel, country: str) -> bool:
    """Whether ``channel`` delivers to ``country`` (an ISO 3166-1 alpha-2 code)."""
    return _ships_to(channel, country)
