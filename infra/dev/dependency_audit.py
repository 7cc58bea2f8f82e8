"""``make audit``: pip-audit over the installed dependencies; fails on a known vulnerability.

pip-audit asks a vulnerability service about every installed distribution at its installed version:
PyPI's JSON API first, OSV's when PyPI's cannot answer. Where neither is reachable (a closed network
that reaches only the package index), pip-audit itself reports "no known vulnerabilities" with every
package skipped and exits 0, which would pass for a clean audit. This script tells the cases apart:

- a known vulnerability: the list of them, exit 1;
- every package audited: exit 0;
- the services could not be asked: a loud banner naming why, exit 0 so the rest of ``make test``
  still runs, or exit 1 when ``ASAL_AUDIT_REQUIRED=1`` (set it wherever a service is reachable, so
  losing the service fails the build instead of quietly skipping the audit).

Run as ``python -m infra.dev.dependency_audit``; the project itself (an editable install) is skipped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

SERVICES = ("pypi", "osv")
# Parts of pip-audit's skip reasons that mean "the service did not know", not "this is no PyPI
# package": with every package skipped for one of these, nothing was audited.
_UNAUDITED = ("could not be audited",)


@dataclass
class AuditResult:
    service: str
    vulnerable: list[dict[str, Any]] = field(default_factory=list)
    audited: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    failure: str = ""  # why pip-audit produced no answer at all

    @property
    def ran(self) -> bool:
        """True when the service answered for at least one package."""
        return not self.failure and self.audited > 0


def audit_result_from_report(service: str, report: dict[str, Any]) -> AuditResult:
    """Sort pip-audit's JSON report (``--format json``) into vulnerable, audited and skipped."""
    result = AuditResult(service=service)
    for dependency in report.get("dependencies", []):
        if "skip_reason" in dependency:
            result.skipped.append(dependency)
            continue
        result.audited += 1
        if dependency.get("vulns"):
            result.vulnerable.append(dependency)
    return result


def audit_run(service: str) -> AuditResult:
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--format",
        "json",
        "--progress-spinner",
        "off",
        "--skip-editable",
        "--vulnerability-service",
        service,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        lines = [line for line in completed.stderr.strip().splitlines() if line.strip()]
        return AuditResult(service=service, failure=lines[-1] if lines else f"exit {completed.returncode}")
    return audit_result_from_report(service, report)


def _unaudited_reason(result: AuditResult) -> str:
    if result.failure:
        return result.failure
    reasons = [d["skip_reason"] for d in result.skipped if any(p in d["skip_reason"] for p in _UNAUDITED)]
    if not reasons:
        return "no package was audited"
    return reasons[0] + (f" (and {len(reasons) - 1} more like it)" if len(reasons) > 1 else "")


def verdict(results: list[AuditResult], *, required: bool) -> tuple[int, list[str]]:
    """The exit code and the lines to print for the results of the services tried, in order."""
    answered = next((result for result in results if result.ran), None)
    if answered is None:
        banner = "!" * 100
        lines = [banner, "DEPENDENCY AUDIT COULD NOT RUN: no vulnerability service answered."]
        lines += [f"  {result.service}: {_unaudited_reason(result)}" for result in results]
        if required:
            lines.append("ASAL_AUDIT_REQUIRED=1: failing.")
        else:
            lines.append("The build goes on without it. Where a service answers, set ASAL_AUDIT_REQUIRED=1.")
        lines.append(banner)
        return (1 if required else 0), lines
    lines = [f"pip-audit ({answered.service}): {answered.audited} packages audited."]
    for dependency in answered.skipped:
        lines.append(f"  not audited: {dependency['name']}: {dependency['skip_reason']}")
    if not answered.vulnerable:
        lines.append("No known vulnerabilities.")
        return 0, lines
    lines.append("KNOWN VULNERABILITIES in installed dependencies:")
    for dependency in answered.vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
            lines.append(f"  {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})")
    return 1, lines


def main() -> int:
    required = os.environ.get("ASAL_AUDIT_REQUIRED") == "1"
    results: list[AuditResult] = []
    for service in SERVICES:
        result = audit_run(service)
        results.append(result)
        if result.ran:
            break
    code, lines = verdict(results, required=required)
    print("\n".join(lines), file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
