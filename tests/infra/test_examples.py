"""The example queries a newcomer copies (the README's, the landing page's) run against today's
schema and use nothing deprecated: the README's first example used the deprecated ``filter``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import (
    ArgumentNode,
    GraphQLError,
    ObjectFieldNode,
    get_named_type,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import NoDeprecatedCustomRule, ValidationRule

from graphql_schema.core.deprecation import DEPRECATED_PREFIX
from graphql_schema.schema import schema
from infra.landing import EXAMPLE_QUERIES

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_examples() -> list[str]:
    return re.findall(r"```graphql\n(.*?)```", README.read_text(), flags=re.DOTALL)


class NoDescribedDeprecationRule(ValidationRule):
    """Arguments and input fields say their deprecation in their description (core/deprecation.py)."""

    def enter_argument(self, node: ArgumentNode, *_args) -> None:
        argument = self.context.get_argument()
        if argument is not None and DEPRECATED_PREFIX in (argument.description or ""):
            self.report_error(GraphQLError(f"The argument '{node.name.value}' is deprecated."))

    def enter_object_field(self, node: ObjectFieldNode, *_args) -> None:
        parent = get_named_type(self.context.get_parent_input_type())
        field = getattr(parent, "fields", {}).get(node.name.value)
        if field is not None and DEPRECATED_PREFIX in (field.description or ""):
            self.report_error(GraphQLError(f"The input field '{node.name.value}' is deprecated."))


def _problems(document: str) -> list[str]:
    rules = [*specified_rules, NoDeprecatedCustomRule, NoDescribedDeprecationRule]
    return [error.message for error in validate(schema._schema, parse(document), rules)]


def test_the_readme_has_examples():
    assert len(readme_examples()) >= 3


@pytest.mark.parametrize("document", readme_examples())
def test_each_readme_example_is_valid_and_current(document):
    assert _problems(document) == []


def test_a_deprecated_argument_or_input_field_is_refused():
    document = """{ products(first: 1, channel: "c", filter: {channel: "c"}) { totalCount } }"""

    assert _problems(document) == [
        "The argument 'filter' is deprecated.",
        "The input field 'channel' is deprecated.",
    ]


@pytest.mark.parametrize(("title", "document"), EXAMPLE_QUERIES)
def test_each_landing_page_example_is_valid_and_current(title, document):
    assert _problems(document) == []
