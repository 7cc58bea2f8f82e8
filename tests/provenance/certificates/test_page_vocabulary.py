"""Roles and areas come from data: known ones read in the page's language, others as recorded."""

from __future__ import annotations

from provenance.certificates.page_vocabulary import area_text, role_text


def test_a_known_role_reads_in_indonesian():
    assert role_text("weaver", "id") == "penenun"


def test_a_role_recorded_in_indonesian_reads_in_english():
    assert role_text("Penenun", "en") == "weaver"


def test_an_unknown_role_is_shown_as_recorded_in_both_languages():
    assert role_text("tukang sasak", "id") == "tukang sasak"
    assert role_text("tukang sasak", "en") == "tukang sasak"


def test_a_known_area_reads_in_indonesian_whatever_its_spacing_and_case():
    assert area_text("bamboo groves of  Sikur, East Lombok", "id") == "Rumpun bambu di Sikur, Lombok Timur"


def test_a_known_area_keeps_its_capitals_in_english():
    assert area_text("northern slopes of mount rinjani", "en") == "Northern slopes of Mount Rinjani"


def test_an_unknown_area_is_shown_as_recorded_never_half_translated():
    assert area_text("Hill gardens of Sembalun, East Lombok", "id") == "Hill gardens of Sembalun, East Lombok"
