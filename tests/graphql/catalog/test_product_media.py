"""The product media mutations, background images and maker portraits through /graphql/ (local
storage; the S3 must-show is ``test_product_media_s3.py``): Saleor's payloads and codes, nothing
changed on a refusal, the audit log, and query counts of ``product.media``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode as P
from storefront.accounts.services import app_create
from storefront.catalog.media import product_media_create
from storefront.catalog.models import Category, Collection, ProductMedia, Thumbnail
from tests.graphql.catalog.factories import (
    CategoryFactory,
    ChannelFactory,
    MakerFactory,
    ProductFactory,
    full_product,
)
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.catalog.media.uploads import GPS_IFD, SVG_WITH_SCRIPT, phone_photo, post_media_create
from tests.storefront.catalog.media_images import image_bytes, stored_files, use_local_media

pytestmark = pytest.mark.django_db

UPDATE = """
mutation($id: ID!, $alt: String) {
  productMediaUpdate(id: $id, input: {alt: $alt}) {
    product { id } media { id alt } errors { field code message }
  }
}"""
DELETE = """
mutation($id: ID!) {
  productMediaDelete(id: $id) { product { id } media { id alt } errors { field code } }
}"""
REORDER = """
mutation($product: ID!, $media: [ID!]!) {
  productMediaReorder(productId: $product, mediaIds: $media) {
    product { id } media { id sortOrder } errors { field code message }
  }
}"""
VIDEO = """
mutation($input: ProductMediaCreateInput!) {
  productMediaCreate(input: $input) { media { type url alt oembedData } errors { field code message } }
}"""
CATEGORY_UPDATE = """
mutation($id: ID!, $input: CategoryInput!) {
  categoryUpdate(id: $id, input: $input) {
    category { name backgroundImage { url alt } } errors { field code message }
  }
}"""
COLLECTION_CREATE = """
mutation($input: CollectionCreateInput!) {
  collectionCreate(input: $input) {
    collection { slug backgroundImage { url } } errors { field code message }
  }
}"""
PORTRAIT = """
mutation($id: ID!, $image: Upload) {
  makerPortraitUpdate(id: $id, image: $image) {
    maker { id portrait { url } } errors { field code message }
  }
}"""
PORTRAIT_OMITTED = """
mutation($id: ID!) { makerPortraitUpdate(id: $id) { maker { id } errors { field code message } } }"""


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    return use_local_media(settings, tmp_path)


@pytest.fixture
def staff():
    return bearer(staff_user(P.MANAGE_PRODUCTS))


def _gid(kind: str, pk: int) -> str:
    return to_global_id(kind, pk)


def _multipart(client, query: str, variables: dict[str, Any], files: dict[str, SimpleUploadedFile], headers):
    """A GraphQL multipart request: each key of ``files`` is the variable path the part replaces."""
    data: dict[str, Any] = {
        "operations": json.dumps({"query": query, "variables": variables}),
        "map": json.dumps({str(i): [path] for i, path in enumerate(files)}),
    }
    data.update({str(i): upload for i, upload in enumerate(files.values())})
    response = client.post("/graphql/", data=data, headers=headers)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def _media(product, count: int) -> list[ProductMedia]:
    return [
        product_media_create(
            product=product,
            file=SimpleUploadedFile(f"{n}.png", image_bytes("PNG", (20, 20)), content_type="image/png"),
            alt=f"Photo {n}",
            prerender_thumbnails=False,
        )
        for n in range(count)
    ]


def test_an_app_holding_manage_products_uploads_an_image(client, media_root):
    product = ProductFactory()
    _app, token = app_create(name="Photo studio", permissions=[P.MANAGE_PRODUCTS])

    body = post_media_create(
        client,
        headers=bearer(token),
        product_id=_gid("Product", product.pk),
        upload=SimpleUploadedFile("studio.webp", image_bytes("WEBP", (300, 200)), content_type="image/webp"),
        alt="Studio shot",
    )

    payload = body["data"]["productMediaCreate"]
    assert payload["errors"] == [] and payload["product"]["id"] == _gid("Product", product.pk)
    media = ProductMedia.objects.get(product=product)
    assert media.image.name.endswith(".webp") and stored_files(media_root) == {media.image.name}
    assert AuditLogEntry.objects.get(action="product_media.created").actor_app.name == "Photo studio"


def test_an_upload_without_any_file_or_url_is_required(client, staff, media_root):
    product = ProductFactory()

    body = post_media_create(client, headers=staff, product_id=_gid("Product", product.pk), upload=None)

    assert body["data"]["productMediaCreate"]["errors"] == [
        {"field": "input", "code": "REQUIRED", "message": "Image or external URL is required."}
    ]
    assert not ProductMedia.objects.exists()


def test_update_changes_the_alt_text_and_records_it(gql, staff, media_root):
    [media] = _media(ProductFactory(), 1)

    body = gql(UPDATE, {"id": _gid("ProductMedia", media.pk), "alt": "  Tenun ikat, detail "}, headers=staff)

    assert body["data"]["productMediaUpdate"]["media"] == {
        "id": _gid("ProductMedia", media.pk),
        "alt": "Tenun ikat, detail",
    }
    entry = AuditLogEntry.objects.get(action="product_media.updated")
    assert (entry.payload["before"]["alt"], entry.payload["after"]["alt"]) == (
        "Photo 0",
        "Tenun ikat, detail",
    )


def test_update_refuses_a_too_long_alt_and_an_unknown_media(gql, staff, media_root):
    [media] = _media(ProductFactory(), 1)

    long = gql(UPDATE, {"id": _gid("ProductMedia", media.pk), "alt": "x" * 251}, headers=staff)
    unknown = gql(UPDATE, {"id": _gid("ProductMedia", media.pk + 999), "alt": "x"}, headers=staff)

    assert long["data"]["productMediaUpdate"]["errors"][0]["code"] == "INVALID"
    assert unknown["data"]["productMediaUpdate"]["errors"][0] == {
        "field": "id",
        "code": "NOT_FOUND",
        "message": f"Couldn't resolve to a node: {_gid('ProductMedia', media.pk + 999)}",
    }
    media.refresh_from_db()
    assert media.alt == "Photo 0"


def test_delete_removes_the_row_now_and_the_file_and_thumbnails_after_the_commit(
    gql, staff, media_root, django_capture_on_commit_callbacks
):
    product = ProductFactory()
    keep, gone = _media(product, 2)
    from storefront.catalog.media import thumbnail_get_or_create

    thumbnail = thumbnail_get_or_create(original_name=gone.image.name, size=64, format="WEBP")
    assert {gone.image.name, thumbnail.image.name} <= stored_files(media_root)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        body = gql(DELETE, {"id": _gid("ProductMedia", gone.pk)}, headers=staff)
    assert {gone.image.name, thumbnail.image.name} <= stored_files(media_root), "not before the commit"
    for callback in callbacks:
        callback()

    payload = body["data"]["productMediaDelete"]
    assert payload["errors"] == [] and payload["media"]["id"] == _gid("ProductMedia", gone.pk)
    assert list(ProductMedia.objects.values_list("pk", flat=True)) == [keep.pk]
    assert not Thumbnail.objects.filter(original_name=gone.image.name).exists()
    assert stored_files(media_root) == {keep.image.name}
    assert AuditLogEntry.objects.get(action="product_media.deleted").object_id == str(gone.pk)


def test_reorder_puts_the_media_in_the_given_order(gql, staff, media_root):
    product = ProductFactory()
    first, second, third = _media(product, 3)
    order = [third, first, second]

    body = gql(
        REORDER,
        {"product": _gid("Product", product.pk), "media": [_gid("ProductMedia", m.pk) for m in order]},
        headers=staff,
    )

    payload = body["data"]["productMediaReorder"]
    assert payload["errors"] == []
    assert [m["id"] for m in payload["media"]] == [_gid("ProductMedia", m.pk) for m in order]
    assert list(ProductMedia.objects.filter(product=product).values_list("pk", flat=True)) == [
        m.pk for m in order
    ]
    entry = AuditLogEntry.objects.get(action="product.media_reordered")
    assert entry.payload == {"before": [first.pk, second.pk, third.pk], "after": [m.pk for m in order]}


@pytest.mark.parametrize(
    ("case", "code"),
    [("stranger", "NOT_PRODUCTS_IMAGE"), ("missing", "INVALID"), ("repeated", "DUPLICATED_INPUT_ITEM")],
)
def test_reorder_refuses_anything_but_the_product_s_own_media_once_each(gql, staff, media_root, case, code):
    product = ProductFactory()
    first, second = _media(product, 2)
    [stranger] = _media(ProductFactory(), 1)
    ids = {
        "stranger": [second, first, stranger],
        "missing": [second],
        "repeated": [second, first, second],
    }[case]

    body = gql(
        REORDER,
        {"product": _gid("Product", product.pk), "media": [_gid("ProductMedia", m.pk) for m in ids]},
        headers=staff,
    )

    [error] = body["data"]["productMediaReorder"]["errors"]
    assert (error["field"], error["code"]) == ("mediaIds", code)
    assert list(ProductMedia.objects.filter(product=product).values_list("pk", flat=True)) == [
        first.pk,
        second.pk,
    ]
    assert not AuditLogEntry.objects.filter(action="product.media_reordered").exists()


def test_a_youtube_link_is_a_video_and_other_urls_are_refused(gql, staff, media_root):
    product = _gid("Product", ProductFactory().pk)
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"

    video = gql(VIDEO, {"input": {"product": product, "mediaUrl": url, "alt": "Weaving"}}, headers=staff)
    other = gql(
        VIDEO, {"input": {"product": product, "mediaUrl": "http://169.254.169.254/latest"}}, headers=staff
    )

    assert video["data"]["productMediaCreate"]["media"]["type"] == "VIDEO"
    assert video["data"]["productMediaCreate"]["media"]["url"] == url
    assert (
        json.loads(video["data"]["productMediaCreate"]["media"]["oembedData"])["provider_name"] == "YouTube"
    )
    [error] = other["data"]["productMediaCreate"]["errors"]
    assert (error["field"], error["code"]) == ("mediaUrl", "UNSUPPORTED_MEDIA_PROVIDER")
    assert ProductMedia.objects.count() == 1


def test_an_image_and_a_url_together_are_refused(client, staff, media_root):
    product = ProductFactory()
    variables = {
        "input": {"product": _gid("Product", product.pk), "mediaUrl": "https://vimeo.com/1", "image": None}
    }

    body = _multipart(
        client, VIDEO, variables, {"variables.input.image": SimpleUploadedFile("a.png", image_bytes())}, staff
    )

    assert body["data"]["productMediaCreate"]["errors"][0]["code"] == "DUPLICATED_INPUT_ITEM"
    assert not ProductMedia.objects.exists() and stored_files(media_root) == set()


def test_category_update_stores_a_background_image_and_null_removes_it(
    client, staff, media_root, django_capture_on_commit_callbacks
):
    category = CategoryFactory(name="Gerabah")
    variables = {
        "id": _gid("Category", category.pk),
        "input": {"backgroundImage": None, "backgroundImageAlt": "Kiln"},
    }

    with django_capture_on_commit_callbacks(execute=True):
        body = _multipart(
            client,
            CATEGORY_UPDATE,
            variables,
            {
                "variables.input.backgroundImage": SimpleUploadedFile(
                    "kiln.jpg", phone_photo(), content_type="image/jpeg"
                )
            },
            staff,
        )

    data = body["data"]["categoryUpdate"]
    assert data["errors"] == [] and data["category"]["backgroundImage"]["alt"] == "Kiln"
    category.refresh_from_db()
    name = category.background_image.name
    assert name.startswith("category-backgrounds/") and name.endswith(".jpg")
    with Image.open(media_root / name) as stored:
        assert not stored.getexif().get_ifd(GPS_IFD)
    assert AuditLogEntry.objects.filter(action="category.background_image_updated").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        removed = client.post(
            "/graphql/",
            data=json.dumps(
                {
                    "query": CATEGORY_UPDATE,
                    "variables": {"id": variables["id"], "input": {"backgroundImage": None}},
                }
            ),
            content_type="application/json",
            headers=staff,
        ).json()

    assert removed["data"]["categoryUpdate"]["category"]["backgroundImage"] is None
    assert Category.objects.get(pk=category.pk).background_image.name == ""
    assert name not in stored_files(media_root)


def test_a_refused_background_image_creates_no_collection(client, staff, media_root):
    variables = {"input": {"name": "Bamboo", "backgroundImage": None}}

    body = _multipart(
        client,
        COLLECTION_CREATE,
        variables,
        {
            "variables.input.backgroundImage": SimpleUploadedFile(
                "b.svg", SVG_WITH_SCRIPT, content_type="image/svg+xml"
            )
        },
        staff,
    )

    [error] = body["data"]["collectionCreate"]["errors"]
    assert error["field"] == "backgroundImage" and "image/svg+xml" in error["message"]
    assert not Collection.objects.exists() and stored_files(media_root) == set()


def test_collection_create_with_a_background_image(client, staff, media_root):
    body = _multipart(
        client,
        COLLECTION_CREATE,
        {"input": {"name": "Bamboo", "backgroundImage": None}},
        {
            "variables.input.backgroundImage": SimpleUploadedFile(
                "b.png", image_bytes("PNG", (80, 40)), content_type="application/octet-stream"
            )
        },
        staff,
    )

    assert body["data"]["collectionCreate"]["errors"] == []
    assert body["data"]["collectionCreate"]["collection"]["backgroundImage"]["url"].endswith(".png")
    assert Collection.objects.get().background_image.name.startswith("collection-backgrounds/")


def test_maker_portrait_is_stored_without_gps_and_removed_with_null(client, gql, media_root):
    maker = MakerFactory()
    provenance_staff = bearer(staff_user(P.MANAGE_PROVENANCE))
    variables = {"id": _gid("Maker", maker.pk), "image": None}

    body = _multipart(
        client,
        PORTRAIT,
        variables,
        {"variables.image": SimpleUploadedFile("inaq.jpg", phone_photo(), content_type="image/jpeg")},
        provenance_staff,
    )

    assert body["data"]["makerPortraitUpdate"]["errors"] == []
    maker.refresh_from_db()
    assert maker.portrait.name.startswith("makers/portraits/")
    with Image.open(media_root / maker.portrait.name) as stored:
        assert not stored.getexif().get_ifd(GPS_IFD)
    assert body["data"]["makerPortraitUpdate"]["maker"]["portrait"]["url"].endswith(maker.portrait.name)

    omitted = gql(PORTRAIT_OMITTED, {"id": variables["id"]}, headers=provenance_staff)
    assert omitted["data"]["makerPortraitUpdate"]["errors"][0]["code"] == "REQUIRED"
    maker.refresh_from_db()
    assert maker.portrait.name, "leaving `image` out does not remove the portrait"

    removed = gql(PORTRAIT, variables, headers=provenance_staff)
    assert removed["data"]["makerPortraitUpdate"]["maker"]["portrait"] is None
    maker.refresh_from_db()
    assert maker.portrait.name == ""


def test_a_portrait_that_is_not_an_image_is_refused(client, media_root):
    maker = MakerFactory()

    body = _multipart(
        client,
        PORTRAIT,
        {"id": _gid("Maker", maker.pk), "image": None},
        {"variables.image": SimpleUploadedFile("me.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")},
        bearer(staff_user(P.MANAGE_PROVENANCE)),
    )

    [error] = body["data"]["makerPortraitUpdate"]["errors"]
    assert (error["field"], error["code"]) == ("image", "INVALID_FILE_TYPE")
    assert stored_files(media_root) == set()


PRODUCT_MEDIA = """
query($slug: String!) {
  product(slug: $slug, channel: "intl-usd") { media { id alt type sortOrder url(size: 512, format: WEBP) } }
}"""


def test_product_media_costs_the_same_for_one_and_many_images(gql, media_root):
    channel = ChannelFactory(slug="intl-usd")
    few, many = full_product(channel, slug="few"), full_product(channel, slug="many")
    ProductMedia.objects.filter(product=few).exclude(sort_order=0).delete()
    _media(many, 4)

    counts = []
    for slug, expected in (("few", 1), ("many", 6)):
        with CaptureQueriesContext(connection) as queries:
            body = gql(PRODUCT_MEDIA, {"slug": slug})
        assert len(body["data"]["product"]["media"]) == expected
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_the_media_services_default_to_the_system_actor(media_root):
    product = ProductFactory()

    product_media_create(
        product=product,
        file=SimpleUploadedFile("a.png", image_bytes("PNG", (10, 10)), content_type="image/png"),
    )

    entry = AuditLogEntry.objects.get(action="product_media.created")
    assert entry.actor_user is None and entry.actor_app is None
    assert Actor.system().is_system
