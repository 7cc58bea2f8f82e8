"""Signals the catalogue sends for the layers above it (it may not import them).

``variant_prices_changed``: sent with ``product_ids`` before the products' cheapest prices per
channel are recomputed (a price set, a variant or listing added or removed, a collection's
products changed). ``storefront.discounts`` recomputes the variants' promoted prices on it, in
the same transaction.
"""

from django.dispatch import Signal

variant_prices_changed = Signal()
