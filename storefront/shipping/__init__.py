"""Shipping: zones, methods and their per-channel prices, parcels, quotes and restricted goods.

What the checkout and orders code calls:

- ``storefront.shipping.parcels.parcel_for(items) -> Parcel``: actual, volumetric and chargeable weight.
- ``storefront.shipping.quotes.shipping_quotes(channel=, country=, parcel=, subtotal=)`` and
  ``quote_for(method_id, ...)``: the methods a consignment can ship by, priced in the channel's currency.
- ``storefront.shipping.quotes.channel_countries(channel)``: the countries the channel ships to.
- ``storefront.shipping.restrictions.restricted_items(country, items)``: goods the destination refuses.
- ``storefront.shipping.customs.customs_line(variant)``: a line's HS code and country of origin.

Tax per destination and import VAT live in ``storefront.channels.tax``.

A checkout read, with the lines' variants loaded with
``select_related("product__product_type", "product__origin")`` (no query below but the cached ones)::

    parcel = parcel_for((line.variant, line.quantity) for line in lines)
    decision = tax_decision(channel=channel, country=country, goods_value=sum_of_line_prices_as_entered)
    net, gross = line_taxed(line_price, decision, channel.prices_entered_with_tax)   # per line, then sum
    quotes = shipping_quotes(channel=channel, country=country, parcel=parcel, subtotal=subtotal_gross)
    chosen = quote_for(method_pk, channel=channel, country=country, parcel=parcel, subtotal=subtotal_gross)
    hits = restricted_items(country, ((line.pk, customs_line(line.variant).hs_code) for line in lines))
"""
