"""The example queries a newcomer copies (the README's, the landing page's) run against today's
schema and use nothing deprecated: the README's first example used the deprecated ``filter``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import parse, specified_rules, validate
from graphql.validation import NoDeprecatedCustomRule

from graphql_schema.schema import schema
from infra.landing import EXAMPLE_QUERIES

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_examples() -> list[str]:
    return re.findall(r"```graphql\n(.*?)```", README.read_text(), flags=re.DOTALL)


def _problems(document: str) -> list[str]:
    rules = [*specified_rules, NoDeprecatedCustomRule]
    return [error.message for error in validate(schema._schema, parse(document), rules)]


def test_the_readme_has_examples():
    assert len(readme_examples()) >= 3


@pytest.mark.parametrize("document", readme_examples())
def test_each_readme_example_is_valid_and_current(document):
    assert _problems(document) == []


@pytest.mark.parametrize(("title", "document"), EXAMPLE_QUERIES)
def test_each_landing_page_example_is_valid_and_current(title, document):
    assert _problems(document) == []
