"""Makers, producer groups and villages through the staff API (MANAGE_PROVENANCE): audited writes
that keep products' public data and search right, consent only through the consent mutations."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from provenance.certificates.models import LotMaker
from provenance.origins.models import Maker, Origin, ProducerGroup
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.services import app_create
from storefront.catalog.services import product_search_document_update
from tests.graphql.catalog.factories import (
    ChannelFactory,
    MakerFactory,
    OriginFactory,
    ProducerGroupFactory,
    ProductFactory,
    TechniqueFactory,
    publish,
)
from tests.graphql.provenance.helpers import denied
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.orders.earnings_factories import lot_of, makers, order_with_share

pytestmark = pytest.mark.django_db

ERRORS = "errors { field code message }"
MAKER = (
    "maker { id displayName slug bio consentToPublish consentRecordedAt "
    "origin { id village } group { name } crafts }"
)
CREATE = f"mutation($input: MakerInput!) {{ makerCreate(input: $input) {{ {MAKER} {ERRORS} }} }}"
UPDATE = (
    f"mutation($id: ID!, $input: MakerInput!) {{ makerUpdate(id: $id, input: $input) "
    f"{{ {MAKER} {ERRORS} }} }}"
)
DELETE = f"mutation($id: ID!) {{ makerDelete(id: $id) {{ maker {{ id displayName }} {ERRORS} }} }}"
CONSENT = f"mutation($id: ID!) {{ makerConsentRecord(id: $id) {{ {MAKER} {ERRORS} }} }}"
WITHDRAW = f"mutation($id: ID!) {{ makerConsentWithdraw(id: $id) {{ {MAKER} {ERRORS} }} }}"
GROUP = "producerGroup { id name slug kind registrationNumber origin { id } }"
GROUP_CREATE = (
    f"mutation($input: ProducerGroupInput!) {{ producerGroupCreate(input: $input) {{ {GROUP} {ERRORS} }} }}"
)
GROUP_UPDATE = (
    f"mutation($id: ID!, $input: ProducerGroupInput!) {{ producerGroupUpdate(id: $id, input: $input) "
    f"{{ {GROUP} {ERRORS} }} }}"
)
GROUP_DELETE = (
    f"mutation($id: ID!) {{ producerGroupDelete(id: $id) {{ producerGroup {{ id name }} {ERRORS} }} }}"
)
ORIGIN = "origin { id name slug village district regency province country latitude longitude }"
ORIGIN_CREATE = f"mutation($input: OriginInput!) {{ originCreate(input: $input) {{ {ORIGIN} {ERRORS} }} }}"
ORIGIN_UPDATE = (
    f"mutation($id: ID!, $input: OriginInput!) {{ originUpdate(id: $id, input: $input) "
    f"{{ {ORIGIN} {ERRORS} }} }}"
)
PUBLIC = """query($slug: String!, $search: String!) {
  product(slug: $slug, channel: "intl-usd") { provenance { makers { displayName } } }
  products(first: 5, channel: "intl-usd", search: $search) { edges { node { slug } } }
}"""


def _id(kind: str, pk) -> str:
    return to_global_id(kind, pk)


@pytest.fixture
def staff():
    return bearer(staff_user(PermissionCode.MANAGE_PROVENANCE))


def _made_product(maker: Maker, **fields):
    """A published product made by ``maker``, its search document up to date."""
    product = ProductFactory(**fields)
    publish(product, ChannelFactory())
    product.makers.set([maker])
    product_search_document_update(product=product)
    return product


def _public(gql, product, search: str):
    data = gql(PUBLIC, {"slug": product.slug, "search": search})["data"]
    return (
        [m["displayName"] for m in data["product"]["provenance"]["makers"]],
        [edge["node"]["slug"] for edge in data["products"]["edges"]],
    )


# --- makers -------------------------------------------------------------------------------------


def test_staff_create_a_maker_who_does_not_yet_consent(gql, staff):
    origin, group, craft = OriginFactory(), ProducerGroupFactory(), TechniqueFactory()

    body = gql(
        CREATE,
        {
            "input": {
                "displayName": "  Inaq Rahmah ",
                "bio": "Weaves songket.",
                "origin": _id("Origin", origin.pk),
                "group": _id("ProducerGroup", group.pk),
                "crafts": [_id("Technique", craft.pk)],
            }
        },
        headers=staff,
    )

    result = body["data"]["makerCreate"]
    assert result["errors"] == []
    maker = Maker.objects.get(display_name="Inaq Rahmah")
    assert result["maker"]["slug"] == maker.slug == "inaq-rahmah"
    assert result["maker"]["consentToPublish"] is False and result["maker"]["consentRecordedAt"] is None
    assert result["maker"]["origin"]["id"] == _id("Origin", origin.pk)
    assert result["maker"]["crafts"] == [craft.slug]
    entry = AuditLogEntry.objects.get(action="maker.created")
    assert entry.object_id == str(maker.pk) and entry.payload["after"]["display_name"] == "Inaq Rahmah"


def test_a_maker_without_name_or_village_or_with_a_taken_slug_is_refused(gql, staff):
    MakerFactory(slug="taken")

    missing = gql(CREATE, {"input": {"bio": "x"}}, headers=staff)["data"]["makerCreate"]
    taken = gql(
        CREATE,
        {"input": {"displayName": "A", "slug": "taken", "origin": _id("Origin", OriginFactory().pk)}},
        headers=staff,
    )["data"]["makerCreate"]

    assert missing["maker"] is None
    assert sorted((e["field"], e["code"]) for e in missing["errors"]) == [
        ("displayName", "REQUIRED"),
        ("origin", "REQUIRED"),
    ]
    assert [(e["field"], e["code"]) for e in taken["errors"]] == [("slug", "UNIQUE")]
    assert Maker.objects.count() == 1
    assert not AuditLogEntry.objects.filter(action="maker.created").exists()


def test_renaming_a_maker_renames_them_in_search(gql, staff):
    maker = MakerFactory(display_name="Inaq Sumiati")
    product = _made_product(maker)

    result = gql(
        UPDATE, {"id": _id("Maker", maker.pk), "input": {"displayName": "Inaq Sapiah"}}, headers=staff
    )

    assert result["data"]["makerUpdate"]["errors"] == []
    assert _public(gql, product, "sapiah") == (["Inaq Sapiah"], [product.slug])
    assert _public(gql, product, "sumiati")[1] == []
    entry = AuditLogEntry.objects.get(action="maker.updated")
    assert (entry.payload["before"]["display_name"], entry.payload["after"]["display_name"]) == (
        "Inaq Sumiati",
        "Inaq Sapiah",
    )


def test_a_maker_named_by_a_production_lot_cannot_be_deleted(gql, staff):
    (weaver,) = makers(1)
    lot_of(order_with_share("USD", price="10.00"), weaver)

    result = gql(DELETE, {"id": _id("Maker", weaver.pk)}, headers=staff)["data"]["makerDelete"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("id", "CANNOT_DELETE")]
    assert Maker.objects.filter(pk=weaver.pk).exists() and LotMaker.objects.filter(maker=weaver).exists()
    assert not AuditLogEntry.objects.filter(action="maker.deleted").exists()


def test_deleting_a_maker_takes_them_off_their_products(gql, staff):
    maker = MakerFactory(display_name="Amaq Lanang")
    product = _made_product(maker)

    result = gql(DELETE, {"id": _id("Maker", maker.pk)}, headers=staff)["data"]["makerDelete"]

    assert result["errors"] == [] and result["maker"]["id"] == _id("Maker", maker.pk)
    assert not Maker.objects.filter(pk=maker.pk).exists()
    assert _public(gql, product, "lanang") == ([], [])
    assert (
        AuditLogEntry.objects.get(action="maker.deleted").payload["before"]["display_name"] == "Amaq Lanang"
    )


def test_an_unknown_maker_is_not_found(gql, staff):
    result = gql(DELETE, {"id": _id("Maker", 10**9)}, headers=staff)["data"]["makerDelete"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("id", "NOT_FOUND")]


# --- consent --------------------------------------------------------------------------------------


def test_withdrawing_consent_removes_the_name_from_products_and_search(gql, staff):
    maker = MakerFactory(display_name="Inaq Senah", consent_to_publish=True)
    product = _made_product(maker)
    assert _public(gql, product, "senah") == (["Inaq Senah"], [product.slug])

    result = gql(WITHDRAW, {"id": _id("Maker", maker.pk)}, headers=staff)["data"]["makerConsentWithdraw"]

    assert result["errors"] == [] and result["maker"]["consentToPublish"] is False
    assert _public(gql, product, "senah") == ([], [])
    maker.refresh_from_db()
    assert maker.portrait.name == "" and maker.consent_recorded_at is not None
    entry = AuditLogEntry.objects.get(action="maker.consent_withdrawn")
    assert entry.payload["before"]["consent_to_publish"] is True
    assert entry.payload["after"]["consent_to_publish"] is False


def test_recording_consent_makes_the_maker_public_and_findable(gql, staff):
    maker = MakerFactory(display_name="Inaq Marni", consent_to_publish=False)
    product = _made_product(maker)
    assert _public(gql, product, "marni") == ([], [])

    result = gql(CONSENT, {"id": _id("Maker", maker.pk)}, headers=staff)["data"]["makerConsentRecord"]

    assert result["errors"] == [] and result["maker"]["consentToPublish"] is True
    assert result["maker"]["consentRecordedAt"] is not None
    assert _public(gql, product, "marni") == (["Inaq Marni"], [product.slug])
    assert AuditLogEntry.objects.filter(action="maker.consent_recorded", object_id=str(maker.pk)).exists()


def test_the_maker_input_cannot_set_consent(gql, staff):
    maker = MakerFactory(consent_to_publish=False)

    body = gql(UPDATE, {"id": _id("Maker", maker.pk), "input": {"consentToPublish": True}}, headers=staff)

    assert body.get("data") is None and body["errors"]
    maker.refresh_from_db()
    assert maker.consent_to_publish is False


# --- producer groups ------------------------------------------------------------------------------


def test_producer_groups_are_created_updated_and_deleted_keeping_their_makers(gql, staff):
    origin = OriginFactory()
    created = gql(
        GROUP_CREATE,
        {"input": {"name": "Koperasi Sukarara", "kind": "COOPERATIVE", "origin": _id("Origin", origin.pk)}},
        headers=staff,
    )["data"]["producerGroupCreate"]
    group = ProducerGroup.objects.get(name="Koperasi Sukarara")
    maker = MakerFactory(group=group)

    updated = gql(
        GROUP_UPDATE,
        {"id": _id("ProducerGroup", group.pk), "input": {"registrationNumber": "NIB-123", "kind": "IKM"}},
        headers=staff,
    )["data"]["producerGroupUpdate"]
    deleted = gql(GROUP_DELETE, {"id": _id("ProducerGroup", group.pk)}, headers=staff)["data"][
        "producerGroupDelete"
    ]

    assert created["errors"] == [] and created["producerGroup"]["slug"] == "koperasi-sukarara"
    assert updated["errors"] == [] and (
        updated["producerGroup"]["kind"],
        updated["producerGroup"]["registrationNumber"],
    ) == ("IKM", "NIB-123")
    assert deleted["errors"] == [] and deleted["producerGroup"]["name"] == "Koperasi Sukarara"
    maker.refresh_from_db()
    assert maker.group is None
    assert list(
        AuditLogEntry.objects.filter(object_id=str(group.pk), object_type="origins.ProducerGroup")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["producer_group.created", "producer_group.updated", "producer_group.deleted"]


def test_a_producer_group_needs_a_name_kind_and_village(gql, staff):
    result = gql(GROUP_CREATE, {"input": {"name": " "}}, headers=staff)["data"]["producerGroupCreate"]

    assert sorted((e["field"], e["code"]) for e in result["errors"]) == [
        ("kind", "REQUIRED"),
        ("name", "REQUIRED"),
        ("origin", "REQUIRED"),
    ]
    assert not ProducerGroup.objects.exists()


# --- villages -------------------------------------------------------------------------------------

VILLAGE = {
    "name": "Sukarara, Central Lombok",
    "village": "Sukarara",
    "district": "Jonggat",
    "regency": "Lombok Tengah",
    "province": "Nusa Tenggara Barat",
    "country": "ID",
    "latitude": "-8.6431",
    "longitude": "116.2406",
}


def test_staff_create_a_village_and_renaming_it_re_indexes_its_products(gql, staff):
    created = gql(ORIGIN_CREATE, {"input": VILLAGE}, headers=staff)["data"]["originCreate"]
    origin = Origin.objects.get(slug="sukarara-central-lombok")
    product = ProductFactory(origin=origin)
    publish(product, ChannelFactory())
    product_search_document_update(product=product)

    updated = gql(
        ORIGIN_UPDATE,
        {"id": _id("Origin", origin.pk), "input": {"village": "Desa Sukarara Baru"}},
        headers=staff,
    )["data"]["originUpdate"]

    assert created["errors"] == [] and created["origin"]["latitude"] == "-8.643100"
    assert updated["errors"] == [] and updated["origin"]["village"] == "Desa Sukarara Baru"
    product.refresh_from_db()
    assert "baru" in product.search_document
    assert [e.action for e in AuditLogEntry.objects.filter(object_type="origins.Origin").order_by("pk")] == [
        "origin.created",
        "origin.updated",
    ]


def test_a_village_with_coordinates_off_the_globe_or_no_name_is_refused(gql, staff):
    result = gql(
        ORIGIN_CREATE,
        {"input": {**VILLAGE, "name": "", "latitude": "91", "longitude": "-181"}},
        headers=staff,
    )["data"]["originCreate"]

    assert sorted((e["field"], e["code"]) for e in result["errors"]) == [
        ("latitude", "INVALID"),
        ("longitude", "INVALID"),
        ("name", "REQUIRED"),
    ]
    assert not Origin.objects.filter(village="Sukarara").exists()


# --- who may ---------------------------------------------------------------------------------------

CALLS = [
    (
        "makerCreate",
        lambda: (CREATE, {"input": {"displayName": "X", "origin": _id("Origin", OriginFactory().pk)}}),
    ),
    ("makerConsentWithdraw", lambda: (WITHDRAW, {"id": _id("Maker", MakerFactory().pk)})),
    ("makerDelete", lambda: (DELETE, {"id": _id("Maker", MakerFactory().pk)})),
    ("producerGroupCreate", lambda: (GROUP_CREATE, {"input": {"name": "G"}})),
    ("originCreate", lambda: (ORIGIN_CREATE, {"input": VILLAGE})),
]
CALLERS = {
    "anonymous": lambda: {},
    "buyer": lambda: bearer(UserFactory()),
    "catalogue staff": lambda: bearer(
        staff_user(PermissionCode.MANAGE_PRODUCTS, PermissionCode.MANAGE_ORDERS)
    ),
    "app without the permission": lambda: bearer(
        app_create(name="Shop app", permissions=[PermissionCode.MANAGE_PRODUCTS])[1]
    ),
}


@pytest.mark.parametrize("caller", sorted(CALLERS))
@pytest.mark.parametrize(("name", "call"), CALLS, ids=[name for name, _ in CALLS])
def test_callers_without_manage_provenance_are_refused_and_nothing_changes(gql, name, call, caller):
    document, variables = call()
    makers_before, audit_before = Maker.objects.count(), AuditLogEntry.objects.count()

    body = gql(document, variables, headers=CALLERS[caller]())

    assert denied(body) and (body.get("data") or {}).get(name) is None
    assert Maker.objects.count() == makers_before
    assert AuditLogEntry.objects.count() == audit_before
    assert not Origin.objects.filter(village="Sukarara").exists()


def test_an_app_holding_manage_provenance_may_manage_makers(gql):
    _app, token = app_create(name="Cooperative sync", permissions=[PermissionCode.MANAGE_PROVENANCE])

    result = gql(
        CREATE,
        {"input": {"displayName": "Amaq Jumadil", "origin": _id("Origin", OriginFactory().pk)}},
        headers=bearer(token),
    )["data"]["makerCreate"]

    assert result["errors"] == [] and result["maker"]["displayName"] == "Amaq Jumadil"
    assert AuditLogEntry.objects.get(action="maker.created").actor_app is not None
