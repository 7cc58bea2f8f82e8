"""The authorisation matrix (``authorization_matrix.py``) against the live schema and endpoint.

The schema is walked for root fields and for fields a permission guards; each must have an entry
that says the same as its guard. Each entry is then called as every kind of caller outside it,
expecting Saleor's refusal (``PermissionDenied`` at the field, or ``null`` where the entry says so)
and no data, and as the callers inside it, expecting no refusal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client, override_settings
from graphql import get_named_type, is_composite_type, parse
from strawberry.permission import PermissionExtension

from graphql_schema.core.relay import to_global_id
from provenance.certificates.status_changes import certificate_revoke, certificate_suspend
from storefront.accounts.actor import Actor
from storefront.accounts.models import User
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.services import app_create
from storefront.checkout.models import Checkout
from tests.graphql.authorization_matrix import GUARDED_ARGUMENTS, MATRIX, Rule
from tests.graphql.catalog.factories import ChannelFactory, full_product
from tests.graphql.conftest import unique_address
from tests.graphql.schema_walk import SCHEMA, document, required_variables
from tests.provenance.certificates.conftest import (  # noqa: F401  (fixtures)
    maker,
    origin,
    received,
    signing_key,
    variant,
    warehouse,
)
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.discounts.factories import gift_card_create, voucher_create
from tests.storefront.orders.factories import order_placed

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("fast_hashing"),
]

# How to reach a guarded field of a type that is not a root: a document with ``%s`` where the
# field goes (formatted with the ``shop`` fixture's names) and the path of the field's parent in
# ``data`` (lists: their first item). A new guarded type needs a line here.
REACH: dict[str, tuple[str, tuple[str, ...]]] = {
    "Product": ('{ product(slug: "{product}", channel: "intl-usd") { %s } }', ("product",)),
    "ProductVariant": (
        '{ product(slug: "{product}", channel: "intl-usd") { variants { %s } } }',
        ("product", "variants"),
    ),
    "Collection": ('{ collection(slug: "{collection}", channel: "intl-usd") { %s } }', ("collection",)),
    "Order": ('{ order(id: "{order}") { %s } }', ("order",)),
    "Checkout": ('{ checkout(id: "{checkout}") { %s } }', ("checkout",)),
    "Channel": ('{ channel(slug: "intl-usd") { %s } }', ("channel",)),
    "SellerOfRecord": ("{ shop { sellerOfRecord { %s } } }", ("shop", "sellerOfRecord")),
    "OriginCertificate.revocationReason": ('{ certificate(serial: "{revoked}") { %s } }', ("certificate",)),
    "OriginCertificate.suspensionReason": ('{ certificate(serial: "{suspended}") { %s } }', ("certificate",)),
    # Groups are listed with MANAGE_STAFF only: outsiders are refused at the list (an ancestor);
    # tests/graphql/accounts/test_permission_groups.py reaches a group as its member instead.
    "Group": (
        "{ permissionGroups(first: 1) { edges { node { %s } } } }",
        ("permissionGroups", "edges", "node"),
    ),
    # Vouchers are listed with MANAGE_DISCOUNTS only (refused at the list); a gift card is reached
    # by anyone through the checkout it was added to, its code and events by staff only.
    "Voucher": ("{ vouchers(first: 1) { edges { node { %s } } } }", ("vouchers", "edges", "node")),
    "GiftCard": ('{ checkout(id: "{checkout}") { giftCards { %s } } }', ("checkout", "giftCards")),
    # The shop's order carries a voucher discount (its reason for MANAGE_ORDERS only).
    "OrderDiscount": ('{ order(id: "{order}") { discounts { %s } } }', ("order", "discounts")),
}


def guarded_fields() -> dict[str, PermissionExtension]:
    """``Type.field`` -> its permission extension, for every field of the schema that has one."""
    found = {}
    for type_name, graphql_type in SCHEMA.type_map.items():
        if type_name.startswith("__") or not hasattr(graphql_type, "fields"):
            continue
        for field_name, field in graphql_type.fields.items():
            definition = (field.extensions or {}).get("strawberry-definition")
            for extension in getattr(definition, "extensions", ()):
                if isinstance(extension, PermissionExtension):
                    found[f"{type_name}.{field_name}"] = extension
    return found


def root_entries() -> set[str]:
    return {f"Query.{name}" for name in SCHEMA.query_type.fields} | {
        f"Mutation.{name}" for name in SCHEMA.mutation_type.fields
    }


# --- the table covers the schema ------------------------------------------------------------------


def test_every_root_field_has_an_entry():
    missing = sorted(root_entries() - MATRIX.keys())

    assert not missing, f"Add these root fields to tests/graphql/authorization_matrix.py: {missing}"


def test_every_guarded_field_has_an_entry_saying_what_its_guard_says():
    for name, extension in guarded_fields().items():
        assert name in MATRIX, f"{name} is guarded: add it to tests/graphql/authorization_matrix.py"
        rule = MATRIX[name]
        codes = {code for permission in extension.permissions for code in permission.codes}
        assert set(rule.permissions) == codes, (
            f"{name}: the matrix says {rule.permissions}, the guard {codes}"
        )
        assert rule.refusal == ("null" if extension.fail_silently else "error"), name
        assert rule.apps == all(getattr(p, "apps", True) for p in extension.permissions), name


def test_every_entry_names_a_field_of_the_schema():
    for name in MATRIX:
        type_name, field_name = name.split(".")
        assert field_name in SCHEMA.type_map[type_name].fields, f"{name} is not in the schema any more"


def test_every_guarded_field_below_the_root_can_be_reached():
    for name in guarded_fields().keys() - root_entries():
        assert name in REACH or name.split(".")[0] in REACH, f"Add a path to {name} in REACH"


# --- callers ----------------------------------------------------------------------------------------


@dataclass
class Caller:
    label: str
    headers: Callable[[], dict[str, str]]


def _user_caller(label: str, user: User) -> Caller:
    # A fresh token per request: a case may deactivate all of the user's tokens.
    return Caller(label, lambda: bearer(User.objects.get(pk=user.pk)))


def _app_caller(label: str, codes: list[PermissionCode]) -> Caller:
    _app, token = app_create(name=label, permissions=codes)
    return Caller(label, lambda: bearer(token))


def _others(rule: Rule) -> list[PermissionCode]:
    return [code for code in PermissionCode if code not in rule.permissions]


def callers_outside(rule: Rule) -> list[Caller]:
    anonymous = Caller("anonymous", dict)
    if rule.kind == "anyone":
        return []
    if rule.kind in ("user", "owner"):
        return [anonymous, _app_caller("app holding every permission", list(PermissionCode))]
    found = [
        anonymous,
        _user_caller("buyer", UserFactory()),
        _user_caller("staff holding every other permission", staff_user(*_others(rule))),
        _app_caller("app holding every other permission", _others(rule)),
    ]
    if not rule.apps:
        found.append(_app_caller("app holding the permissions", list(rule.permissions)))
    return found


def callers_inside(rule: Rule) -> list[Caller]:
    if rule.kind == "anyone":
        return [Caller("anonymous", dict), _user_caller("buyer", UserFactory())]
    if rule.kind in ("user", "owner"):
        return [_user_caller("buyer", UserFactory()), _user_caller("staff", staff_user())]
    found = []
    for code in rule.permissions:
        found.append(_user_caller(f"staff holding {code}", staff_user(code)))
        if rule.apps:
            found.append(_app_caller(f"app holding {code}", [code]))
    return found


# --- calling an entry ------------------------------------------------------------------------------


@pytest.fixture
def fast_hashing():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def shop(received):  # noqa: F811  (the imported fixture)
    """A published product with stock, a published collection, a revoked and a suspended certificate."""
    channel = ChannelFactory()
    product = full_product(channel)
    collection = product.collections.model.objects.create(name="Featured", slug="featured")
    collection.channel_listings.create(channel=channel, is_published=True)
    first, second = (unit.certificate for unit in received.units.select_related("certificate")[:2])
    certificate_revoke(certificate=first, reason="Cracked in the kiln", actor=Actor.system())
    certificate_suspend(certificate=second, reason="Record being checked", actor=Actor.system())
    order = order_placed(channel=channel)
    checkout = Checkout.objects.create(channel=channel, currency=channel.currency_code)
    card = gift_card_create(code="MATRIX-CARD", currency=channel.currency_code)
    checkout.gift_cards.add(card)
    card.events.create(type="USED_IN_ORDER", order_id=order.pk)  # Order.giftCards shows it
    voucher = voucher_create(channel, code="MATRIX")
    order.discounts.create(
        voucher=voucher,
        voucher_code="MATRIX",
        value_type="PERCENTAGE",
        value=10,
        amount_value=2,
        currency=order.currency,
        name="Matrix",
    )
    return {
        "order": to_global_id("Order", order.pk),
        "checkout": to_global_id("Checkout", checkout.pk),
        "product": product.slug,
        "collection": collection.slug,
        "revoked": first.unit.serial,
        "suspended": second.unit.serial,
    }


@dataclass
class Call:
    query: str
    variables: dict[str, Any]
    path: tuple[str, ...]  # where the entry's value is in ``data`` (lists: their first item)


def call_for(name: str, shop: dict[str, str]) -> Call:
    if name in GUARDED_ARGUMENTS:
        text = GUARDED_ARGUMENTS[name][1]
        operation = parse(text).definitions[0]
        first = operation.selection_set.selections[0]
        return Call(text, {}, ((first.alias or first.name).value,))
    type_name, field_name = name.split(".")
    if type_name in ("Query", "Mutation"):
        field = SCHEMA.type_map[type_name].fields[field_name]
        operation = "query" if type_name == "Query" else "mutation"
        return Call(document(operation, field_name, field), required_variables(field), (field_name,))
    field = SCHEMA.type_map[type_name].fields[field_name]
    selection = (
        f"{field_name} {{ __typename }}" if is_composite_type(get_named_type(field.type)) else field_name
    )
    template, parent = REACH.get(name) or REACH[type_name]
    query = template.replace("%s", selection)
    for key, value in shop.items():
        query = query.replace("{" + key + "}", value)
    return Call(query, {}, (*parent, field_name))


def value_at(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        while isinstance(data, list):
            data = data[0] if data else None
        if data is None:
            return None
        data = data.get(key)
    return data


def post(call: Call, caller: Caller) -> dict[str, Any]:
    client = Client(REMOTE_ADDR=unique_address())
    response = client.post(
        "/graphql/",
        json.dumps({"query": call.query, "variables": call.variables}),
        content_type="application/json",
        headers=caller.headers(),
    )
    assert response.status_code == 200, response.content
    return response.json()


def denials(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        error
        for error in body.get("errors") or []
        if (error.get("extensions") or {}).get("exception", {}).get("code") == "PermissionDenied"
    ]


ENTRIES = sorted(MATRIX) + sorted(GUARDED_ARGUMENTS)


def _rule(name: str) -> Rule:
    return GUARDED_ARGUMENTS[name][0] if name in GUARDED_ARGUMENTS else MATRIX[name]


@pytest.mark.parametrize("name", [n for n in ENTRIES if _rule(n).kind != "anyone"])
def test_callers_outside_an_entry_are_refused_and_get_no_data(shop, name):
    rule, call = _rule(name), call_for(name, shop)
    for caller in callers_outside(rule):
        body = post(call, caller)
        value = value_at(body.get("data"), call.path)
        if rule.refusal == "error":
            refusals = denials(body)
            assert refusals, f"{name} as {caller.label}: not refused: {body}"
            # At the field, or at an ancestor that is itself refused to this caller.
            assert refusals[0]["path"][-1] in call.path, f"{name} as {caller.label}: {refusals}"
        else:
            assert not denials(body), f"{name} as {caller.label}: {body}"
        assert value in (None, []), f"{name} as {caller.label}: got data {value!r}"


@pytest.mark.parametrize("name", ENTRIES)
def test_callers_inside_an_entry_are_not_refused(shop, name):
    rule, call = _rule(name), call_for(name, shop)
    for caller in callers_inside(rule):
        body = post(call, caller)
        assert not denials(body), f"{name} as {caller.label}: refused: {body.get('errors')}"
        if rule.refusal == "null" or rule.kind == "owner":
            # The refusal of the callers outside is not vacuous: these see a value.
            assert value_at(body.get("data"), call.path) not in (None, []), (
                f"{name} as {caller.label}: {body}"
            )
