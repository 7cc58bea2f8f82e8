"""Thumbnails: the size ladder, render-once storage, the batch selector, URLs, the view and the task."""

from __future__ import annotations

import io
import logging
import threading
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from PIL import Image

from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.media import (
    THUMBNAIL_SIZES,
    thumbnail_get_or_create,
    thumbnail_size_snap,
    thumbnail_token_make,
    thumbnail_token_read,
    thumbnail_url,
    thumbnails_for,
)
from storefront.catalog.media import thumbnails as thumbnails_module
from storefront.catalog.models import Thumbnail
from storefront.catalog.tasks import thumbnails_prerender
from tests.storefront.catalog.media_images import image_bytes, sniff_format, stored_files, use_local_media


@pytest.fixture
def media_root(settings, tmp_path):
    settings.PUBLIC_URL = "https://shop.example.test"
    return use_local_media(settings, tmp_path)


def _store(name: str, data: bytes) -> str:
    return storages["default"].save(name, ContentFile(data))


@pytest.mark.parametrize(
    ("requested", "served"),
    [
        (None, 0),
        (0, 0),
        (1, 32),
        (32, 32),
        (33, 64),
        (100, 128),
        (256, 256),
        (300, 512),
        (4096, 4096),
        (5000, 4096),
        (10**9, 4096),
    ],
)
def test_requested_size_snaps_up_to_the_ladder(requested, served):
    assert thumbnail_size_snap(requested) == served


def test_negative_size_is_invalid():
    with pytest.raises(CatalogError) as refused:
        thumbnail_size_snap(-1)
    assert (refused.value.code, refused.value.field) == (ProductErrorCode.INVALID, "size")


@pytest.mark.django_db
def test_thumbnail_is_rendered_once_and_then_reused(media_root):
    original = _store("products/vase.png", image_bytes("PNG", (1200, 900)))

    with mock.patch.object(thumbnails_module, "_render", wraps=thumbnails_module._render) as render:
        first = thumbnail_get_or_create(original_name=original, size=256, format="WEBP")
        files_after_first = stored_files(media_root)
        second = thumbnail_get_or_create(original_name=original, size=256, format="WEBP")

    assert render.call_count == 1
    assert second.pk == first.pk and second.image.name == first.image.name
    assert stored_files(media_root) == files_after_first == {original, "thumbnails/products/vase-256.webp"}
    assert Thumbnail.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "requested", "expected"),
    [
        ("JPEG", "ORIGINAL", "JPEG"),
        ("PNG", "ORIGINAL", "PNG"),
        ("JPEG", "WEBP", "WEBP"),
        ("PNG", "AVIF", "AVIF"),
        ("WEBP", "AVIF", "AVIF"),
        ("AVIF", "ORIGINAL", "AVIF"),
    ],
)
def test_thumbnail_is_really_in_the_requested_format_and_fits_the_box(
    media_root, source, requested, expected
):
    original = _store(f"products/pot.{source.lower()}", image_bytes(source, (1000, 500)))

    thumbnail = thumbnail_get_or_create(original_name=original, size=128, format=requested)

    data = (media_root / thumbnail.image.name).read_bytes()
    assert sniff_format(data) == expected
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == expected
        assert image.size == (128, 64), "longest side is the size, aspect ratio kept, never cropped"


@pytest.mark.django_db
def test_transparent_png_keeps_its_alpha_in_webp(media_root):
    portrait = Image.new("RGBA", (300, 300), (200, 120, 40, 0))  # transparent background
    portrait.paste((200, 120, 40, 255), (100, 100, 200, 200))
    buffer = io.BytesIO()
    portrait.save(buffer, format="PNG")
    original = _store("makers/ibu-sari.png", buffer.getvalue())

    thumbnail = thumbnail_get_or_create(original_name=original, size=64, format="WEBP")

    with Image.open(media_root / thumbnail.image.name) as image:
        assert image.mode == "RGBA"
        assert image.getpixel((0, 0))[3] == 0 and image.getpixel((32, 32))[3] == 255


@pytest.mark.django_db
def test_small_original_is_never_upscaled(media_root):
    original = _store("products/tiny.png", image_bytes("PNG", (100, 50)))

    thumbnail = thumbnail_get_or_create(original_name=original, size=1024, format="ORIGINAL")

    with Image.open(media_root / thumbnail.image.name) as image:
        assert image.size == (100, 50)


@pytest.mark.django_db
def test_exif_orientation_is_applied(media_root):
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display": a phone held upright
    original = _store("products/upright.jpg", image_bytes("JPEG", (400, 200), exif=exif.tobytes()))

    thumbnail = thumbnail_get_or_create(original_name=original, size=128, format="WEBP")

    with Image.open(media_root / thumbnail.image.name) as image:
        assert image.size == (64, 128)


@pytest.mark.django_db
@pytest.mark.parametrize(("size", "fmt"), [(100, "WEBP"), (0, "WEBP"), (256, "JPEG"), (256, "gif")])
def test_off_ladder_size_or_unknown_format_is_invalid(media_root, size, fmt):
    original = _store("products/a.png", image_bytes("PNG", (50, 50)))

    with pytest.raises(CatalogError) as refused:
        thumbnail_get_or_create(original_name=original, size=size, format=fmt)

    assert refused.value.code == ProductErrorCode.INVALID
    assert stored_files(media_root) == {original}


@pytest.mark.django_db
def test_missing_original_is_not_found(media_root):
    with pytest.raises(CatalogError) as refused:
        thumbnail_get_or_create(original_name="products/gone.png", size=64, format="WEBP")
    assert refused.value.code == ProductErrorCode.NOT_FOUND


@pytest.mark.django_db
def test_losing_a_render_race_returns_the_winner_and_removes_the_loser_s_file(media_root):
    original = _store("products/race.png", image_bytes("PNG", (300, 300)))
    real_render = thumbnails_module._render

    def render_while_another_worker_wins(*args, **kwargs):
        Thumbnail.objects.create(
            original_name=original, size=64, format="WEBP", image="thumbnails/products/winner.webp"
        )
        return real_render(*args, **kwargs)

    with mock.patch.object(thumbnails_module, "_render", side_effect=render_while_another_worker_wins):
        thumbnail = thumbnail_get_or_create(original_name=original, size=64, format="WEBP")

    assert thumbnail.image.name == "thumbnails/products/winner.webp"
    assert Thumbnail.objects.count() == 1
    assert stored_files(media_root) == {original}, "the loser's rendered file is deleted"


@pytest.mark.django_db
def test_thumbnails_for_many_originals_is_one_query(media_root, django_assert_num_queries):
    names = [_store(f"products/p{i}.png", image_bytes("PNG", (80, 80))) for i in range(3)]
    made = [thumbnail_get_or_create(original_name=name, size=64, format="WEBP") for name in names]
    made.append(thumbnail_get_or_create(original_name=names[0], size=32, format="ORIGINAL"))

    with django_assert_num_queries(1):
        found = thumbnails_for(original_names=[*names, "products/without-thumbnails.png", ""])

    assert found == {(t.original_name, t.size, t.format): t for t in made}


@pytest.mark.django_db
def test_thumbnails_for_nothing_makes_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert thumbnails_for(original_names=["", ""]) == {}


@pytest.mark.django_db
def test_url_of_size_zero_is_the_original_whatever_the_format(media_root):
    url = thumbnail_url(original_name="products/a.png", size=0, format="AVIF", thumbnail=None)

    assert url == "https://shop.example.test/media/products/a.png"


@pytest.mark.django_db
def test_url_of_a_stored_thumbnail_is_its_storage_url(media_root):
    original = _store("products/b.png", image_bytes("PNG", (80, 80)))
    thumbnail = thumbnail_get_or_create(original_name=original, size=64, format="WEBP")

    url = thumbnail_url(original_name=original, size=60, format="WEBP", thumbnail=thumbnail)

    assert url == "https://shop.example.test/media/thumbnails/products/b-64.webp"


@pytest.mark.django_db
def test_url_of_a_missing_thumbnail_points_at_the_view_without_rendering(media_root):
    with mock.patch.object(thumbnails_module, "_render") as render:
        url = thumbnail_url(original_name="products/c.png", size=200, format="webp", thumbnail=None)

    render.assert_not_called()
    prefix = "https://shop.example.test/thumbnail/"
    assert url.startswith(prefix) and url.endswith("/256/WEBP/")
    token = url.removeprefix(prefix).split("/")[0]
    assert thumbnail_token_read(token=token) == "products/c.png"
    assert not Thumbnail.objects.exists()


@pytest.mark.django_db
def test_view_renders_on_first_fetch_then_only_redirects(client, media_root):
    original = _store("products/d.jpg", image_bytes("JPEG", (900, 600)))
    url = thumbnail_url(original_name=original, size=512, format="AVIF", thumbnail=None)
    path = url.removeprefix("https://shop.example.test")

    first = client.get(path)
    with mock.patch.object(thumbnails_module, "_render") as render:
        second = client.get(path)

    thumbnail = Thumbnail.objects.get()
    target = "https://shop.example.test/media/thumbnails/products/d-512.avif"
    assert (first.status_code, first["Location"]) == (302, target)
    assert (second.status_code, second["Location"]) == (302, target)
    render.assert_not_called()
    assert (thumbnail.original_name, thumbnail.size, thumbnail.format) == (original, 512, "AVIF")
    assert sniff_format((media_root / thumbnail.image.name).read_bytes()) == "AVIF"


def _view_path(token: str, size: int = 256, fmt: str = "WEBP") -> str:
    return f"/thumbnail/{token}/{size}/{fmt}/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_path", "status"),
    [
        (lambda token: _view_path("not-a-token"), 404),
        (lambda token: _view_path(token[:-2] + ("AA" if not token.endswith("AA") else "BB")), 404),
        (lambda token: _view_path(thumbnail_token_make(original_name="products/nope.png")), 404),
        (lambda token: _view_path(token, size=100), 400),
        (lambda token: _view_path(token, size=8192), 400),
        (lambda token: _view_path(token, fmt="GIF"), 400),
        (lambda token: _view_path(thumbnail_token_make(original_name="products/broken.png")), 404),
    ],
    ids=[
        "garbage-token",
        "tampered-token",
        "missing-original",
        "off-ladder",
        "too-big",
        "bad-format",
        "corrupt",
    ],
)
def test_view_answers_bad_requests_with_404_or_400_never_500(client, media_root, make_path, status):
    token = thumbnail_token_make(original_name=_store("products/e.png", image_bytes("PNG", (60, 60))))
    _store("products/broken.png", b"\x89PNG\r\n\x1a\n broken")

    response = client.get(make_path(token))

    assert response.status_code == status
    assert not Thumbnail.objects.exists()


@pytest.mark.django_db
def test_view_only_answers_get(client, media_root):
    token = thumbnail_token_make(original_name=_store("products/f.png", image_bytes("PNG", (60, 60))))

    assert client.post(_view_path(token)).status_code == 405


def test_ladder_is_saleor_compatible_powers_of_two():
    assert THUMBNAIL_SIZES == (32, 64, 128, 256, 512, 1024, 2048, 4096)


@pytest.mark.django_db
def test_prerender_task_for_a_deleted_original_logs_and_gives_up(media_root, caplog):
    with caplog.at_level(logging.WARNING, logger="storefront.catalog.tasks"):
        thumbnails_prerender.delay(original_name="products/deleted.png")

    assert "products/deleted.png" in caplog.text
    assert not Thumbnail.objects.exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_on_one_thumbnail_leave_one_row_and_one_file(media_root):
    """Real threads, real PostgreSQL: both render, the unique constraint picks one, the loser cleans up."""
    original = _store("products/contended.png", image_bytes("PNG", (600, 400)))
    both_rendering = threading.Barrier(2, timeout=20)
    real_render = thumbnails_module._render
    results: list[Thumbnail] = []
    errors: list[BaseException] = []

    def render_in_step(*args, **kwargs):
        both_rendering.wait()  # neither has inserted its row yet: a true race
        return real_render(*args, **kwargs)

    def worker() -> None:
        try:
            results.append(thumbnail_get_or_create(original_name=original, size=128, format="WEBP"))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    with mock.patch.object(thumbnails_module, "_render", side_effect=render_in_step):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert errors == []
    assert len(results) == 2 and results[0].pk == results[1].pk
    assert Thumbnail.objects.count() == 1
    thumbnail_files = {name for name in stored_files(media_root) if name.startswith("thumbnails/")}
    assert thumbnail_files == {results[0].image.name}
