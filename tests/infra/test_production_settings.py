"""Production refuses to start without its secrets; the demo generates its own under var/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ASAL_", "DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-c", "import infra.settings as s; print(s.DEBUG, bool(s.SECRET_KEY))"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = _load_settings({"ASAL_ENV": "production", "ASAL_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_without_key_encryption_secret_refuses_to_start(tmp_path):
    result = _load_settings(
        {
            "ASAL_ENV": "production",
            "ASAL_VAR_DIR": str(tmp_path),
            "DJANGO_SECRET_KEY": "x" * 50,
            "DATABASE_URL": "postgres://u@127.0.0.1/asal",
            "ALLOWED_HOSTS": "shop.example",
        }
    )
    assert result.returncode != 0
    assert "ASAL_KEY_ENCRYPTION_SECRET" in result.stderr


def test_production_with_its_secrets_starts_without_debug(tmp_path):
    result = _load_settings(
        {
            "ASAL_ENV": "production",
            "ASAL_VAR_DIR": str(tmp_path),
            "DJANGO_SECRET_KEY": "x" * 50,
            "DATABASE_URL": "postgres://u@127.0.0.1/asal",
            "ASAL_KEY_ENCRYPTION_SECRET": "k" * 40,
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True"
    assert not (tmp_path / "secret_key").exists()


def test_demo_generates_its_secrets_once_under_var(tmp_path):
    first = _load_settings({"ASAL_VAR_DIR": str(tmp_path)})
    assert first.returncode == 0, first.stderr
    secret = (tmp_path / "secret_key").read_text()
    assert _load_settings({"ASAL_VAR_DIR": str(tmp_path)}).returncode == 0
    assert (tmp_path / "secret_key").read_text() == secret
    assert (tmp_path / "key_encryption_secret").exists()
