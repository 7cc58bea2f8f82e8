"""The certificate page as a buyer's phone and a desktop browser show it, under a strict CSP.

Each case loads a valid certificate's page in Debian's chromium, checks the layout (nothing
wider than a 360 px phone, the serial on one line, labels above values on the phone), that
the Indonesian page keeps no English, and saves a screenshot. With ASAL_UPDATE_SCREENSHOTS=1
the screenshots replace the ones under docs/screenshots/ that the README links; otherwise they
go to a temporary folder, so a normal run never rewrites committed files.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from infra.demo.images import maker_portrait, product_image
from provenance.certificates import page_checks, page_text
from provenance.certificates.services import MakerRole, lot_receive
from provenance.origins.models import Material, Technique
from storefront.accounts.actor import Actor
from storefront.catalog.models import ProductMedia, ProductTranslation, ProductVariantTranslation
from tests.provenance.certificates.browser import running_chromium, serve_media_and_csp

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
PHONE, DESKTOP = 360, 1280


@pytest.fixture(scope="module")
def chromium():
    with running_chromium() as browser:
        yield browser


@pytest.fixture
def certified_basket(settings, live_server, local_media, signing_key, variant, warehouse, origin, maker):
    """A certified bamboo basket with its photo, a consenting maker's portrait, materials and techniques."""
    settings.PUBLIC_URL = live_server.url
    product = variant.product
    ProductTranslation.objects.create(product=product, language_code="id", name="Bakul nasi bambu")
    ProductVariantTranslation.objects.create(product_variant=variant, language_code="id", name="Sedang")
    ProductMedia.objects.create(
        product=product,
        image=ContentFile(
            product_image(kind="bamboo", title="Bamboo rice basket", seed=7), name="basket.jpg"
        ),
    )
    maker.portrait.save("inaq.jpg", ContentFile(maker_portrait(name=maker.display_name, seed=3)))
    bamboo = Material.objects.create(
        name="Bamboo (bambu tali)",
        name_id="Bambu tali",
        slug="bamboo-browser",
        origin_area="Bamboo groves of Sikur, East Lombok",
    )
    plaiting = Technique.objects.create(
        name="Bamboo plaiting", name_id="Anyaman bambu", slug="plaiting-browser"
    )
    lot = lot_receive(
        actor=Actor.system(),
        code="LOT-BROWSER",
        variant=variant,
        warehouse=warehouse,
        quantity=1,
        origin=origin,
        makers=[MakerRole(maker=maker, role="weaver")],
        materials=[bamboo],
        techniques=[plaiting],
        motif="Kembang",
        production_started_on=datetime.date(2026, 10, 1),
        production_finished_on=datetime.date(2026, 10, 20),
    )
    return lot.units.get()


def _measure(page) -> dict:
    """What the tests judge, read in the browser thread (Playwright objects stay there)."""
    first_fact = page.locator(".fact").first
    closed = page.locator("main").inner_text()
    measures = page.evaluate(
        """() => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector('#serial'));
            const visible = [...document.querySelectorAll('main *')].filter((e) => e.getClientRects().length);
            const photo = document.querySelector('#photo img');
            return {
                scroll_width: document.documentElement.scrollWidth,
                widest_right_edge: Math.max(...visible.map((e) => e.getBoundingClientRect().right)),
                serial_lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size,
                photo_loaded: Boolean(photo && photo.complete && photo.naturalWidth > 0),
                background: getComputedStyle(document.body).backgroundColor,
            };
        }"""
    )
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    return {
        **measures,
        "label": first_fact.locator("dt").bounding_box(),
        "value": first_fact.locator("dd").bounding_box(),
        "closed_text": closed,
        "opened_text": page.locator("main").inner_text(),
        "opened_scroll_width": page.evaluate("document.documentElement.scrollWidth"),
    }


def _visit(chromium, live_server, local_media, tmp_path, *, serial: str, language: str, width: int) -> dict:
    """Open the page in chromium at ``width`` under the strict CSP, screenshot it, and measure it."""
    folder = SCREENSHOTS if os.environ.get("ASAL_UPDATE_SCREENSHOTS") == "1" else tmp_path

    def visit(browser) -> dict:
        page = browser.new_page(viewport={"width": width, "height": 780})
        try:
            violations = serve_media_and_csp(page, origin=live_server.url, media_root=local_media)
            response = page.goto(f"{live_server.url}/p/{serial}?lang={language}", wait_until="load")
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / f"certificate-{language}-{width}.png"), full_page=True)
            return {
                "status": response.status if response else None,
                "violations": violations,
                **_measure(page),
            }
        finally:
            page.close()

    return chromium.run(visit)


def _english_left(text: str) -> set[str]:
    """English sentences and labels of the page's vocabulary found in ``text``."""
    english = {
        *page_text.TEXT["en"].values(),
        *page_text.EVENTS["en"].values(),
        *page_checks.SENTENCES["en"].values(),
        *page_checks.TECHNICAL["en"].values(),
        *page_checks.STATUS_WORDS["en"].values(),
        "Credential format",
        "Signing key",
        "Proof purpose",
        "Validity period",
        "weaver",
        "Bamboo groves of Sikur, East Lombok",
        "Lombok crafts from their makers",
        "October",
    }
    same_in_both = {*page_text.TEXT["id"].values(), *page_checks.SENTENCES["id"].values()}
    fragments = {
        fragment.strip()
        for phrase in english - same_in_both
        for fragment in re.split(
            r"\{\w+\}", phrase.replace("{Who}", "The cooperative").replace("{who}", "the cooperative")
        )
    }
    return {fragment for fragment in fragments if len(fragment) >= 5 and fragment in text}


@pytest.mark.parametrize("language", ["en", "id"])
def test_phone_page_fits_360_px_with_labels_above_values(
    chromium, live_server, local_media, certified_basket, language, tmp_path
):
    seen = _visit(
        chromium,
        live_server,
        local_media,
        tmp_path,
        serial=certified_basket.serial,
        language=language,
        width=PHONE,
    )

    assert seen["status"] == 200 and seen["violations"] == []
    assert seen["scroll_width"] <= PHONE
    assert seen["widest_right_edge"] <= PHONE
    assert seen["opened_scroll_width"] <= PHONE  # long DIDs and URLs in the technical detail wrap
    assert seen["serial_lines"] == 1
    assert seen["label"]["y"] + seen["label"]["height"] <= seen["value"]["y"] + 1
    assert seen["photo_loaded"]


@pytest.mark.parametrize("language", ["en", "id"])
def test_desktop_page_puts_labels_beside_values_under_a_strict_csp(
    chromium, live_server, local_media, certified_basket, language, tmp_path
):
    seen = _visit(
        chromium,
        live_server,
        local_media,
        tmp_path,
        serial=certified_basket.serial,
        language=language,
        width=DESKTOP,
    )

    assert seen["status"] == 200 and seen["violations"] == []
    assert seen["background"] == "rgb(247, 243, 236)"  # the stylesheet applied
    assert seen["value"]["x"] > seen["label"]["x"] + seen["label"]["width"]
    assert seen["photo_loaded"]


def test_indonesian_page_keeps_no_english_even_in_the_technical_detail(
    chromium, live_server, local_media, certified_basket, tmp_path
):
    seen = _visit(
        chromium,
        live_server,
        local_media,
        tmp_path,
        serial=certified_basket.serial,
        language="id",
        width=PHONE,
    )

    assert _english_left(seen["opened_text"]) == set()


def test_english_page_speaks_plainly_with_the_jargon_one_click_away(
    chromium, live_server, local_media, certified_basket, tmp_path
):
    seen = _visit(
        chromium,
        live_server,
        local_media,
        tmp_path,
        serial=certified_basket.serial,
        language="en",
        width=DESKTOP,
    )

    assert "The cooperative's signature is intact" in seen["closed_text"]
    assert "The key that signed it is the cooperative's own." in seen["closed_text"]
    assert "JCS" not in seen["closed_text"] and "assertionMethod" not in seen["closed_text"]
    assert "JCS" in seen["opened_text"] and "assertionMethod" in seen["opened_text"]
