"""Reads of channels."""

from __future__ import annotations

from django.db.models import QuerySet

from storefront.channels.models import Channel


def channel_list() -> QuerySet[Channel]:
    return Channel.objects.all()


def channel_get(*, slug: str) -> Channel | None:
    return Channel.objects.filter(slug=slug).first()
