"""The media checks: each ``digestMultibase`` in a credential against the bytes at its URL.

A certificate signs the digest of the maker's portrait and the workshop photos,
not the images themselves. If the bytes fetched now hash to something else the
image was swapped ("failed"); if they cannot be fetched (a maker withdrew consent,
the CDN is down) the check is "unavailable": authenticity rests on the signature.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from provenance.vc.errors import VcError
from provenance.vc.multibase import digest_matches
from provenance.vc.results import Check, CheckCode, failed, passed, skipped, unavailable

MediaFetcher = Callable[[str], bytes | None]


def media_references(value: Any) -> Iterator[tuple[str | None, Any]]:
    """``(url, digestMultibase)`` of every object carrying a digest, outside the proof."""
    if isinstance(value, Mapping):
        if "digestMultibase" in value:
            url = value.get("id", value.get("url"))
            yield (url if isinstance(url, str) else None), value["digestMultibase"]
        for key, item in value.items():
            if key != "proof" and isinstance(item, Mapping | list):
                yield from media_references(item)
    elif isinstance(value, list):
        for item in value:
            yield from media_references(item)


def _media_check(url: str | None, digest: Any, fetcher: MediaFetcher) -> Check:
    if url is None or not isinstance(digest, str):
        return failed(
            "media", CheckCode.MALFORMED, "a digestMultibase needs a string digest and a URL", target=url
        )
    try:
        data = fetcher(url)
    except Exception as exc:  # a fetcher's network or storage failure: undecided, not forged
        return unavailable("media", f"cannot fetch {url}: {exc}", target=url)
    if data is None:
        return unavailable("media", f"{url} is no longer available", target=url)
    try:
        matches = digest_matches(digest, data)
    except VcError as exc:
        return failed("media", CheckCode.MALFORMED, exc.message, target=url)
    if not matches:
        return failed(
            "media", CheckCode.DIGEST_MISMATCH, f"{url} is not the file that was signed", target=url
        )
    return passed("media", f"{url} matches its signed digest", target=url)


def media_checks(credential: Mapping[str, Any], fetcher: MediaFetcher | None) -> list[Check]:
    """One check per referenced medium; a single skipped check when not asked or nothing to check."""
    if fetcher is None:
        return [skipped("media", "media digests not checked")]
    references = list(media_references(credential))
    if not references:
        return [skipped("media", "the credential references no media")]
    return [_media_check(url, digest, fetcher) for url, digest in references]
