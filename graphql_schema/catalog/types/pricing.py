"""Saleor's ``ProductPricingInfo`` and ``VariantPricingInfo``, from ``storefront.catalog.pricing``.

Asal displays gross prices to buyers (``displayGrossPrices`` is always true): its channels sell
to consumers abroad, who compare prices including tax.
"""

from __future__ import annotations

import strawberry

from graphql_schema.core.money import TaxedMoney, TaxedMoneyRange
from storefront.catalog import pricing as domain
from storefront.core.money import TaxedMoney as DomainTaxedMoney


def _taxed(value: DomainTaxedMoney | None) -> TaxedMoney | None:
    return TaxedMoney.from_domain(value) if value is not None else None


def _range(value: domain.TaxedMoneyRange) -> TaxedMoneyRange:
    return TaxedMoneyRange(start=_taxed(value.start), stop=_taxed(value.stop))


@strawberry.type(description="Represents availability of a product in the storefront.")
class ProductPricingInfo:
    on_sale: bool | None = strawberry.field(description="Whether it is in sale or not.")
    discount: TaxedMoney | None = strawberry.field(
        description="The discount amount if in sale (null otherwise)."
    )
    display_gross_prices: bool = strawberry.field(
        description="Determines whether displayed prices should include taxes."
    )
    price_range: TaxedMoneyRange | None = strawberry.field(
        description="The discounted price range of the product variants."
    )
    price_range_undiscounted: TaxedMoneyRange | None = strawberry.field(
        description="The undiscounted price range of the product variants."
    )

    @classmethod
    def from_domain(cls, value: domain.ProductPricing) -> ProductPricingInfo:
        return cls(
            on_sale=value.on_sale,
            discount=_taxed(value.discount),
            display_gross_prices=True,
            price_range=_range(value.price_range),
            price_range_undiscounted=_range(value.price_range_undiscounted),
        )


@strawberry.type(description="Represents availability of a variant in the storefront.")
class VariantPricingInfo:
    on_sale: bool | None = strawberry.field(description="Whether it is in sale or not.")
    discount: TaxedMoney | None = strawberry.field(
        description="The discount amount if in sale (null otherwise)."
    )
    price: TaxedMoney | None = strawberry.field(description="The price, with any discount subtracted.")
    price_undiscounted: TaxedMoney | None = strawberry.field(description="The price without any discount.")
    price_prior: TaxedMoney | None = strawberry.field(description="The price prior to discount.")

    @classmethod
    def from_domain(cls, value: domain.VariantPricing) -> VariantPricingInfo:
        return cls(
            on_sale=value.on_sale,
            discount=_taxed(value.discount),
            price=_taxed(value.price),
            price_undiscounted=_taxed(value.price_undiscounted),
            price_prior=_taxed(value.price_prior),
        )
