"""Production refuses to start without its secrets and shared cache, runs HTTPS-only, and passes
Django's deployment checks; the demo generates its own secrets under var/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


PRODUCTION = {
    "ASAL_ENV": "production",
    "DJANGO_SECRET_KEY": "x" * 50,
    "DATABASE_URL": "postgres://u@127.0.0.1/asal",
    "ASAL_KEY_ENCRYPTION_SECRET": "k" * 40,
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
# Any value: the settings only check that the key encryption secret comes with it.
SIGNING_KEY = "z3u2en7t5LR2WtQH5PfsRmZdeJMdSdCaHGE1uKJ2WnY9eXR9"


def _run(code: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run Python in a fresh process with only ``env`` for the settings (none of this test run's)."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("ASAL_", "DJANGO_", "DATABASE_", "REDIS_"))
    }
    return subprocess.run(
        [sys.executable, code, *args] if code.endswith(".py") else [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _run("import infra.settings as s; print(s.DEBUG, bool(s.SECRET_KEY))", env)


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
    result = _load_settings({**PRODUCTION, "ASAL_VAR_DIR": str(tmp_path)})
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


def test_a_signing_key_without_the_key_encryption_secret_refuses_to_start(tmp_path):
    """It used to start, encrypting claim secrets and rotated keys with a key derived from ""."""
    env = {**PRODUCTION, "ASAL_VAR_DIR": str(tmp_path), "ASAL_SIGNING_KEY": SIGNING_KEY}
    del env["ASAL_KEY_ENCRYPTION_SECRET"]

    result = _load_settings(env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "ASAL_KEY_ENCRYPTION_SECRET" in result.stderr


def test_production_without_redis_refuses_to_start(tmp_path):
    """Rate limits kept in each worker's memory would multiply every limit by the number of workers."""
    env = {**PRODUCTION, "ASAL_VAR_DIR": str(tmp_path)}
    del env["REDIS_URL"]

    result = _load_settings(env)

    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_production_is_https_only_with_secure_cookies(tmp_path):
    result = _run(
        "import infra.settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_PROXY_SSL_HEADER)",
        {**PRODUCTION, "ASAL_VAR_DIR": str(tmp_path)},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"] * 5 + ["('HTTP_X_FORWARDED_PROTO',", "'https')"]


@pytest.mark.parametrize("entry", ["*", "proxy.example.coop", "10.0.0.0/33"])
def test_trusted_proxies_must_be_addresses_or_networks(tmp_path, entry):
    """Trusting every peer ("*") or a name would let any client choose its own address."""
    result = _load_settings({"ASAL_VAR_DIR": str(tmp_path), "ASAL_TRUSTED_PROXIES": f"10.0.0.1,{entry}"})

    assert result.returncode != 0
    assert "ASAL_TRUSTED_PROXIES" in result.stderr


def test_trusted_proxies_are_read_as_networks(tmp_path):
    result = _run(
        "import infra.settings as s; print(s.TRUSTED_PROXIES)",
        {"ASAL_VAR_DIR": str(tmp_path), "ASAL_TRUSTED_PROXIES": " 10.0.0.7, 192.0.2.0/24 ,2001:db8::1"},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['10.0.0.7/32', '192.0.2.0/24', '2001:db8::1/128']"


def test_django_deployment_checks_pass_with_production_settings(tmp_path):
    """`manage.py check --deploy` finds nothing; the one check silenced is explained in settings."""
    env = {**PRODUCTION, "ASAL_VAR_DIR": str(tmp_path), "ALLOWED_HOSTS": "shop.example.coop"}
    env["DJANGO_SECRET_KEY"] = "a-production-secret-of-fifty-and-more-varied-characters-0123456789"

    result = _run("manage.py", env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


_DATABASE = (
    "import json, infra.settings as s; d = s.DATABASES['default'];"
    " print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d.get('OPTIONS', {}).get('pool')]))"
)


def test_production_borrows_database_connections_from_a_pool(tmp_path):
    """Issue 11: no connection set up per request; a pooled connection is checked before use."""

    result = _run(_DATABASE, {**PRODUCTION, "ASAL_VAR_DIR": str(tmp_path)})

    assert result.returncode == 0, result.stderr
    conn_max_age, health_checks, pool = json.loads(result.stdout)
    assert conn_max_age == 0  # the pool excludes Django's persistent connections
    assert health_checks is True
    assert pool["min_size"] >= 1
    assert pool["max_size"] >= pool["min_size"]
    assert pool["timeout"] > 0


def test_pool_sizes_come_from_the_environment(tmp_path):

    result = _run(
        _DATABASE,
        {**PRODUCTION, "ASAL_VAR_DIR": str(tmp_path), "DB_POOL_MIN_SIZE": "1", "DB_POOL_MAX_SIZE": "8"},
    )

    assert result.returncode == 0, result.stderr
    pool = json.loads(result.stdout)[2]
    assert (pool["min_size"], pool["max_size"]) == (1, 8)


def test_pool_and_persistent_connections_exclude_each_other(tmp_path):
    result = _run(_DATABASE, {**PRODUCTION, "ASAL_VAR_DIR": str(tmp_path), "DB_CONN_MAX_AGE": "60"})

    assert result.returncode != 0
    assert "DB_CONN_MAX_AGE" in result.stderr


def test_persistent_connections_instead_of_the_pool_are_health_checked(tmp_path):

    result = _run(
        _DATABASE, {**PRODUCTION, "ASAL_VAR_DIR": str(tmp_path), "DB_POOL": "0", "DB_CONN_MAX_AGE": "60"}
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [60, True, None]


def test_the_pool_needs_postgresql(tmp_path):
    result = _load_settings(
        {"ASAL_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "DB_POOL": "1"}
    )

    assert result.returncode != 0
    assert "DB_POOL" in result.stderr
