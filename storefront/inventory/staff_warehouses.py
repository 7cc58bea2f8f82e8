"""Staff writes of warehouses (Saleor's ``createWarehouse``, ``updateWarehouse``, ``deleteWarehouse``)
and of the warehouses a channel sells from (``channelUpdate``'s ``addWarehouses``/``removeWarehouses``).

The address is normalised for its country by the accounts' address rules (the same as buyers'
addresses), every problem is reported at once, and each write records an audit entry. A warehouse
is deleted with its stock rows, never while orders hold stock there or certified pieces (whose
lots name the warehouse) were received into it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from storefront.accounts.actor import Actor
from storefront.accounts.addresses import normalize_address
from storefront.accounts.audit import audit_log_record
from storefront.accounts.error_codes import AccountError
from storefront.catalog.services.staff_products import UNSET
from storefront.channels.models import Channel
from storefront.inventory.error_codes import WarehouseError, WarehouseErrorCode
from storefront.inventory.models import Stock, Warehouse

Code = WarehouseErrorCode
_ADDRESS_COLUMNS = ("company_name", "street_address", "city", "postal_code", "country_area", "country")


@dataclass
class WarehouseFields:
    """A warehouse input as decoded by the API; ``UNSET``: left out. ``address``: Saleor's address
    fields by their domain names (``street_address_1``…), plus ``skip_validation``."""

    name: Any = UNSET
    slug: Any = UNSET
    email: Any = UNSET
    is_private: Any = UNSET
    address: Any = UNSET


def warehouse_snapshot(warehouse: Warehouse) -> dict[str, Any]:
    return {
        "name": warehouse.name,
        "slug": warehouse.slug,
        "email": warehouse.email,
        "is_private": warehouse.is_private,
        **{column: getattr(warehouse, column) for column in _ADDRESS_COLUMNS},
    }


def _address_columns(address: Mapping[str, Any], problems: list[WarehouseError]) -> dict[str, Any]:
    data = {key: value for key, value in address.items() if key != "skip_validation"}
    try:
        cleaned = normalize_address(data, skip_validation=bool(address.get("skip_validation")))
    except AccountError as exc:
        problems += [
            WarehouseError(
                Code(e.code) if e.code in Code.__members__ else Code.INVALID, e.message, field=e.field
            )
            for e in exc.errors
        ]
        return {}
    street = " ".join(part for part in (cleaned["street_address_1"], cleaned["street_address_2"]) if part)
    return {
        "company_name": cleaned["company_name"][:255],
        "street_address": street[:255],
        "city": cleaned["city"][:255],
        "postal_code": cleaned["postal_code"][:20],
        "country_area": cleaned["country_area"][:128],
        "country": cleaned["country"],
    }


def _changes(
    fields: WarehouseFields, *, warehouse: Warehouse | None, problems: list[WarehouseError]
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if fields.name is not UNSET or warehouse is None:
        name = (fields.name or "").strip() if fields.name is not UNSET else ""
        if not name:
            problems.append(WarehouseError(Code.REQUIRED, "This field cannot be blank.", field="name"))
        elif len(name) > 250:
            problems.append(WarehouseError(Code.INVALID, "At most 250 characters are allowed.", field="name"))
        else:
            changes["name"] = name
    if fields.slug is not UNSET and fields.slug is not None:
        slug = fields.slug.strip()
        try:
            validate_slug(slug)
        except ValidationError:
            problems.append(WarehouseError(Code.INVALID, "Enter a valid slug.", field="slug"))
        else:
            taken = Warehouse.objects.filter(slug=slug)
            if warehouse is not None:
                taken = taken.exclude(pk=warehouse.pk)
            if taken.exists():
                problems.append(
                    WarehouseError(Code.UNIQUE, "Warehouse with this Slug already exists.", field="slug")
                )
            changes["slug"] = slug
    if fields.email is not UNSET:
        email = (fields.email or "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(WarehouseError(Code.INVALID, "Enter a valid email address.", field="email"))
        changes["email"] = email
    if fields.is_private is not UNSET and fields.is_private is not None:
        changes["is_private"] = bool(fields.is_private)
    if fields.address is not UNSET and fields.address is not None:
        changes.update(_address_columns(fields.address, problems))
    elif warehouse is None:
        problems.append(WarehouseError(Code.REQUIRED, "A warehouse needs an address.", field="address"))
    return changes


def _slug_for(name: str) -> str:
    base = slugify(name)[:240] or "warehouse"
    taken = set(Warehouse.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def staff_warehouse_create(*, actor: Actor, fields: WarehouseFields) -> Warehouse:
    problems: list[WarehouseError] = []
    changes = _changes(fields, warehouse=None, problems=problems)
    if problems:
        raise WarehouseError.group(problems)
    changes.setdefault("slug", _slug_for(changes["name"]))
    warehouse = Warehouse.objects.create(**changes)
    audit_log_record(
        actor=actor,
        action="warehouse.created",
        target=warehouse,
        payload={"before": None, "after": warehouse_snapshot(warehouse)},
    )
    return warehouse


@transaction.atomic
def staff_warehouse_update(*, actor: Actor, warehouse: Warehouse, fields: WarehouseFields) -> Warehouse:
    warehouse = Warehouse.objects.select_for_update().get(pk=warehouse.pk)
    before = warehouse_snapshot(warehouse)
    problems: list[WarehouseError] = []
    changes = _changes(fields, warehouse=warehouse, problems=problems)
    if problems:
        raise WarehouseError.group(problems)
    changed = [key for key, value in changes.items() if getattr(warehouse, key) != value]
    for key in changed:
        setattr(warehouse, key, changes[key])
    if changed:
        warehouse.save(update_fields=changed)
        audit_log_record(
            actor=actor,
            action="warehouse.updated",
            target=warehouse,
            payload={"before": before, "after": warehouse_snapshot(warehouse)},
        )
    return warehouse


@transaction.atomic
def staff_warehouse_delete(*, actor: Actor, warehouse: Warehouse) -> Warehouse:
    warehouse = Warehouse.objects.select_for_update().get(pk=warehouse.pk)
    if Stock.objects.filter(warehouse=warehouse, quantity_allocated__gt=0).exists():
        raise WarehouseError(Code.INVALID, "Orders hold stock in this warehouse.", field="id")
    pk = warehouse.pk
    audit_log_record(
        actor=actor,
        action="warehouse.deleted",
        target=warehouse,
        payload={"before": warehouse_snapshot(warehouse), "after": None},
    )
    try:
        with transaction.atomic():
            warehouse.delete()
    except ProtectedError:
        raise WarehouseError(
            Code.INVALID,
            "Certified pieces were received into this warehouse; it cannot be deleted.",
            field="id",
        ) from None
    warehouse.pk = pk
    return warehouse


@transaction.atomic
def staff_channel_warehouses_update(
    *, actor: Actor, channel: Channel, add: Sequence[Warehouse] = (), remove: Sequence[Warehouse] = ()
) -> Channel:
    """Saleor's ``channelUpdate(addWarehouses, removeWarehouses)``: which warehouses' stock a
    channel sells (``Warehouse.channels``: what buyers of the channel can take, checkout reserves)."""
    both = [warehouse for warehouse in dict.fromkeys(add) if warehouse in remove]
    if both:
        raise WarehouseError.group(
            WarehouseError(
                "DUPLICATED_INPUT_ITEM",
                "The same warehouses are both added and removed.",
                field=field,
                warehouses=both,
            )
            for field in ("addWarehouses", "removeWarehouses")
        )
    before = sorted(channel.warehouses.values_list("pk", flat=True))
    if add:
        channel.warehouses.add(*add)
    if remove:
        channel.warehouses.remove(*remove)
    after = sorted(channel.warehouses.values_list("pk", flat=True))
    if after != before:
        audit_log_record(
            actor=actor,
            action="channel.warehouses_updated",
            target=channel,
            payload={"before": {"warehouses": before}, "after": {"warehouses": after}},
        )
    return channel
