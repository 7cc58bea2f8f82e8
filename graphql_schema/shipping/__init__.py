"""Saleor's ``ShippingMethod`` type, built from the shipping domain's quotes (``types.py``)."""
