"""The schema's mirrors of the content error codes (Saleor's ``PageErrorCode``, ``MenuErrorCode``)."""

from __future__ import annotations

from graphql_schema.core.errors import graphql_enum
from storefront.content.error_codes import MenuErrorCode, PageErrorCode

PageErrorCodeEnum = graphql_enum(PageErrorCode, name="PageErrorCode")
MenuErrorCodeEnum = graphql_enum(MenuErrorCode, name="MenuErrorCode")
