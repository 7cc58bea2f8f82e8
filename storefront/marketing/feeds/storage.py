"""Feed files on the default storage: ``feeds/<channel>/<language>/google.xml`` and ``meta.csv``.

``feed_generate`` writes both files of one channel and language; ``feeds_generate_all`` every
active channel in every language of ``settings.LANGUAGES`` (what the hourly beat task and the
demo load run: the demo's ten feeds cost under 1 s of CPU); ``feed_open`` opens a stored file for
the view, ``None`` when it is missing (the view then has it made by a task:
``storefront.marketing.feeds.tasks.feed_generate_soon``); ``feeds_forget_all`` deletes the stored
files.
"""

from __future__ import annotations

import logging
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

from storefront.channels.models import Channel
from storefront.marketing.feeds.items import feed_items
from storefront.marketing.feeds.render import google_xml, meta_csv

logger = logging.getLogger(__name__)

FEED_KINDS = {"google.xml": "application/xml; charset=utf-8", "meta.csv": "text/csv; charset=utf-8"}


def _storage() -> Storage:
    return storages["default"]


def feed_name(*, channel_slug: str, language_code: str, kind: str) -> str:
    return f"feeds/{channel_slug}/{language_code}/{kind}"


def _store(name: str, content: bytes) -> None:
    storage = _storage()
    # Overwrite in place: the storages keep the name only when nothing holds it.
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, ContentFile(content))
    if stored != name:  # a concurrent run saved it first: keep that one, drop ours
        storage.delete(stored)


def feed_generate(*, channel: Channel, language_code: str) -> int:
    """Write the Google and Meta feeds of ``channel`` in ``language_code``; returns the item count."""
    items = feed_items(channel=channel, language_code=language_code)
    home = settings.STOREFRONT_URL + settings.STOREFRONT_HOME_PATH
    title = str(getattr(settings, "SHOP_NAME", "Asal"))
    _store(
        feed_name(channel_slug=channel.slug, language_code=language_code, kind="google.xml"),
        google_xml(items, channel=channel, title=title, link=home, language_code=language_code),
    )
    _store(
        feed_name(channel_slug=channel.slug, language_code=language_code, kind="meta.csv"), meta_csv(items)
    )
    return len(items)


def feeds_generate_all() -> int:
    """Every active channel's feeds in every language; returns the number of feeds pairs written."""
    written = 0
    for channel in Channel.objects.filter(is_active=True).order_by("slug"):
        for language_code, _name in settings.LANGUAGES:
            try:
                feed_generate(channel=channel, language_code=language_code)
            except Exception:  # one broken channel must not stop the others' feeds
                logger.exception("Feed of %s/%s failed", channel.slug, language_code)
                continue
            written += 1
    return written


def feeds_forget_all() -> int:
    """Delete the stored feeds of every channel in every language, so that each is made from the
    catalogue as it is now when it is next asked for or by the hourly task; returns how many files
    were deleted."""
    storage = _storage()
    deleted = 0
    for slug in Channel.objects.order_by("slug").values_list("slug", flat=True):
        for language_code, _name in settings.LANGUAGES:
            for kind in FEED_KINDS:
                name = feed_name(channel_slug=slug, language_code=language_code, kind=kind)
                if storage.exists(name):
                    storage.delete(name)
                    deleted += 1
    return deleted


def feed_open(*, channel: Channel, language_code: str, kind: str) -> IO[bytes] | None:
    """The stored feed file, or ``None`` when none is stored (never generated, or being replaced)."""
    name = feed_name(channel_slug=channel.slug, language_code=language_code, kind=kind)
    storage = _storage()
    if not storage.exists(name):
        return None
    try:
        return storage.open(name, "rb")
    except FileNotFoundError:  # deleted since: a run is replacing it
        return None
