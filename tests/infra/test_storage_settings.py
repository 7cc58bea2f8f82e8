"""STORAGES comes from the environment: S3Storage when a bucket is set, the file system otherwise.

Each case starts a fresh interpreter (``python -c``) because settings are read once at start-up,
and instantiates the configured storages there, so the check is on the objects Django would use.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
import django
django.setup()
from django.core.files.storage import storages
out = {}
for alias in ("default", "private"):
    s = storages[alias]
    out[alias] = {
        "class": f"{type(s).__module__}.{type(s).__qualname__}",
        "bucket": getattr(s, "bucket_name", None),
        "endpoint": getattr(s, "endpoint_url", None),
        "custom_domain": getattr(s, "custom_domain", None),
        "access_key": getattr(s, "access_key", None),
        "secret_key": getattr(s, "secret_key", None),
        "querystring_auth": getattr(s, "querystring_auth", None),
        "location": getattr(s, "location", None),
        "file_overwrite": getattr(s, "file_overwrite", None),
    }
print(json.dumps(out))
"""


def _storages_in_subprocess(tmp_path: Path, **environ: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "ASAL_TEST_S3_")) and key != "MEDIA_ROOT"
    }
    env.update(DJANGO_SETTINGS_MODULE="infra.settings", ASAL_VAR_DIR=str(tmp_path), **environ)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_bucket_in_environment_selects_s3_storage_with_endpoint_domain_and_credentials(tmp_path):
    found = _storages_in_subprocess(
        tmp_path,
        AWS_STORAGE_BUCKET_NAME="asal-media",
        AWS_PRIVATE_STORAGE_BUCKET_NAME="asal-evidence",
        AWS_S3_ENDPOINT_URL="http://s3.example.test:7480",
        AWS_S3_CUSTOM_DOMAIN="cdn.example.test",
        AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY="s3cr3t",
    )
    public, private = found["default"], found["private"]
    assert public["class"] == private["class"] == "storages.backends.s3.S3Storage"
    assert (public["bucket"], private["bucket"]) == ("asal-media", "asal-evidence")
    for storage in (public, private):
        assert storage["endpoint"] == "http://s3.example.test:7480"
        assert (storage["access_key"], storage["secret_key"]) == ("AKIDEXAMPLE", "s3cr3t")
        assert storage["file_overwrite"] is False
    # Public media is served from the CDN without signatures; private media only by signed URL.
    assert public["custom_domain"] == "cdn.example.test" and public["querystring_auth"] is False
    assert private["custom_domain"] is None and private["querystring_auth"] is True


def test_private_media_shares_the_public_bucket_under_a_prefix_when_no_private_bucket_is_set(tmp_path):
    found = _storages_in_subprocess(tmp_path, AWS_STORAGE_BUCKET_NAME="asal-media")
    assert found["private"]["bucket"] == "asal-media"
    assert found["private"]["location"] == "private"
    assert found["default"]["location"] == ""


def test_without_a_bucket_media_goes_to_the_file_system(tmp_path):
    found = _storages_in_subprocess(tmp_path)
    assert found["default"]["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert found["private"]["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
