"""S3 fixtures: a real S3 server (Ceph RADOS Gateway) started by ``infra/dev/radosgw.sh``.

``make test`` runs that script and exports its ``ASAL_TEST_S3_*`` variables. Without them the S3
tests FAIL rather than skip: a suite that quietly leaves out storage checks would pass in CI with
storage broken. Each test session (each xdist worker) gets its own pair of buckets, removed at the
end; the storages are built by running ``infra/settings.py`` itself with the S3 variables set, so
what is tested is what production configures.

``tests/conftest.py`` star-imports this module, so its fixtures are available to every test.
"""

from __future__ import annotations

import json
import os
import runpy
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import boto3
import pytest
from botocore.config import Config
from django.core.files.storage import Storage
from django.utils.module_loading import import_string

__all__ = [
    "S3Buckets",
    "S3Server",
    "s3_buckets",
    "s3_object_keys",
    "s3_server",
    "s3_settings",
    "s3_storage_build",
    "s3_storages",
    "s3_storages_config",
    "s3_storages_settings",
]

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "infra" / "settings.py"
ENV_NAMES = ("ASAL_TEST_S3_ENDPOINT", "ASAL_TEST_S3_ACCESS_KEY", "ASAL_TEST_S3_SECRET_KEY")
REGION = "us-east-1"


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    access_key: str
    secret_key: str

    def client(self, *, secret_key: str | None = None) -> Any:
        """A boto3 client (fixtures only: application code reaches S3 through django-storages)."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=secret_key or self.secret_key,
            region_name=REGION,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
        )


@dataclass(frozen=True)
class S3Buckets:
    server: S3Server
    public: str
    private: str

    def environ(self, **extra: str) -> dict[str, str]:
        """The deployment's environment variables for these buckets (see the README)."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.public,
            "AWS_PRIVATE_STORAGE_BUCKET_NAME": self.private,
            "AWS_S3_ENDPOINT_URL": self.server.endpoint,
            "AWS_ACCESS_KEY_ID": self.server.access_key,
            "AWS_SECRET_ACCESS_KEY": self.server.secret_key,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_S3_ADDRESSING_STYLE": "path",
            **extra,
        }


def s3_storages_config(environ: dict[str, str]) -> dict[str, Any]:
    """Run ``infra/settings.py`` with ``environ`` added and return the STORAGES it builds."""
    with mock.patch.dict(os.environ, environ):
        namespace = runpy.run_path(str(SETTINGS_FILE))
    return namespace["STORAGES"]


def s3_storage_build(config: dict[str, Any], alias: str, **options: Any) -> Storage:
    """Instantiate one alias of a STORAGES dict, optionally overriding some of its OPTIONS."""
    entry = config[alias]
    return import_string(entry["BACKEND"])(**{**entry.get("OPTIONS", {}), **options})


@pytest.fixture(scope="session")
def s3_server() -> S3Server:
    missing = [name for name in ENV_NAMES if not os.environ.get(name)]
    if missing:
        pytest.fail(
            f"S3 test server not configured ({', '.join(missing)} unset): run `make test`, or run "
            "`infra/dev/radosgw.sh` and export the lines it prints.",
            pytrace=False,
        )
    return S3Server(*(os.environ[name] for name in ENV_NAMES))


@pytest.fixture(scope="session")
def s3_buckets(s3_server: S3Server) -> Iterator[S3Buckets]:
    """A public-read bucket (product media) and a private one (evidence), unique to this session."""
    client = s3_server.client()
    suffix = uuid.uuid4().hex[:12]
    buckets = S3Buckets(server=s3_server, public=f"asal-test-{suffix}", private=f"asal-test-{suffix}-private")
    client.create_bucket(Bucket=buckets.public)
    client.create_bucket(Bucket=buckets.private)
    # Public media is readable by anyone through a bucket policy, as on a real deployment behind a
    # CDN; the private bucket has no policy, so only signed requests read it.
    client.put_bucket_policy(
        Bucket=buckets.public,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": ["s3:GetObject"],
                        "Resource": [f"arn:aws:s3:::{buckets.public}/*"],
                    }
                ],
            }
        ),
    )
    yield buckets
    for bucket in (buckets.public, buckets.private):
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                client.delete_object(Bucket=bucket, Key=item["Key"])
        client.delete_bucket(Bucket=bucket)


@pytest.fixture(scope="session")
def s3_storages_settings(s3_buckets: S3Buckets) -> dict[str, Any]:
    """The STORAGES setting ``infra/settings.py`` builds for the test buckets."""
    return s3_storages_config(s3_buckets.environ())


@pytest.fixture
def s3_storages(s3_storages_settings: dict[str, Any]) -> dict[str, Storage]:
    """Fresh ``default`` (public) and ``private`` S3Storage instances on the test buckets."""
    return {alias: s3_storage_build(s3_storages_settings, alias) for alias in ("default", "private")}


@pytest.fixture
def s3_settings(settings: Any, s3_storages_settings: dict[str, Any]) -> Any:
    """Switch Django's STORAGES to the test buckets for one test (``storages`` is reset by Django)."""
    settings.STORAGES = s3_storages_settings
    return settings


def s3_object_keys(server: S3Server, bucket: str) -> set[str]:
    """Every key in ``bucket``, read with boto3 so the check does not trust the code under test."""
    client = server.client()
    return {
        item["Key"]
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for item in page.get("Contents", [])
    }
