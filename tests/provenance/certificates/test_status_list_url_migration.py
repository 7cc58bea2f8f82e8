"""Existing status lists get, as their stored URL, the one their certificates were signed with."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from provenance.certificates.models import OriginCertificate, StatusList

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("certificates", "0002_lot_photos")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_lists_keep_the_url_their_certificates_name_though_public_url_moved(settings, received):
    named = {
        (entry["statusPurpose"], entry["statusListCredential"])
        for certificate in OriginCertificate.objects.all()
        for entry in certificate.credential["credentialStatus"]
    }
    # Every app's latest migration, not only the certificates': going back to BEFORE also unapplies
    # the apps that depend on certificates (orders), and the rest of the run needs their tables.
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate(BEFORE)
    settings.PUBLIC_URL = "https://moved.example"

    _migrate(latest)

    stored = set(StatusList.objects.values_list("purpose", "url"))
    assert stored == named
    assert all(url.startswith("http://127.0.0.1:8000/status/") for _, url in stored)
