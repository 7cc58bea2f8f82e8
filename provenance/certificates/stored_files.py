"""Moved to the kernel (``storefront.core.stored_files``) so the catalogue's media use it too."""

from storefront.core.stored_files import StoredFiles, atomic_with_stored_files

__all__ = ["StoredFiles", "atomic_with_stored_files"]
