"""The admin site with every area registered (imported by ``infra.urls``)."""

from infra.admin import catalog, discounts, earnings, orders, provenance, staff
from infra.admin.site import site

AREAS = (orders, catalog, provenance, earnings, staff, discounts)

__all__ = ["AREAS", "site"]
