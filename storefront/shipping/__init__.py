"""Shipping: zones, methods and their per-channel prices, parcels, quotes and restricted goods.

What the checkout and orders code calls:

- ``storefront.shipping.parcels.parcel_for(items) -> Parcel``: actual, volumetric and chargeable weight.
- ``storefront.shipping.quotes.shipping_quotes(channel=, country=, parcel=, subtotal=)`` and
  ``quote_for(method_id, ...)``: the methods a consignment can ship by, priced in the channel's currency.
- ``storefront.shipping.quotes.channel_countries(channel)``: the countries the channel ships to.
- ``storefront.shipping.restrictions.restricted_items(country, items)``: goods the destination refuses.
- ``storefront.shipping.customs.customs_line(variant)``: a line's HS code and country of origin.

Tax per destination and import VAT live in ``storefront.channels.tax``.
"""
