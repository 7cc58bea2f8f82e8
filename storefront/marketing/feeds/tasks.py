"""Celery tasks of the product feeds (beat runs ``feeds_generate_all_task`` hourly).

``feed_generate_soon`` is what the view calls for a feed that is not stored: it enqueues
``feed_generate_task`` at most once per ``PENDING_SECONDS`` for that channel and language (many
fetchers asking at once enqueue one run), and the view answers 503 with ``Retry-After``. A request
never generates a feed itself: the cost grows with variants × countries (a fraction of a second
for the demo's largest feed, but a real catalogue can be many times bigger) while a request has
gunicorn's 30 s. Where Celery runs tasks eagerly (development without a broker, tests) the task
has run when ``delay`` returns and the view serves the fresh file at once.
"""

from __future__ import annotations

import logging

from django.core.cache import cache

from storefront.core.tasks import shared_task
from storefront.marketing.feeds.items import channel_for_feed, language_known
from storefront.marketing.feeds.storage import feed_generate, feeds_generate_all

logger = logging.getLogger(__name__)

PENDING_SECONDS = 300
"""How long an enqueued run of one feed keeps further requests from enqueuing another (its task
clears it when done; a lost task lets the next request enqueue again after this)."""


def _pending_key(channel_slug: str, language_code: str) -> str:
    return f"feeds:pending:{channel_slug}:{language_code}"


@shared_task(ignore_result=True)
def feeds_generate_all_task() -> int:
    return feeds_generate_all()


@shared_task(ignore_result=True)
def feed_generate_task(*, channel_slug: str, language_code: str) -> int:
    """One channel's feeds in one language, on demand."""
    try:
        channel = channel_for_feed(channel_slug)
        if channel is None or not language_known(language_code):
            return 0
        return feed_generate(channel=channel, language_code=language_code)
    finally:
        cache.delete(_pending_key(channel_slug, language_code))


def feed_generate_soon(*, channel_slug: str, language_code: str) -> bool:
    """Enqueue ``feed_generate_task`` unless a run of this feed is already pending; whether it was
    enqueued now. A broker that refuses the task (or an eager run that fails) is logged, not
    raised: the caller answers "try again later" either way."""
    key = _pending_key(channel_slug, language_code)
    if not cache.add(key, 1, timeout=PENDING_SECONDS):
        return False
    try:
        feed_generate_task.delay(channel_slug=channel_slug, language_code=language_code)
    except Exception:
        cache.delete(key)
        logger.exception("Could not run the feed of %s/%s", channel_slug, language_code)
        return False
    return True
