"""A Django upload handler that keeps no more than ``MEDIA_MAX_UPLOAD_BYTES`` of any file part.

A multipart request under the body limit (``GRAPHQL_MAX_UPLOAD_BYTES``: several photos at once)
may still carry one file far over the per-file limit. Django's parser reads the body in chunks
and hands each to its upload handlers in turn; this handler goes first and, once a file passes
the limit, passes nothing more on, so no handler after it (memory, then a temporary file) holds
more than the limit. The part becomes an empty ``OversizedUpload`` that remembers how many bytes
were sent; the media check (``storefront.core.images.image_validate``) reads its ``size`` and
refuses it with ``FILE_SIZE_LIMIT_EXCEEDED`` in the mutation's payload, as for any file too big.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUpload(UploadedFile):
    """A file part whose content was dropped because it passed the per-file limit."""

    def __init__(self, *, name: str, content_type: str | None, size: int) -> None:
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class UploadSizeLimitHandler(FileUploadHandler):
    """Counts each file part's bytes; past the limit, drops the rest and reports an ``OversizedUpload``."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.limit = int(settings.MEDIA_MAX_UPLOAD_BYTES)
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        return None if self.received > self.limit else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.received <= self.limit:
            return None  # the next handler holds the whole file
        return OversizedUpload(name=self.file_name or "", content_type=self.content_type, size=self.received)
