"""Deprecated arguments and input fields that clients still see.

GraphQL's standard introspection query (graphql-js's ``getIntrospectionQuery()`` and
graphql-core's ``get_introspection_query()`` with their defaults, which is what code generators
send) asks for ``args`` and ``inputFields`` without ``includeDeprecated``, so an argument or an
input field carrying a ``deprecationReason`` is left out of the schema they build. Saleor's
storefront still sends ``products(filter:)``; a generator that cannot see ``filter`` refuses the
document. So arguments and input fields never carry a ``deprecationReason`` here: the deprecation
is said in their description, where every client sees it. (Fields and enum values keep GraphQL's
deprecation: the standard query includes them.)
"""

from __future__ import annotations

DEPRECATED_PREFIX = "DEPRECATED: "


def deprecated(reason: str, description: str | None = None) -> str:
    """The description of a deprecated argument or input field: what it is, then why not to use it."""
    notice = DEPRECATED_PREFIX + reason
    return f"{description}\n\n{notice}" if description else notice
