"""Typed outcomes of verification: a list of named checks, each with a status and a reason.

A verifier that only says "invalid" is useless at a market stall: the buyer needs
to know whether the signature is forged, the certificate revoked, or a photo merely
unavailable. Each step therefore reports a :class:`Check`, and the overall verdict
is derived from them in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple


class CheckStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    # Could not be decided (a status list or image that cannot be fetched): not a forgery.
    UNAVAILABLE = "unavailable"
    # Not asked for (``proof_only``) or nothing to check (no media, no status entry).
    SKIPPED = "skipped"


class CheckCode(StrEnum):
    """Machine-readable outcome, finer than the status, for the API and the public page."""

    OK = "ok"
    MALFORMED = "malformed"
    UNSUPPORTED = "unsupported"
    FORGED = "forged"
    WRONG_PROOF_PURPOSE = "wrong_proof_purpose"
    CONTEXT_MISMATCH = "context_mismatch"
    UNRESOLVABLE = "unresolvable"
    NOT_CONTROLLED = "not_controlled"
    NOT_AUTHORIZED = "not_authorized"
    # The proof holds, but the issuer is neither the cooperative nor one its operator trusts.
    UNTRUSTED_ISSUER = "untrusted_issuer"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    STATUS_LIST_INVALID = "status_list_invalid"
    DIGEST_MISMATCH = "digest_mismatch"
    UNAVAILABLE = "unavailable"
    NOT_REQUESTED = "not_requested"


class Check(NamedTuple):
    """One step of a verification (a named tuple: reports build a dozen per certificate)."""

    name: str
    status: CheckStatus
    code: CheckCode
    reason: str
    # What the check was about when there may be several: a media URL, a status entry id.
    target: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is CheckStatus.PASSED


def passed(name: str, reason: str, *, target: str | None = None) -> Check:
    return Check(name, CheckStatus.PASSED, CheckCode.OK, reason, target)


def failed(name: str, code: CheckCode, reason: str, *, target: str | None = None) -> Check:
    return Check(name, CheckStatus.FAILED, code, reason, target)


def unavailable(
    name: str, reason: str, *, code: CheckCode = CheckCode.UNAVAILABLE, target: str | None = None
) -> Check:
    return Check(name, CheckStatus.UNAVAILABLE, code, reason, target)


def skipped(name: str, reason: str, *, target: str | None = None) -> Check:
    return Check(name, CheckStatus.SKIPPED, CheckCode.NOT_REQUESTED, reason, target)


def no_failures(checks: Iterable[Check]) -> bool:
    return all(check.status is not CheckStatus.FAILED for check in checks)
