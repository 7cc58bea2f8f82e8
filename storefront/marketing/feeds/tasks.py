"""Celery tasks of the product feeds (beat runs ``feeds_generate_all_task`` hourly)."""

from __future__ import annotations

from celery import shared_task

from storefront.marketing.feeds.items import channel_for_feed, language_known
from storefront.marketing.feeds.storage import feed_generate, feeds_generate_all


@shared_task(ignore_result=True)
def feeds_generate_all_task() -> int:
    return feeds_generate_all()


@shared_task(ignore_result=True)
def feed_generate_task(*, channel_slug: str, language_code: str) -> int:
    """One channel's feeds in one language, on demand."""
    channel = channel_for_feed(channel_slug)
    if channel is None or not language_known(language_code):
        return 0
    return feed_generate(channel=channel, language_code=language_code)
