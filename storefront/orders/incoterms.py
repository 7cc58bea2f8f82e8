"""Incoterms 2020: who pays carriage, insurance and duties, and where the risk passes to the buyer.

The seller of record has a default (``SellerOfRecord.default_incoterm``); an order may name
another (``Order.incoterm``, blank for the default). The commercial invoice prints the one that
applies (``storefront.orders.seller.order_incoterm``).
"""

from __future__ import annotations

from django.db import models


class Incoterm(models.TextChoices):
    EXW = "EXW", "Ex Works"
    FCA = "FCA", "Free Carrier"
    CPT = "CPT", "Carriage Paid To"
    CIP = "CIP", "Carriage and Insurance Paid To"
    DAP = "DAP", "Delivered at Place"
    DPU = "DPU", "Delivered at Place Unloaded"
    DDP = "DDP", "Delivered Duty Paid"
    FAS = "FAS", "Free Alongside Ship"
    FOB = "FOB", "Free on Board"
    CFR = "CFR", "Cost and Freight"
    CIF = "CIF", "Cost, Insurance and Freight"
