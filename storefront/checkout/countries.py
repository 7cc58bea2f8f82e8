"""Where a channel ships: the one place the checkout asks (switches to shipping zones when they land).

Until the shipping app exists, a channel ships to its ``allowed_countries`` (empty: anywhere).
"""

from __future__ import annotations

from storefront.channels.models import Channel


def channel_ships_to(channel: Channel, country: str) -> bool:
    """Whether ``channel`` delivers to ``country`` (an ISO 3166-1 alpha-2 code)."""
    allowed = channel.allowed_countries or []
    return not allowed or country.upper() in {code.upper() for code in allowed}
