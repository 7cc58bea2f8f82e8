"""Staff writes of makers, producer groups and villages (origins), as the back office makes them.

The rows live in ``provenance.origins``, which imports no other domain; these services are the
catalogue's because products show makers and villages and find them by name: every change that
alters what a product's search document holds (a maker's name, a village's name or regency, a
maker deleted) refreshes the documents of the products concerned in the same transaction.
Consent to publish is never set here: only ``maker_publication_consent`` / ``_withdraw``
(``storefront.catalog.services.makers``) change it.

Each service checks the whole input, raises every problem at once as ``MakerError`` and writes
nothing then; a write records an audit entry with the row before and after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model, ProtectedError
from django.forms.models import model_to_dict

from provenance.origins.error_codes import MakerError, MakerErrorCode
from provenance.origins.models import Maker, Origin, ProducerGroup
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.models import Product
from storefront.catalog.services._common import fields_save_changed, m2m_set
from storefront.catalog.services.read_models import product_search_documents_update
from storefront.catalog.services.slugs import slug_unique
from storefront.catalog.services.staff_checks import has_control_characters, name_problems, slug_problems
from storefront.catalog.services.staff_products import UNSET

Code = MakerErrorCode
TEXT_LIMIT = 10_000


def _snapshot(row: Model) -> dict[str, Any]:
    data = model_to_dict(row, exclude=["portrait"])
    if isinstance(row, Maker):
        data["crafts"] = sorted(technique.pk for technique in data.get("crafts", []))
        data["public_id"] = str(row.public_id)
    return data


def _name(value: Any, *, field: str, required: bool, problems: list[MakerError]) -> str | None:
    """A trimmed one-line name (``None``: not in the input), or a problem appended."""
    if value is UNSET:
        value = None
    for problem in name_problems(value, required=required, max_length=255):
        problems.append(MakerError(problem.code, problem.message, field=field))
    return value.strip() if isinstance(value, str) else None


def _slug(
    model: type[Model], value: Any, *, exclude_pk: int | None, problems: list[MakerError]
) -> str | None:
    if value is UNSET or value is None:
        return None
    for problem in slug_problems(model, value, exclude_pk=exclude_pk):
        problems.append(MakerError(problem.code, problem.message, field="slug"))
    return value


def _text(value: Any, *, field: str, problems: list[MakerError]) -> str | None:
    if value is UNSET:
        return None
    text = (value or "").strip()
    if len(text) > TEXT_LIMIT or has_control_characters(text):
        problems.append(MakerError(Code.INVALID, f"At most {TEXT_LIMIT} printable characters.", field=field))
    return text


def _raise(problems: list[MakerError]) -> None:
    if problems:
        raise MakerError.group(problems)


# --- makers -------------------------------------------------------------------------------------


@dataclass
class MakerFields:
    """A maker input as decoded by the API; ``UNSET`` marks fields the input leaves out."""

    display_name: Any = UNSET
    slug: Any = UNSET
    bio: Any = UNSET
    origin: Any = UNSET  # Origin
    group: Any = UNSET  # ProducerGroup | None
    crafts: Any = UNSET  # Sequence[Technique]


def _maker_changes(fields: MakerFields, *, maker: Maker | None) -> dict[str, Any]:
    problems: list[MakerError] = []
    changes: dict[str, Any] = {}
    creating = maker is None
    name = _name(
        fields.display_name,
        field="displayName",
        required=creating or fields.display_name is not UNSET,
        problems=problems,
    )
    if name is not None:
        changes["display_name"] = name
    slug = _slug(Maker, fields.slug, exclude_pk=maker.pk if maker else None, problems=problems)
    if slug is not None:
        changes["slug"] = slug
    bio = _text(fields.bio, field="bio", problems=problems)
    if bio is not None:
        changes["bio"] = bio
    if fields.origin is not UNSET:
        if fields.origin is None:
            problems.append(MakerError(Code.REQUIRED, "A maker lives in a village.", field="origin"))
        else:
            changes["origin"] = fields.origin
    elif creating:
        problems.append(MakerError(Code.REQUIRED, "A maker lives in a village.", field="origin"))
    if fields.group is not UNSET:
        changes["group"] = fields.group
    _raise(problems)
    return changes


def _refresh_products(product_ids: Sequence[int]) -> None:
    product_search_documents_update(products=Product.objects.filter(pk__in=product_ids))


@transaction.atomic
def staff_maker_create(*, actor: Actor, fields: MakerFields) -> Maker:
    """A new maker, not yet consenting to publication (``makerConsentRecord`` does that)."""
    changes = _maker_changes(fields, maker=None)
    if "slug" not in changes:
        changes["slug"] = slug_unique(Maker, changes["display_name"], fallback="maker")
    maker = Maker.objects.create(**changes)
    if fields.crafts is not UNSET:
        maker.crafts.set(list(fields.crafts or []))
    audit_log_record(
        actor=actor, action="maker.created", target=maker, payload={"before": None, "after": _snapshot(maker)}
    )
    return maker


@transaction.atomic
def staff_maker_update(*, actor: Actor, maker: Maker, fields: MakerFields) -> Maker:
    """Change a maker's profile; their products' search documents follow a new name."""
    maker = Maker.objects.select_for_update().get(pk=maker.pk)
    before = _snapshot(maker)
    changes = _maker_changes(fields, maker=maker)
    changed = fields_save_changed(maker, changes)
    if fields.crafts is not UNSET:
        changed = m2m_set(maker.crafts, list(fields.crafts or [])) or changed
    if "display_name" in changes:
        _refresh_products(list(Product.objects.filter(makers=maker).values_list("pk", flat=True)))
    if changed:
        audit_log_record(
            actor=actor,
            action="maker.updated",
            target=maker,
            payload={"before": before, "after": _snapshot(maker)},
        )
    return maker


@transaction.atomic
def staff_maker_delete(*, actor: Actor, maker: Maker) -> Maker:
    """Delete a maker no production lot, certified piece or earnings line names (those are
    signed or paid facts about them); their products lose them and are re-indexed."""
    maker = Maker.objects.select_for_update().get(pk=maker.pk)
    pk = maker.pk
    before = _snapshot(maker)
    products = list(Product.objects.filter(makers=maker).values_list("pk", flat=True))
    audit_log_record(
        actor=actor, action="maker.deleted", target=maker, payload={"before": before, "after": None}
    )
    try:
        with transaction.atomic():
            maker.delete()
    except ProtectedError:
        raise MakerError(
            Code.CANNOT_DELETE,
            "Production lots, certified pieces or earnings name this maker; they cannot be deleted.",
            field="id",
        ) from None
    _refresh_products(products)
    if maker.portrait:
        storage, name = maker.portrait.storage, maker.portrait.name or ""
        transaction.on_commit(lambda: storage.delete(name))
    maker.pk = pk
    return maker


# --- producer groups ----------------------------------------------------------------------------


@dataclass
class ProducerGroupFields:
    name: Any = UNSET
    slug: Any = UNSET
    kind: Any = UNSET  # ProducerGroup.Kind
    registration_number: Any = UNSET
    origin: Any = UNSET  # Origin


def _group_changes(fields: ProducerGroupFields, *, group: ProducerGroup | None) -> dict[str, Any]:
    problems: list[MakerError] = []
    changes: dict[str, Any] = {}
    creating = group is None
    name = _name(fields.name, field="name", required=creating or fields.name is not UNSET, problems=problems)
    if name is not None:
        changes["name"] = name
    slug = _slug(ProducerGroup, fields.slug, exclude_pk=group.pk if group else None, problems=problems)
    if slug is not None:
        changes["slug"] = slug
    if fields.kind not in (UNSET, None):
        changes["kind"] = ProducerGroup.Kind(fields.kind)
    elif creating or fields.kind is None:
        problems.append(MakerError(Code.REQUIRED, "Say what kind of group it is.", field="kind"))
    if fields.registration_number is not UNSET:
        number = (fields.registration_number or "").strip()
        if len(number) > 64 or has_control_characters(number):
            problems.append(
                MakerError(Code.INVALID, "At most 64 printable characters.", field="registrationNumber")
            )
        changes["registration_number"] = number
    if fields.origin not in (UNSET, None):
        changes["origin"] = fields.origin
    elif creating or fields.origin is None:
        problems.append(MakerError(Code.REQUIRED, "A group belongs to a village.", field="origin"))
    _raise(problems)
    return changes


@transaction.atomic
def staff_producer_group_create(*, actor: Actor, fields: ProducerGroupFields) -> ProducerGroup:
    changes = _group_changes(fields, group=None)
    if "slug" not in changes:
        changes["slug"] = slug_unique(ProducerGroup, changes["name"], fallback="group")
    group = ProducerGroup.objects.create(**changes)
    audit_log_record(
        actor=actor,
        action="producer_group.created",
        target=group,
        payload={"before": None, "after": _snapshot(group)},
    )
    return group


@transaction.atomic
def staff_producer_group_update(
    *, actor: Actor, group: ProducerGroup, fields: ProducerGroupFields
) -> ProducerGroup:
    group = ProducerGroup.objects.select_for_update().get(pk=group.pk)
    before = _snapshot(group)
    if fields_save_changed(group, _group_changes(fields, group=group)):
        audit_log_record(
            actor=actor,
            action="producer_group.updated",
            target=group,
            payload={"before": before, "after": _snapshot(group)},
        )
    return group


@transaction.atomic
def staff_producer_group_delete(*, actor: Actor, group: ProducerGroup) -> ProducerGroup:
    """Delete a group; its makers stay, belonging to no group."""
    group = ProducerGroup.objects.select_for_update().get(pk=group.pk)
    pk = group.pk
    audit_log_record(
        actor=actor,
        action="producer_group.deleted",
        target=group,
        payload={"before": _snapshot(group), "after": None},
    )
    group.delete()
    group.pk = pk
    return group


# --- villages -----------------------------------------------------------------------------------


@dataclass
class OriginFields:
    name: Any = UNSET
    slug: Any = UNSET
    village: Any = UNSET
    district: Any = UNSET
    regency: Any = UNSET
    province: Any = UNSET
    country: Any = UNSET  # ISO 3166-1 alpha-2, checked by the API's enum
    latitude: Any = UNSET  # Decimal
    longitude: Any = UNSET
    description: Any = UNSET


_ORIGIN_NAMES = ("name", "village", "district", "regency", "province")
_COORDINATES = {"latitude": Decimal(90), "longitude": Decimal(180)}
_PLACES = Decimal("0.000001")


def _origin_changes(fields: OriginFields, *, origin: Origin | None) -> dict[str, Any]:
    problems: list[MakerError] = []
    changes: dict[str, Any] = {}
    creating = origin is None
    for column in _ORIGIN_NAMES:
        value = getattr(fields, column)
        cleaned = _name(value, field=column, required=creating or value is not UNSET, problems=problems)
        if cleaned is not None:
            changes[column] = cleaned
    slug = _slug(Origin, fields.slug, exclude_pk=origin.pk if origin else None, problems=problems)
    if slug is not None:
        changes["slug"] = slug
    if fields.country not in (UNSET, None):
        changes["country"] = str(fields.country)
    for column, limit in _COORDINATES.items():
        value = getattr(fields, column)
        if value is UNSET and not creating:
            continue
        if value is None or value is UNSET:
            problems.append(MakerError(Code.REQUIRED, "Give the village's coordinates.", field=column))
        elif not value.is_finite() or abs(value) > limit:
            problems.append(
                MakerError(Code.INVALID, f"Enter a {column} from -{limit} to {limit}.", field=column)
            )
        else:
            changes[column] = value.quantize(_PLACES)
    description = _text(fields.description, field="description", problems=problems)
    if description is not None:
        changes["description"] = description
    _raise(problems)
    return changes


@transaction.atomic
def staff_origin_create(*, actor: Actor, fields: OriginFields) -> Origin:
    """A village (with village-level coordinates, never a home's)."""
    changes = _origin_changes(fields, origin=None)
    if "slug" not in changes:
        changes["slug"] = slug_unique(Origin, changes["name"], fallback="village")
    origin = Origin.objects.create(**changes)
    audit_log_record(
        actor=actor,
        action="origin.created",
        target=origin,
        payload={"before": None, "after": _snapshot(origin)},
    )
    return origin


@transaction.atomic
def staff_origin_update(*, actor: Actor, origin: Origin, fields: OriginFields) -> Origin:
    """Change a village; products from it are re-indexed (their documents hold its names)."""
    origin = Origin.objects.select_for_update().get(pk=origin.pk)
    before = _snapshot(origin)
    if fields_save_changed(origin, _origin_changes(fields, origin=origin)):
        _refresh_products(list(Product.objects.filter(origin=origin).values_list("pk", flat=True)))
        audit_log_record(
            actor=actor,
            action="origin.updated",
            target=origin,
            payload={"before": before, "after": _snapshot(origin)},
        )
    return origin
