"""Links to private files (export documents, certificate evidence): short-lived and signed.

Private files live on the ``private`` storage (``infra/settings.py``: an S3 bucket, or a
``private/`` prefix of the public one, with ``querystring_auth``), which nobody reads without a
signature. ``private_file_url`` asks django-storages for a presigned GET URL that expires after
``expires_seconds``; the S3 server checks the signature and the expiry, so a leaked link stops
working and cannot be turned into another key's. A storage that cannot sign (the file system of a
laptop without S3) has no URL to give: it raises ``PrivateFileUrlUnavailable`` rather than
publish the file.
"""

from __future__ import annotations

import inspect

from django.core.files.storage import storages

MAX_EXPIRES_SECONDS = 7 * 24 * 3600  # the longest a SigV4 presigned URL may live


class PrivateFileUrlUnavailable(Exception):
    """The private storage cannot make signed links (it is not S3)."""


def private_file_url(name: str, *, expires_seconds: int) -> str:
    """A presigned URL to read private file ``name`` for the next ``expires_seconds`` seconds."""
    if not name:
        raise ValueError("A private file URL needs a storage name.")
    if not 0 < expires_seconds <= MAX_EXPIRES_SECONDS:
        raise ValueError(f"expires_seconds must be between 1 and {MAX_EXPIRES_SECONDS}.")
    storage = storages["private"]
    # S3Storage.url(name, parameters=None, expire=None, http_method=None) signs when the storage has
    # querystring_auth; nothing else in Django takes an expiry.
    if "expire" not in inspect.signature(storage.url).parameters or not getattr(
        storage, "querystring_auth", False
    ):
        raise PrivateFileUrlUnavailable("The private storage does not sign URLs; configure S3.")
    return str(storage.url(name, expire=expires_seconds))  # type: ignore[call-arg]
