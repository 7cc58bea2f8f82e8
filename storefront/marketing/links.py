"""A campaign link at work: where ``/c/<code>`` sends a visitor, and what a visit records.

The target is a page of the storefront (``settings.STOREFRONT_URL`` with the product, collection
and category path patterns, ``{channel}`` and ``{slug}`` filled in; by default Saleor's
storefront's own paths on ``PUBLIC_URL``), with the campaign's UTM parameters and the link's code
(``campaign_link``) appended to its query: a storefront copies them into the checkout's metadata
(:mod:`storefront.marketing.attribution`), which is how an order is attributed.

A visit is one insert: the link, the time, the country if the operator's CDN names it in a header
it controls (``settings.CAMPAIGN_COUNTRY_HEADER``, e.g. ``CF-IPCountry``; off by default, since a
client could send any header), the referrer (scheme, host and path) and the landing path. Crawlers
and link previews (by their User-Agent, or none at all) are redirected but not counted.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.utils import timezone

from storefront.channels.models import Channel
from storefront.marketing.attribution import referrer_clean, text_clean
from storefront.marketing.models import URL_MAX_LENGTH, CampaignLink, CampaignLinkTarget, CampaignVisit

# Words in the User-Agent of crawlers, link previews (a chat app fetching the page to show a card
# is no visitor), uptime monitors and HTTP libraries.
_BOT = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|whatsapp|telegram|skype|embedly|"
    r"headless|lighthouse|monitor|pingdom|curl|wget|python-|httpclient|okhttp|go-http|java/|"
    r"libwww|scrapy|axios|node-fetch",
    re.IGNORECASE,
)
_COUNTRY = re.compile(r"[A-Z]{2}")


def is_bot(user_agent: str | None) -> bool:
    """Whether a request with this User-Agent is a crawler, a preview or a script (none: a script)."""
    return not user_agent or not user_agent.strip() or bool(_BOT.search(user_agent))


def _channel_slug(link: CampaignLink) -> str:
    """The link's channel, else the campaign's first (``all()``: a list prefetches them), else the
    first active channel (only when the link's channel was deleted: see ``campaign_link_create``)."""
    if link.channel is not None:
        return link.channel.slug
    channels = sorted(link.campaign.channels.all(), key=lambda channel: channel.pk)
    if channels:
        return channels[0].slug
    fallback = Channel.objects.filter(is_active=True).order_by("pk").first()
    return fallback.slug if fallback is not None else ""


def link_target_path(link: CampaignLink) -> str:
    """The storefront path of the link's target; the home page when its target is gone."""
    patterns = {
        CampaignLinkTarget.PRODUCT: (settings.STOREFRONT_PRODUCT_PATH, link.product),
        CampaignLinkTarget.COLLECTION: (settings.STOREFRONT_COLLECTION_PATH, link.collection),
        CampaignLinkTarget.CATEGORY: (settings.STOREFRONT_CATEGORY_PATH, link.category),
    }
    pattern, target = patterns.get(CampaignLinkTarget(link.target), ("", None))
    if target is None:
        return settings.STOREFRONT_HOME_PATH
    return pattern.format(channel=_channel_slug(link), slug=target.slug)


def link_redirect_url(link: CampaignLink) -> str:
    """The absolute URL ``/c/<code>`` redirects to, with the attribution in its query."""
    base = urlsplit(settings.STOREFRONT_URL + link_target_path(link))
    campaign = link.campaign
    extra = {
        "utm_source": campaign.utm_source,
        "utm_medium": campaign.utm_medium,
        "utm_campaign": campaign.utm_campaign,
        "campaign_link": link.code,
    }
    query = [(k, v) for k, v in parse_qsl(base.query) if k not in extra]
    query += [(k, v) for k, v in extra.items() if v]
    return urlunsplit((base.scheme, base.netloc, base.path, urlencode(query), ""))


def visit_country(meta: dict[str, object]) -> str:
    """The visitor's country from the operator's CDN header, if one is configured and well formed."""
    header = settings.CAMPAIGN_COUNTRY_HEADER
    if not header:
        return ""
    value = meta.get("HTTP_" + header.upper().replace("-", "_"))
    country = text_clean(value, max_length=3).upper()
    return country if _COUNTRY.fullmatch(country) and country not in ("XX", "T1") else ""


def link_visit_record(
    *, link: CampaignLink, meta: dict[str, object], landing_path: str
) -> CampaignVisit | None:
    """Count one visit of ``link`` from a request's ``META``; ``None`` for a crawler or preview."""
    user_agent = meta.get("HTTP_USER_AGENT")
    if is_bot(user_agent if isinstance(user_agent, str) else None):
        return None
    return CampaignVisit.objects.create(
        link=link,
        at=timezone.now(),
        country=visit_country(meta),
        referrer=referrer_clean(meta.get("HTTP_REFERER")),
        landing_path=landing_path[:URL_MAX_LENGTH],
    )
