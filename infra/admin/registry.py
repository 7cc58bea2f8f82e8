"""The admin site with every area registered (imported by ``infra.urls``)."""

from infra.admin import (
    catalog,
    content,  # pages and menus (issue 12)
    discounts,
    earnings,
    marketing,
    orders,
    provenance,
    staff,
)
from infra.admin.site import site

AREAS = (orders, catalog, provenance, earnings, marketing, discounts, content, staff)

__all__ = ["AREAS", "site"]
