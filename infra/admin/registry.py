"""The admin site with every area registered (imported by ``infra.urls``)."""

from infra.admin import (
    catalog,
    content,  # pages and menus (issue 12)
    earnings,
    orders,
    provenance,
    staff,
)
from infra.admin.site import site

AREAS = (orders, catalog, provenance, earnings, staff, content)

__all__ = ["AREAS", "site"]
