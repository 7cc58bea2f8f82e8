"""Attribution: which campaign an order came from, from what the storefront put in the checkout.

Storefronts pass attribution in the checkout's metadata (Saleor's ``updateMetadata`` on the
checkout, or ``checkoutComplete(metadata:)``) under these keys (:data:`ATTRIBUTION_KEYS`):
``utm_source``, ``utm_medium``, ``utm_campaign``, ``referrer``, ``landing_path`` and
``campaign_link`` (the code of a ``/c/<code>`` link). The metadata is copied into the order when
the checkout completes, and :func:`order_attribution_record` (called once by
``storefront.checkout.complete`` inside the completion's transaction) turns it into an
``OrderAttribution``:

- every value is cleaned (:func:`attribution_clean`): anything not text is ignored, control and
  format characters are dropped, whitespace is collapsed and values are cut to their column's
  length; a referrer keeps only its scheme, host and path (a query string may carry someone's
  e-mail), a landing path only its path, a link code only if it has a code's characters. Bad
  values never fail a checkout: at worst they are dropped;
- the campaign is the link's (by ``campaign_link``), else the campaign whose ``utm_campaign`` is
  the value given (case-insensitive) and that runs at the order's time in the order's channel
  (no dates: always; no channels: every channel); the one starting last wins a tie;
- a registered buyer's first and last touch (``CustomerAttribution``) are updated.

An order whose metadata names none of the keys costs no query at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.db.models import Q

from storefront.marketing.models import (
    CODE_MAX_LENGTH,
    URL_MAX_LENGTH,
    UTM_MAX_LENGTH,
    Campaign,
    CampaignLink,
    CustomerAttribution,
    OrderAttribution,
)
from storefront.orders.models import Order

ATTRIBUTION_KEYS = ("utm_source", "utm_medium", "utm_campaign", "referrer", "landing_path", "campaign_link")
_CODE = re.compile(r"[a-z0-9]{4,32}")


@dataclass(frozen=True)
class Attribution:
    """Cleaned attribution values; empty strings for what was missing or unusable."""

    utm_source: str = ""
    utm_medium: str = ""
    utm_campaign: str = ""
    referrer: str = ""
    landing_path: str = ""
    campaign_link: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, key) for key in ATTRIBUTION_KEYS)


def text_clean(value: object, *, max_length: int) -> str:
    """``value`` as one line of printable text at most ``max_length`` long; ``""`` if not text."""
    if not isinstance(value, str):
        return ""
    kept = "".join(
        " " if unicodedata.category(char) in ("Zs", "Zl", "Zp") or char in "\t\r\n" else char
        for char in value
        if unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn") or char in "\t\r\n"
    )
    return " ".join(kept.split())[:max_length].strip()


def referrer_clean(value: object) -> str:
    """A referrer: scheme, host and path of an http(s) URL, nothing else."""
    text = text_clean(value, max_length=4 * URL_MAX_LENGTH)
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not host:
        return ""
    return f"{parts.scheme}://{host}{parts.path}"[:URL_MAX_LENGTH]


def _path_clean(value: object) -> str:
    """A landing path: the path of a URL or of a relative reference, starting with ``/``."""
    text = text_clean(value, max_length=4 * URL_MAX_LENGTH)
    try:
        path = urlsplit(text).path
    except ValueError:
        return ""
    return path[:URL_MAX_LENGTH] if path.startswith("/") else ""


def code_clean(value: object) -> str:
    """A link code as ``/c/<code>`` serves it (lower-case letters and digits), or ``""``."""
    text = text_clean(value, max_length=CODE_MAX_LENGTH + 1).lower()
    return text if _CODE.fullmatch(text) else ""


def attribution_clean(values: Mapping[str, object]) -> Attribution:
    """The attribution keys of ``values`` (a checkout's or order's metadata), cleaned."""
    return Attribution(
        utm_source=text_clean(values.get("utm_source"), max_length=UTM_MAX_LENGTH),
        utm_medium=text_clean(values.get("utm_medium"), max_length=UTM_MAX_LENGTH),
        utm_campaign=text_clean(values.get("utm_campaign"), max_length=UTM_MAX_LENGTH),
        referrer=referrer_clean(values.get("referrer")),
        landing_path=_path_clean(values.get("landing_path")),
        campaign_link=code_clean(values.get("campaign_link")),
    )


def campaign_running(*, utm_campaign: str, at: datetime, channel_id: int) -> Campaign | None:
    """The campaign tagged ``utm_campaign`` that runs at ``at`` in the channel (see the module doc)."""
    if not utm_campaign:
        return None
    return (
        Campaign.objects.filter(utm_campaign__iexact=utm_campaign)
        .filter(Q(starts_at__isnull=True) | Q(starts_at__lte=at))
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gte=at))
        .filter(Q(channels__isnull=True) | Q(channels__pk=channel_id))
        .order_by("-starts_at", "-pk")
        .distinct()
        .first()
    )


def attribution_campaign(
    attribution: Attribution, *, at: datetime, channel_id: int
) -> tuple[Campaign | None, CampaignLink | None]:
    """The campaign (and link) ``attribution`` points at: the link's, else by ``utm_campaign``."""
    if attribution.campaign_link:
        link = CampaignLink.objects.select_related("campaign").filter(code=attribution.campaign_link).first()
        if link is not None:
            return link.campaign, link
    campaign = campaign_running(utm_campaign=attribution.utm_campaign, at=at, channel_id=channel_id)
    return campaign, None


def _customer_touch(
    order: Order, user_id: int, attribution: Attribution, campaign: Campaign | None
) -> Campaign | None:
    """Record the buyer's last touch (and first, the first time); return their first campaign."""
    at = order.created_at
    touch = {
        "campaign": campaign,
        "utm_source": attribution.utm_source,
        "utm_campaign": attribution.utm_campaign,
        "at": at,
    }
    first = {f"first_{key}": value for key, value in touch.items()}
    last = {f"last_{key}": value for key, value in touch.items()}
    # ON CONFLICT DO NOTHING: a concurrent first order of the same buyer must not abort this
    # transaction (it is the checkout's); the row lock below then serialises the two.
    CustomerAttribution.objects.bulk_create(
        [CustomerAttribution(user_id=user_id, **first, **last)], ignore_conflicts=True
    )
    row = CustomerAttribution.objects.select_for_update().get(user_id=user_id)
    if row.last_at <= at:
        for key, value in last.items():
            setattr(row, key, value)
        row.save(update_fields=list(last))
    return row.first_campaign


def order_attribution_record(*, order: Order) -> OrderAttribution | None:
    """Record where ``order`` came from, from its metadata (see the module docstring).

    Call inside the transaction that placed the order; ``None`` (and no query) when the metadata
    carries no attribution. Never raises for the values themselves.
    """
    attribution = attribution_clean(order.metadata or {})
    if attribution.is_empty:
        return None
    campaign, link = attribution_campaign(attribution, at=order.created_at, channel_id=order.channel_id)
    first_touch = campaign
    touched = campaign is not None or attribution.utm_source or attribution.utm_campaign
    if order.user_id is not None and touched:
        first_touch = _customer_touch(order, order.user_id, attribution, campaign)
    return OrderAttribution.objects.create(
        order=order,
        campaign=campaign,
        link=link,
        first_touch_campaign=first_touch,
        utm_source=attribution.utm_source,
        utm_medium=attribution.utm_medium,
        utm_campaign=attribution.utm_campaign,
        referrer=attribution.referrer,
        landing_path=attribution.landing_path,
    )
