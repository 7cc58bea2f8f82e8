"""Saleor's voucher and gift card staff mutations: thin, the rules (and the audit entries) are in
``storefront.discounts.services``. Vouchers need ``MANAGE_DISCOUNTS``, gift cards
``MANAGE_GIFT_CARD``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar, cast

import strawberry
from django.db import models as django_models
from strawberry.types import Info

from graphql_schema.catalog.decode import aware, given
from graphql_schema.catalog.mutation_inputs import PositiveDecimalType
from graphql_schema.core.auth import request_actor
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import from_global_id
from graphql_schema.discounts.types import (
    DiscountError,
    DiscountValueTypeEnum,
    GiftCard,
    GiftCardError,
    Voucher,
    VoucherCodeBulkDeleteError,
    VoucherTypeEnum,
)
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.models import Category, Collection, Product, ProductVariant
from storefront.catalog.services.staff_products import UNSET
from storefront.channels.models import Channel
from storefront.discounts import models, services
from storefront.discounts.error_codes import DiscountError as DiscountDomainError
from storefront.discounts.error_codes import (
    DiscountErrorCode,
    GiftCardErrorCode,
    VoucherCodeBulkDeleteErrorCode,
)
from storefront.discounts.error_codes import GiftCardError as GiftCardDomainError
from storefront.discounts.error_codes import VoucherCodeBulkDeleteError as CodeDeleteDomainError

M = TypeVar("M", bound=django_models.Model)
_ERRORS = "Use `errors` field instead."
_MANAGE_DISCOUNTS = "\n\nRequires one of the following permissions: MANAGE_DISCOUNTS."
_MANAGE_GIFT_CARD = "\n\nRequires one of the following permissions: MANAGE_GIFT_CARD."


def _discount_mutation(description: str) -> Any:
    return strawberry.mutation(
        description=description + _MANAGE_DISCOUNTS,
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )


def _gift_card_mutation(description: str) -> Any:
    return strawberry.mutation(
        description=description + _MANAGE_GIFT_CARD,
        extensions=[permission_required(PermissionCode.MANAGE_GIFT_CARD)],
    )


def _pk(value: str, type_name: str) -> int | None:
    found, pk = from_global_id(value)
    if found != type_name or not (pk.isascii() and pk.isdigit()) or not 0 < int(pk) < 2**63:
        return None
    return int(pk)


def _rows(model: type[M], ids: list[strawberry.ID] | None, *, type_name: str, field: str) -> list[M]:
    """The rows of ``ids`` in their order, repeats dropped; ``NOT_FOUND`` naming the field otherwise."""
    if not ids:
        return []
    pks = [_pk(value, type_name) for value in ids]
    wanted = list(dict.fromkeys(pk for pk in pks if pk is not None))
    found = model._default_manager.in_bulk(wanted)
    if None in pks or len(found) != len(wanted):
        raise DiscountDomainError(
            DiscountErrorCode.NOT_FOUND, f"Some of these {type_name} IDs do not exist.", field=field
        )
    return [found[pk] for pk in wanted]


def _voucher(id: strawberry.ID) -> models.Voucher:
    return _rows(models.Voucher, [id], type_name="Voucher", field="id")[0]


@strawberry.input(name="VoucherInput")
class VoucherInput:
    type: VoucherTypeEnum | None = strawberry.field(
        default=strawberry.UNSET, description="Voucher type: PRODUCT, CATEGORY SHIPPING or ENTIRE_ORDER."
    )
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Voucher name.")
    add_codes: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="List of codes to add."
    )
    start_date: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="Start date of the voucher in ISO 8601 format."
    )
    end_date: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="End date of the voucher in ISO 8601 format."
    )
    discount_value_type: DiscountValueTypeEnum | None = strawberry.field(
        default=strawberry.UNSET, description="Choices: fixed or percentage."
    )
    products: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Products discounted by the voucher."
    )
    variants: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Variants discounted by the voucher."
    )
    collections: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Collections discounted by the voucher."
    )
    categories: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Categories discounted by the voucher."
    )
    min_checkout_items_quantity: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="Minimal quantity of checkout items required to apply the voucher.",
    )
    countries: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="Country codes that can be used with the shipping voucher."
    )
    apply_once_per_order: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="Voucher should be applied to the cheapest item or entire order.",
    )
    apply_once_per_customer: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Voucher should be applied once per customer."
    )
    only_for_staff: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Voucher can be used only by staff user."
    )
    single_use: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description=(
            "When set to 'True', each voucher code can be used only once; otherwise, codes can be "
            "used multiple times depending on `usageLimit`."
        ),
    )
    usage_limit: int | None = strawberry.field(
        default=strawberry.UNSET, description="Limit number of times this voucher can be used in total."
    )


@strawberry.input(name="VoucherChannelListingAddInput")
class VoucherChannelListingAddInput:
    channel_id: strawberry.ID = strawberry.field(description="ID of a channel.")
    discount_value: PositiveDecimalType | None = strawberry.field(
        default=None, description="Value of the voucher."
    )
    min_amount_spent: PositiveDecimalType | None = strawberry.field(
        default=None, description="Min purchase amount required to apply the voucher."
    )


@strawberry.input(name="VoucherChannelListingInput")
class VoucherChannelListingInput:
    add_channels: list[VoucherChannelListingAddInput] | None = strawberry.field(
        default=None, description="List of channels to which the voucher should be assigned."
    )
    remove_channels: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of channels from which the voucher should be unassigned."
    )


@strawberry.input(name="PriceInput")
class PriceInput:
    currency: str = strawberry.field(description="Currency code.")
    amount: PositiveDecimalType = strawberry.field(description="Amount of money.")


@strawberry.input(name="GiftCardCreateInput")
class GiftCardCreateInput:
    add_tags: list[str] | None = strawberry.field(default=None, description="The gift card tags to add.")
    expiry_date: date | None = strawberry.field(default=None, description="The gift card expiry date.")
    balance: PriceInput = strawberry.field(description="Balance of the gift card.")
    is_active: bool = strawberry.field(description="Determine if gift card is active.")
    note: str | None = strawberry.field(default=None, description="The gift card note from the staff member.")


@strawberry.input(name="GiftCardUpdateInput")
class GiftCardUpdateInput:
    add_tags: list[str] | None = strawberry.field(default=None, description="The gift card tags to add.")
    expiry_date: date | None = strawberry.field(
        default=strawberry.UNSET, description="The gift card expiry date."
    )
    remove_tags: list[str] | None = strawberry.field(
        default=None, description="The gift card tags to remove."
    )
    balance_amount: PositiveDecimalType | None = strawberry.field(
        default=strawberry.UNSET, description="The gift card balance amount."
    )


@strawberry.type
class _VoucherPayload:
    errors: list[DiscountError] = strawberry.field(default_factory=list)
    voucher: Voucher | None = None

    @strawberry.field(deprecation_reason=_ERRORS)
    def discount_errors(self) -> list[DiscountError]:
        return self.errors


@strawberry.type(description="Creates a new voucher.")
class VoucherCreate(_VoucherPayload):
    pass


@strawberry.type(description="Updates a voucher.")
class VoucherUpdate(_VoucherPayload):
    pass


@strawberry.type(description="Deletes a voucher.")
class VoucherDelete(_VoucherPayload):
    pass


@strawberry.type(description="Manage voucher's availability in channels.")
class VoucherChannelListingUpdate(_VoucherPayload):
    pass


@strawberry.type(description="Adds products, categories, collections to a voucher." + _MANAGE_DISCOUNTS)
class VoucherAddCatalogues(_VoucherPayload):
    pass


@strawberry.type(description="Removes products, categories, collections from a voucher." + _MANAGE_DISCOUNTS)
class VoucherRemoveCatalogues(_VoucherPayload):
    pass


@strawberry.input(name="CatalogueInput")
class CatalogueInput:
    products: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Products related to the discount."
    )
    categories: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Categories related to the discount."
    )
    collections: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Collections related to the discount."
    )
    variants: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Product variant related to the discount."
    )


def _catalogue(input: CatalogueInput) -> services.Catalogue:
    """The rows of every list (all are checked before anything changes)."""
    problems: list[DiscountDomainError] = []
    found: dict[str, list[Any]] = {}
    for name, model, type_name in (
        ("products", Product, "Product"),
        ("variants", ProductVariant, "ProductVariant"),
        ("categories", Category, "Category"),
        ("collections", Collection, "Collection"),
    ):
        try:
            found[name] = _rows(model, getattr(input, name), type_name=type_name, field=name)
        except DiscountDomainError as error:
            problems.append(error)
    if problems:
        raise DiscountDomainError.group(problems)
    return services.Catalogue(**found)


@strawberry.type(description="Deletes vouchers.")
class VoucherBulkDelete:
    count: int = 0
    errors: list[DiscountError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_ERRORS)
    def discount_errors(self) -> list[DiscountError]:
        return self.errors


@strawberry.type(description="Deletes voucher codes.")
class VoucherCodeBulkDelete:
    count: int = 0
    errors: list[VoucherCodeBulkDeleteError] = strawberry.field(default_factory=list)


@strawberry.type
class _GiftCardPayload:
    errors: list[GiftCardError] = strawberry.field(default_factory=list)
    gift_card: GiftCard | None = None

    @strawberry.field(deprecation_reason=_ERRORS)
    def gift_card_errors(self) -> list[GiftCardError]:
        return self.errors


@strawberry.type(description="Creates a new gift card.")
class GiftCardCreate(_GiftCardPayload):
    pass


@strawberry.type(description="Update a gift card.")
class GiftCardUpdate(_GiftCardPayload):
    pass


@strawberry.type(description="Activate a gift card.")
class GiftCardActivate(_GiftCardPayload):
    pass


@strawberry.type(description="Deactivate a gift card.")
class GiftCardDeactivate(_GiftCardPayload):
    pass


def _fields(input: VoucherInput) -> services.VoucherFields:
    def enum_value(value: Any) -> Any:
        value = given(value)
        return value.value if value not in (UNSET, None) else value

    def related(model: type[M], ids: Any, field: str) -> Any:
        ids = given(ids)
        if ids is UNSET or ids is None:
            return UNSET
        return _rows(model, ids, type_name=model.__name__, field=field)

    start = given(input.start_date)
    end = given(input.end_date)
    return services.VoucherFields(
        type=enum_value(input.type),
        name=given(input.name),
        add_codes=given(input.add_codes),
        start_date=aware(start) if start not in (UNSET, None) else start,
        end_date=aware(end) if end not in (UNSET, None) else end,
        discount_value_type=enum_value(input.discount_value_type),
        products=related(Product, input.products, "products"),
        variants=related(ProductVariant, input.variants, "variants"),
        collections=related(Collection, input.collections, "collections"),
        categories=related(Category, input.categories, "categories"),
        min_checkout_items_quantity=given(input.min_checkout_items_quantity),
        countries=given(input.countries),
        apply_once_per_order=given(input.apply_once_per_order),
        apply_once_per_customer=given(input.apply_once_per_customer),
        only_for_staff=given(input.only_for_staff),
        single_use=given(input.single_use),
        usage_limit=given(input.usage_limit),
    )


def _gift_card(id: strawberry.ID) -> models.GiftCard:
    pk = _pk(id, "GiftCard")
    found = models.GiftCard.objects.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise GiftCardDomainError(
            GiftCardErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {id}", field="id"
        )
    return found


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@strawberry.type
class DiscountMutations:
    @_discount_mutation("Creates a new voucher.")
    @returns_errors(VoucherCreate, DiscountError, DiscountDomainError)
    def voucher_create(
        self,
        info: Info,
        input: Annotated[
            VoucherInput, strawberry.argument(description="Fields required to create a voucher.")
        ],
    ) -> VoucherCreate | None:
        voucher = services.staff_voucher_create(actor=request_actor(info), fields=_fields(input))
        return VoucherCreate(voucher=cast(Voucher, voucher))

    @_discount_mutation("Updates a voucher.")
    @returns_errors(VoucherUpdate, DiscountError, DiscountDomainError)
    def voucher_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a voucher to update.")],
        input: Annotated[
            VoucherInput, strawberry.argument(description="Fields required to update a voucher.")
        ],
    ) -> VoucherUpdate | None:
        voucher = services.staff_voucher_update(
            actor=request_actor(info), voucher=_voucher(id), fields=_fields(input)
        )
        return VoucherUpdate(voucher=cast(Voucher, voucher))

    @_discount_mutation("Adds products, categories, collections to a voucher.")
    @returns_errors(VoucherAddCatalogues, DiscountError, DiscountDomainError)
    def voucher_catalogues_add(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a voucher.")],
        input: Annotated[
            CatalogueInput,
            strawberry.argument(description="Fields required to modify catalogue IDs of voucher."),
        ],
    ) -> VoucherAddCatalogues | None:
        voucher = _voucher(id)
        voucher = services.staff_voucher_catalogues_change(
            actor=request_actor(info), voucher=voucher, catalogue=_catalogue(input)
        )
        return VoucherAddCatalogues(voucher=cast(Voucher, voucher))

    @_discount_mutation("Removes products, categories, collections from a voucher.")
    @returns_errors(VoucherRemoveCatalogues, DiscountError, DiscountDomainError)
    def voucher_catalogues_remove(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a voucher.")],
        input: Annotated[
            CatalogueInput,
            strawberry.argument(description="Fields required to modify catalogue IDs of voucher."),
        ],
    ) -> VoucherRemoveCatalogues | None:
        voucher = _voucher(id)
        voucher = services.staff_voucher_catalogues_change(
            actor=request_actor(info), voucher=voucher, catalogue=_catalogue(input), remove=True
        )
        return VoucherRemoveCatalogues(voucher=cast(Voucher, voucher))

    @_discount_mutation("Deletes a voucher.")
    @returns_errors(VoucherDelete, DiscountError, DiscountDomainError)
    def voucher_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a voucher to delete.")],
    ) -> VoucherDelete | None:
        voucher = services.staff_voucher_delete(actor=request_actor(info), voucher=_voucher(id))
        return VoucherDelete(voucher=cast(Voucher, voucher))

    @_discount_mutation("Deletes vouchers.")
    @returns_errors(VoucherBulkDelete, DiscountError, DiscountDomainError)
    def voucher_bulk_delete(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID], strawberry.argument(description="List of voucher IDs to delete.")
        ],
    ) -> VoucherBulkDelete | None:
        vouchers = _rows(models.Voucher, ids, type_name="Voucher", field="ids")
        return VoucherBulkDelete(
            count=services.staff_voucher_bulk_delete(actor=request_actor(info), vouchers=vouchers)
        )

    @_discount_mutation("Manage voucher's availability in channels.")
    @returns_errors(VoucherChannelListingUpdate, DiscountError, DiscountDomainError)
    def voucher_channel_listing_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a voucher to update.")],
        input: Annotated[
            VoucherChannelListingInput,
            strawberry.argument(description="Fields required to update voucher channel listings."),
        ],
    ) -> VoucherChannelListingUpdate | None:
        add = input.add_channels or []
        channels = _rows(
            Channel, [item.channel_id for item in add], type_name="Channel", field="add_channels"
        )
        by_pk = {channel.pk: channel for channel in channels}
        items = [
            services.ListingInput(
                channel=by_pk[cast(int, _pk(item.channel_id, "Channel"))],
                discount_value=_decimal(item.discount_value),
                min_amount_spent=_decimal(item.min_amount_spent),
            )
            for item in add
        ]
        remove = _rows(Channel, input.remove_channels, type_name="Channel", field="remove_channels")
        voucher = services.staff_voucher_channel_listing_update(
            actor=request_actor(info), voucher=_voucher(id), add=items, remove=remove
        )
        return VoucherChannelListingUpdate(voucher=cast(Voucher, voucher))

    @_discount_mutation("Deletes voucher codes.")
    @returns_errors(VoucherCodeBulkDelete, VoucherCodeBulkDeleteError, CodeDeleteDomainError)
    def voucher_code_bulk_delete(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID], strawberry.argument(description="List of voucher codes IDs to delete.")
        ],
    ) -> VoucherCodeBulkDelete | None:
        pks = [_pk(value, "VoucherCode") for value in ids]
        found = models.VoucherCode.objects.in_bulk([pk for pk in pks if pk is not None])
        missing = [value for value, pk in zip(ids, pks, strict=True) if pk is None or pk not in found]
        if missing:
            raise CodeDeleteDomainError(
                VoucherCodeBulkDeleteErrorCode.NOT_FOUND,
                "Some voucher codes do not exist.",
                voucher_codes=missing,
            )
        count = services.staff_voucher_codes_delete(actor=request_actor(info), codes=list(found.values()))
        return VoucherCodeBulkDelete(count=count)

    @_gift_card_mutation("Creates a new gift card.")
    @returns_errors(GiftCardCreate, GiftCardError, GiftCardDomainError)
    def gift_card_create(
        self,
        info: Info,
        input: Annotated[
            GiftCardCreateInput, strawberry.argument(description="Fields required to create a gift card.")
        ],
    ) -> GiftCardCreate | None:
        card = services.staff_gift_card_create(
            actor=request_actor(info),
            amount=Decimal(str(input.balance.amount)),
            currency=input.balance.currency,
            is_active=input.is_active,
            expiry_date=input.expiry_date,
            tags=input.add_tags,
            note=input.note or "",
        )
        return GiftCardCreate(gift_card=cast(GiftCard, card))

    @_gift_card_mutation("Update a gift card.")
    @returns_errors(GiftCardUpdate, GiftCardError, GiftCardDomainError)
    def gift_card_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a gift card to update.")],
        input: Annotated[
            GiftCardUpdateInput, strawberry.argument(description="Fields required to update a gift card.")
        ],
    ) -> GiftCardUpdate | None:
        balance = given(input.balance_amount)
        card = services.staff_gift_card_update(
            actor=request_actor(info),
            gift_card=_gift_card(id),
            balance_amount=_decimal(balance) if balance is not UNSET else UNSET,
            expiry_date=given(input.expiry_date),
            add_tags=input.add_tags,
            remove_tags=input.remove_tags,
        )
        return GiftCardUpdate(gift_card=cast(GiftCard, card))

    @_gift_card_mutation("Activate a gift card.")
    @returns_errors(GiftCardActivate, GiftCardError, GiftCardDomainError)
    def gift_card_activate(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a gift card to activate.")],
    ) -> GiftCardActivate | None:
        card = services.staff_gift_card_active_set(
            actor=request_actor(info), gift_card=_gift_card(id), is_active=True
        )
        return GiftCardActivate(gift_card=cast(GiftCard, card))

    @_gift_card_mutation("Deactivate a gift card.")
    @returns_errors(GiftCardDeactivate, GiftCardError, GiftCardDomainError)
    def gift_card_deactivate(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a gift card to deactivate.")],
    ) -> GiftCardDeactivate | None:
        card = services.staff_gift_card_active_set(
            actor=request_actor(info), gift_card=_gift_card(id), is_active=False
        )
        return GiftCardDeactivate(gift_card=cast(GiftCard, card))
