"""The status checks of a credential: one per ``credentialStatus`` entry.

For a ``BitstringStatusListEntry`` with purpose revocation or suspension: fetch the
list credential (injected fetcher), check that it is a signed
``BitstringStatusListCredential`` of the same issuer with the same purpose and
within its validity period, inflate it and read the bit. A list that cannot be
fetched leaves the status "unavailable"; a list that fails its own proof is
"failed": someone is serving a status list the issuer did not sign.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from provenance.vc import jcs
from provenance.vc.credential import issuer_id, types_of
from provenance.vc.errors import VcError
from provenance.vc.results import Check, CheckCode, failed, passed, skipped, unavailable
from provenance.vc.status_list import (
    CREDENTIAL_TYPE,
    ENTRY_TYPE,
    LIST_TYPE,
    BitstringStatusList,
    StatusPurpose,
)
from provenance.vc.timestamps import parse_xsd_datetime
from provenance.vc.verification_cache import VerificationCache

StatusListFetcher = Callable[[str], Mapping[str, Any] | str | bytes | None]
# Verifies a status list credential's proof and key control; returns why not, or None.
ListVerifier = Callable[[Mapping[str, Any], bool], str | None]

# purpose -> (code when the bit is set, word for the reason); plain str keys: no enum lookups per check.
_PURPOSES = {
    str(StatusPurpose.REVOCATION): (CheckCode.REVOKED, "revoked"),
    str(StatusPurpose.SUSPENSION): (CheckCode.SUSPENDED, "suspended"),
}


@dataclass(frozen=True, slots=True)
class StatusListState:
    """A fetched status list credential after its (cacheable) checks."""

    problem: str | None
    issuer: str | None = None
    purposes: tuple[str, ...] = ()
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    bits: BitstringStatusList | None = None


def _load_state(
    url: str, fetched: Mapping[str, Any] | str | bytes, verify_list: ListVerifier
) -> StatusListState:
    try:
        if isinstance(fetched, str | bytes):
            document, trusted = jcs.parse(fetched)
        else:
            document, trusted = fetched, False
        if not isinstance(document, Mapping) or CREDENTIAL_TYPE not in types_of(document):
            return StatusListState(f"{url} is not a {CREDENTIAL_TYPE}")
        if document.get("id", url) != url:
            return StatusListState(f"{url} serves the list {document.get('id')!r}")
        problem = verify_list(document, trusted)
        if problem is not None:
            return StatusListState(f"its proof does not hold: {problem}")
        subject = document.get("credentialSubject")
        if not isinstance(subject, Mapping) or LIST_TYPE not in types_of(subject):
            return StatusListState(f"its credentialSubject is not a {LIST_TYPE}")
        purposes = subject.get("statusPurpose")
        purposes = purposes if isinstance(purposes, list) else [purposes]
        valid_from, valid_until = document.get("validFrom"), document.get("validUntil")
        return StatusListState(
            problem=None,
            issuer=issuer_id(document),
            purposes=tuple(p for p in purposes if isinstance(p, str)),
            valid_from=parse_xsd_datetime(valid_from) if valid_from is not None else None,
            valid_until=parse_xsd_datetime(valid_until) if valid_until is not None else None,
            bits=BitstringStatusList.decode(subject.get("encodedList")),  # type: ignore[arg-type]
        )
    except VcError as exc:
        return StatusListState(exc.message)


def _state(
    url: str,
    fetched: Mapping[str, Any] | str | bytes,
    verify_list: ListVerifier,
    cache: VerificationCache | None,
) -> StatusListState:
    if cache is None:
        return _load_state(url, fetched, verify_list)
    try:
        key: Hashable = (url, fetched if isinstance(fetched, str | bytes) else jcs.canonicalize(fetched))
    except VcError as exc:
        return StatusListState(exc.message)
    state = cache.status_list(key)
    if state is None:
        state = _load_state(url, fetched, verify_list)
        cache.remember_status_list(key, state)
    return state


def _entry_check(
    entry: Any,
    *,
    issuer: str | None,
    fetcher: StatusListFetcher | None,
    now: datetime,
    verify_list: ListVerifier,
    cache: VerificationCache | None,
) -> Check:
    if type(entry) is not dict and not isinstance(entry, Mapping):
        return failed("status", CheckCode.MALFORMED, "a credentialStatus entry is an object")
    url = entry.get("statusListCredential")
    target = entry.get("id") if isinstance(entry.get("id"), str) else url
    if entry.get("type") != ENTRY_TYPE:
        return unavailable("status", f"unsupported status type {entry.get('type')!r}", target=target)
    purpose = entry.get("statusPurpose")
    if not isinstance(purpose, str) or purpose not in _PURPOSES:
        return skipped("status", f"status purpose {purpose!r} does not affect validity", target=target)
    index_text = entry.get("statusListIndex")
    if not isinstance(index_text, str) or not index_text.isascii() or not index_text.isdigit():
        return failed(
            "status", CheckCode.MALFORMED, "statusListIndex must be a base-10 string", target=target
        )
    if entry.get("statusSize", 1) not in (1, "1"):
        return unavailable("status", "status entries wider than one bit are not supported", target=target)
    if not isinstance(url, str):
        return failed("status", CheckCode.MALFORMED, "statusListCredential must be a URL", target=target)
    if fetcher is None:
        return unavailable("status", f"{purpose} status not checked: no status list source", target=target)
    try:
        fetched = fetcher(url)
    except Exception as exc:  # a fetcher's network or storage failure: undecided
        return unavailable("status", f"cannot fetch {url}: {exc}", target=target)
    if fetched is None:
        return unavailable("status", f"{url} is unavailable", target=target)
    state = _state(url, fetched, verify_list, cache)
    invalid = CheckCode.STATUS_LIST_INVALID
    if state.problem is not None or state.bits is None:
        return failed("status", invalid, f"status list {url}: {state.problem}", target=target)
    if state.issuer != issuer:
        return failed(
            "status", invalid, f"status list {url} is issued by {state.issuer}, not {issuer}", target=target
        )
    if purpose not in state.purposes:
        return failed("status", invalid, f"status list {url} is not a {purpose} list", target=target)
    if (state.valid_from and now < state.valid_from) or (state.valid_until and now > state.valid_until):
        return failed("status", invalid, f"status list {url} is outside its validity period", target=target)
    index = int(index_text)
    if index >= state.bits.length:
        return failed("status", CheckCode.MALFORMED, f"index {index} is beyond the list's end", target=target)
    code, word = _PURPOSES[purpose]
    if state.bits.get(index):
        return failed("status", code, f"the issuer has {word} it", target=target)
    return passed("status", f"not {word}", target=target)


def status_checks(
    credential: Mapping[str, Any],
    *,
    issuer: str | None,
    fetcher: StatusListFetcher | None,
    now: datetime,
    verify_list: ListVerifier,
    cache: VerificationCache | None,
) -> list[Check]:
    """One check per ``credentialStatus`` entry (a skipped check when there is none)."""
    entries = credential.get("credentialStatus")
    if entries is None:
        return [skipped("status", "the credential has no credentialStatus")]
    return [
        _entry_check(entry, issuer=issuer, fetcher=fetcher, now=now, verify_list=verify_list, cache=cache)
        for entry in (entries if isinstance(entries, list) else [entries])
    ]
