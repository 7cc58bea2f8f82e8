"""``make audit`` fails on a known vulnerability, and never passes an audit that did not run."""

from __future__ import annotations

from infra.dev.dependency_audit import AuditResult, audit_result_from_report, verdict

NOT_FOUND = "Dependency not found on PyPI and could not be audited: {} ({})"


def _report(*dependencies: dict) -> dict:
    return {"dependencies": list(dependencies), "fixes": []}


def _clean(name: str, version: str = "1.0") -> dict:
    return {"name": name, "version": version, "vulns": []}


def test_a_known_vulnerability_in_a_dependency_fails_the_audit():
    vulnerable = {
        "name": "django",
        "version": "4.2.0",
        "vulns": [{"id": "PYSEC-2023-100", "fix_versions": ["4.2.2"], "aliases": [], "description": ""}],
    }
    result = audit_result_from_report("pypi", _report(_clean("celery"), vulnerable))

    code, lines = verdict([result], required=False)

    assert code == 1
    assert any("django 4.2.0: PYSEC-2023-100 (fixed in 4.2.2)" in line for line in lines)


def test_every_package_audited_and_none_vulnerable_passes():
    code, lines = verdict([audit_result_from_report("pypi", _report(_clean("celery")))], required=False)

    assert code == 0
    assert "1 packages audited" in lines[0]


def test_a_service_that_knew_no_package_is_an_audit_that_did_not_run():
    """pip-audit itself says "No known vulnerabilities found" and exits 0 when it skipped them all."""
    skipped = _report(
        {"name": "django", "skip_reason": NOT_FOUND.format("django", "5.2.19")},
        {"name": "celery", "skip_reason": NOT_FOUND.format("celery", "5.6.0")},
    )
    results = [
        audit_result_from_report("pypi", skipped),
        _failed("osv", "Failed to resolve 'api.osv.dev'"),
    ]

    code, lines = verdict(results, required=False)

    assert code == 0, "the rest of make test still runs where no service can be reached"
    text = "\n".join(lines)
    assert "DEPENDENCY AUDIT COULD NOT RUN" in text
    assert "pypi: Dependency not found on PyPI and could not be audited: django (5.2.19)" in text
    assert "osv: Failed to resolve 'api.osv.dev'" in text


def test_where_the_audit_is_required_an_unreachable_service_fails():
    code, _lines = verdict(
        [_failed("pypi", "ConnectionError"), _failed("osv", "ConnectionError")], required=True
    )

    assert code == 1


def test_a_package_missing_from_the_index_alone_does_not_void_the_audit():
    report = _report(
        _clean("celery"), {"name": "local-tool", "skip_reason": NOT_FOUND.format("local-tool", "0.1")}
    )

    code, lines = verdict([audit_result_from_report("pypi", report)], required=True)

    assert code == 0
    assert any("not audited: local-tool" in line for line in lines)


def _failed(service: str, why: str) -> AuditResult:
    """What pip-audit leaves when it gives no report at all (it raised: the service is unreachable)."""
    return AuditResult(service=service, failure=why)
