"""Every domain error code has a GraphQL enum member in the live schema.

The domain enums are discovered (every ``StrEnum`` defined in an ``error_codes.py`` of
``storefront``, ``provenance`` or ``payments``), not listed, so a new domain or a new code
without its GraphQL mirror fails here. A domain enum ``XErrorCode`` is mirrored by the
schema's enum of the same name (``graphql_schema.core.errors.graphql_enum``), unless it is the
kernel's and never reaches a payload itself: ``REPORTED_AS`` names the enum whose members its
values become when a domain reports it.
"""

from __future__ import annotations

import importlib
from enum import StrEnum
from pathlib import Path

import pytest
from django.conf import settings
from graphql import GraphQLEnumType

from graphql_schema.schema import schema

DOMAIN_PACKAGES = ("storefront", "provenance", "payments")

# The catalogue reports a refused image with the same code (``catalog.media.validation``);
# provenance reports it as INVALID on ``photos``, a member of its own enum.
REPORTED_AS = {"ImageErrorCode": "ProductErrorCode"}


def domain_error_code_enums() -> list[type[StrEnum]]:
    base = Path(settings.BASE_DIR)
    found = []
    for package in DOMAIN_PACKAGES:
        for path in sorted((base / package).rglob("error_codes.py")):
            module = importlib.import_module(".".join(path.relative_to(base).with_suffix("").parts))
            found += [
                value
                for value in vars(module).values()
                if isinstance(value, type)
                and issubclass(value, StrEnum)
                and value is not StrEnum
                and value.__module__ == module.__name__
            ]
    return found


def test_the_walk_finds_the_domains_enums():
    names = {enum.__name__ for enum in domain_error_code_enums()}

    assert {"AccountErrorCode", "ProductErrorCode", "StockErrorCode", "ProvenanceErrorCode"} <= names


@pytest.mark.parametrize("domain_enum", domain_error_code_enums(), ids=lambda enum: enum.__name__)
def test_every_value_of_a_domain_error_code_has_a_graphql_enum_member(domain_enum):
    name = REPORTED_AS.get(domain_enum.__name__, domain_enum.__name__)
    graphql_type = schema._schema.type_map.get(name)

    assert isinstance(graphql_type, GraphQLEnumType), f"no GraphQL enum {name} in the schema"
    missing = [member.value for member in domain_enum if member.value not in graphql_type.values]
    assert not missing, f"{domain_enum.__name__} values without a GraphQL member: {missing}"
