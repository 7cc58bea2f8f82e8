"""Page and page type services: checks, publication, attributes, translations and the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.catalog.models import Attribute
from storefront.catalog.services.attribute_input import AttributeChoice
from storefront.content import selectors
from storefront.content.error_codes import ContentError
from storefront.content.models import Page, PageTranslation
from storefront.content.pages import (
    PageFields,
    page_bulk_publish,
    page_create,
    page_translate,
    page_type_delete,
    page_type_update,
    page_update,
)
from tests.storefront.content.factories import page, page_type

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system()


def _codes(error: ContentError) -> list[tuple[str | None, str]]:
    return [(e.field, e.code) for e in error.errors]


def test_a_page_gets_a_slug_from_its_title_and_an_audit_entry():
    created = page(title="Loyok: bamboo and rattan")

    assert created.slug == "loyok-bamboo-and-rattan"
    entry = AuditLogEntry.objects.get(action="page.created")
    assert entry.object_id == str(created.pk)
    assert entry.payload["after"]["title"] == "Loyok: bamboo and rattan"


def test_every_problem_of_an_input_is_reported_at_once_and_nothing_is_written():
    page(title="Taken", slug="taken")
    with pytest.raises(ContentError) as raised:
        page_create(
            actor=SYSTEM,
            page_type=page_type(),
            fields=PageFields(title=" ", slug="taken", content={"blocks": 3}, seo_title="x" * 71),
        )

    assert _codes(raised.value) == [
        ("title", "REQUIRED"),
        ("slug", "UNIQUE"),
        ("content", "INVALID"),
        ("seoTitle", "INVALID"),
    ]
    assert Page.objects.count() == 1


def test_publishing_without_a_date_publishes_now_and_an_update_of_nothing_is_not_audited():
    draft = page(published=False)
    assert draft.published_at is None

    page_bulk_publish(actor=SYSTEM, pages=[draft], is_published=True)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None
    audited = AuditLogEntry.objects.filter(action="page.updated").count()

    page_update(actor=SYSTEM, page=draft, fields=PageFields(title=draft.title))
    assert AuditLogEntry.objects.filter(action="page.updated").count() == audited


def test_buyers_see_published_pages_whose_date_has_come_staff_see_all():
    now = timezone.now()
    shown = page(title="Shown")
    page(title="Draft", published=False)
    page(title="Tomorrow", published_at=now + timedelta(days=1))

    assert list(selectors.page_list(include_unpublished=False)) == [shown]
    assert selectors.page_list(include_unpublished=True).count() == 3


def test_a_translated_slug_finds_the_page_in_its_language_only():
    story = page(title="Beleka ketak")
    page_translate(
        actor=SYSTEM,
        page=story,
        language_code="id",
        fields=PageFields(title="Ketak Beleka", slug="ketak-beleka"),
    )
    qs = selectors.page_list(include_unpublished=False)

    assert selectors.page_get_by_slug(qs, slug="ketak-beleka", language_code="id") == story
    assert selectors.page_get_by_slug(qs, slug="ketak-beleka", language_code=None) is None
    assert AuditLogEntry.objects.filter(action="page.translated", object_id=str(story.pk)).count() == 1


def test_a_translated_slug_is_unique_per_language():
    first, second = page(), page()
    page_translate(actor=SYSTEM, page=first, language_code="id", fields=PageFields(slug="cerita"))

    with pytest.raises(ContentError) as raised:
        page_translate(actor=SYSTEM, page=second, language_code="id", fields=PageFields(slug="cerita"))

    assert _codes(raised.value) == [("slug", "UNIQUE")]
    assert PageTranslation.objects.filter(page=second).count() == 0


def test_translated_content_is_sanitised_too():
    story = page()
    page_translate(
        actor=SYSTEM,
        page=story,
        language_code="id",
        fields=PageFields(
            content={"blocks": [{"type": "paragraph", "data": {"text": "<script>x</script>Halo"}}]}
        ),
    )

    assert PageTranslation.objects.get(page=story).content == {
        "blocks": [{"type": "paragraph", "data": {"text": "Halo"}}]
    }


def test_page_attributes_come_from_the_page_type_and_plain_text_is_the_pages_own():
    village = Attribute.objects.create(
        name="Village", slug="village", input_type=Attribute.InputType.PLAIN_TEXT
    )
    other = Attribute.objects.create(
        name="Colour", slug="colour-x", input_type=Attribute.InputType.PLAIN_TEXT
    )
    kind = page_type("Village page")
    page_type_update(actor=SYSTEM, page_type=kind, add_attributes=[village])

    story = page(kind=kind, attributes=[AttributeChoice(attribute=village, plain_text="Loyok")])
    assert [row.value.plain_text for row in story.attribute_values.all()] == ["Loyok"]

    with pytest.raises(ContentError) as raised:
        page_update(
            actor=SYSTEM,
            page=story,
            fields=PageFields(attributes=[AttributeChoice(attribute=other, plain_text="x")]),
        )
    assert raised.value.code == "INVALID" and raised.value.field == "attributes"

    page_type_update(actor=SYSTEM, page_type=kind, remove_attributes=[village])
    assert story.attribute_values.count() == 0


def test_deleting_a_page_type_deletes_its_pages_with_an_audit_entry():
    kind = page_type()
    page(kind=kind)

    page_type_delete(actor=SYSTEM, page_type=kind)

    assert Page.objects.count() == 0
    assert AuditLogEntry.objects.filter(action="page_type.deleted").count() == 1
