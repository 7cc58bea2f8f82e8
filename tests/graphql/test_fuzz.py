"""Malformed input to every argument of every query and mutation: never a 500, never an internal message.

The cases are generated from the live schema. For each root field, a minimal valid document
declares every argument as a variable and selects ``__typename``; each case then breaks one
argument, or one field of an input object (each input type's fields once, where the walk first
meets the type), with a value its type cannot take or a value that reaches the database: NUL,
unpaired surrogates, long and odd Unicode, numbers beyond Int or any amount, floats for ints,
``NaN``-like strings for decimals, wrong JSON types, nulls for required values. A second test
puts bad literals in the document itself, a third sends bodies that are not GraphQL requests.
Every case runs as an anonymous caller and as a superuser (which reaches every resolver).

A response passes when its status is 200 or 400 and its text holds no SQL, no Python exception
class name, no traceback, no ``%(`` placeholder, and no masked failure (``INTERNAL_ERROR``: a bug
the error reporting hid from the caller). Sized to run in well under a minute on two cores.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client, override_settings
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    get_named_type,
    is_composite_type,
)

from graphql_schema.core.error_reporting import INTERNAL_ERROR
from storefront.accounts.models import User
from tests.graphql.catalog.factories import ChannelFactory, full_product
from tests.graphql.conftest import unique_address
from tests.graphql.schema_walk import document, required_variables, root_fields, sample, unwrap
from tests.storefront.accounts.factories import bearer, staff_user

pytestmark = [
    pytest.mark.django_db,
    # Hashing is not what is fuzzed here: a fast hasher keeps tokenCreate's cases quick.
    pytest.mark.usefixtures("fast_hashing"),
]

LONG = ("🧺 Loyok \u202e\u200b e\u0301 " * 1000)[:20_000]
INJECTION = "' OR '1'='1'; -- %s %n {{7*7}} ${x} ../../etc/passwd"
NESTED_JSON: Any = {}
for _ in range(200):
    NESTED_JSON = {"a": NESTED_JSON}

# Bad values by the GraphQL name of the type they are sent to (lists and non-null unwrapped).
BAD_VALUES: dict[str, list[Any]] = {
    "String": ["\x00", "\ud800", LONG, INJECTION, 12],
    "ID": ["\x00", "\udfff", "UHJvZHVjdDo5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5", INJECTION, {"id": 1}],
    "Int": [2**31, -(2**31) - 1, -1, 1.5, "7"],
    "PositiveInt": [0, -5, 2**40, "abc"],
    "Float": [1e308, -1.7e308, "1.5", True],
    "Decimal": ["NaN", "-Infinity", "1e99999", 1e308, "x"],
    "PositiveDecimal": ["-0.01", "NaN", "1e99999", 1e308, "1e20", "0.001", True, "x"],
    "Boolean": ["yes", 0],
    "Date": ["2026-02-30", "99999-01-01", 20260101],
    "DateTime": ["2026-01-01T25:00:00", "not a date", 0],
    "JSON": [NESTED_JSON, {"k\x00": 1}, [1e308, LONG], "[unclosed"],
    "GenericScalar": [NESTED_JSON, {"k": "\x00"}],
    "JSONString": ["{not json", "\x00", 1],
    "Upload": ["/etc/passwd", {}],
}
ENUM_BAD_VALUES = ["NOT_A_VALUE", 0]
INPUT_BAD_VALUES = ["text", 5, [[]]]

INTERNAL_TEXT = re.compile(
    r"Traceback|File \"|%\(|\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b|\bDELETE FROM\b|psycopg|"
    r"DETAIL:|LINE \d+:|violates|relation \"|PostgreSQL|SQLite|NUL \(0x00\)|django\.|strawberry\.|"
    r"\b(?!GraphQLError\b)[A-Z][A-Za-z]*(?:Error|Exception)\b|DoesNotExist|" + re.escape(INTERNAL_ERROR)
)


@dataclass(frozen=True)
class Case:
    path: tuple[str, ...]  # the argument, then the input fields leading to the broken value
    value: Any

    def __str__(self) -> str:
        shown = repr(self.value)
        return f"{'.'.join(self.path)}={shown[:40]}"


def bad_values(type_: Any) -> list[Any]:
    named = get_named_type(type_)
    if isinstance(named, GraphQLEnumType):
        values = list(ENUM_BAD_VALUES)
    elif isinstance(named, GraphQLInputObjectType):
        values = list(INPUT_BAD_VALUES)
    else:
        values = list(BAD_VALUES.get(named.name, BAD_VALUES["String"]))
    return [*values, None] if isinstance(type_, GraphQLNonNull) else values


def _paths(type_: Any, prefix: tuple[str, ...], seen: set[str]) -> Iterator[tuple[tuple[str, ...], Any]]:
    """``(path, type)`` for the value at ``prefix`` and, once per input type, for each of its fields."""
    yield prefix, type_
    named = get_named_type(type_)
    if isinstance(named, GraphQLInputObjectType) and named.name not in seen:
        seen.add(named.name)
        for name, field in named.fields.items():
            yield from _paths(field.type, (*prefix, name), seen)


def _set(value: Any, type_: Any, path: tuple[str, ...], broken: Any) -> Any:
    """``value`` (of ``type_``) with the value at ``path`` replaced by ``broken``."""
    if not path:
        return broken
    inner = unwrap(type_)
    if isinstance(inner, GraphQLList):
        first = value[0] if isinstance(value, list) and value else sample(inner.of_type)
        return [_set(first, inner.of_type, path, broken)]
    assert isinstance(inner, GraphQLInputObjectType)
    name, rest = path[0], path[1:]
    field_type = inner.fields[name].type
    current = value.get(name, sample(field_type)) if isinstance(value, dict) else sample(field_type)
    return {**(value if isinstance(value, dict) else {}), name: _set(current, field_type, rest, broken)}


def cases(field: GraphQLField) -> list[Case]:
    seen: set[str] = set()
    found = []
    for arg, definition in field.args.items():
        for path, type_ in _paths(definition.type, (arg,), seen):
            found += [Case(path=path, value=value) for value in bad_values(type_)]
    return found


def variables_for(field: GraphQLField, case: Case) -> dict[str, Any]:
    variables = required_variables(field)
    arg = case.path[0]
    arg_type = field.args[arg].type
    start = variables.get(arg, sample(arg_type))
    variables[arg] = _set(start, arg_type, case.path[1:], case.value)
    return variables


# --- running and judging ------------------------------------------------------------------------


@pytest.fixture
def fast_hashing():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def catalogue():
    """A little data, so that resolvers get as far as their SQL with the broken values."""
    full_product(ChannelFactory())


@pytest.fixture
def callers():
    """An anonymous caller and a superuser; the superuser's token is fresh for each request, since a
    case may deactivate all of their tokens."""
    admin = staff_user(is_superuser=True)
    return {
        "anonymous": lambda: {},
        "staff": lambda: bearer(User.objects.get(pk=admin.pk)),
    }


def problem(response, label: str, statuses: tuple[int, ...] = (200, 400)) -> str | None:
    """What is wrong with a response (see the module docstring), or ``None``."""
    text = response.content.decode(errors="replace")
    if response.status_code not in statuses:
        return f"{label}: HTTP {response.status_code}: {text[:300]}"
    found = INTERNAL_TEXT.search(text)
    if found is not None:
        return f"{label}: internal text {found.group()!r} in {text[:300]}"
    return None


def assert_clean(response, label: str, statuses: tuple[int, ...] = (200, 400)) -> None:
    found = problem(response, label, statuses)
    assert found is None, found


def assert_no_problems(problems: list[str | None]) -> None:
    found = [text for text in problems if text]
    assert not found, "\n".join(found)


def post(client: Client, body: Any, headers: dict[str, str]):
    return client.post(
        "/graphql/",
        body if isinstance(body, str | bytes) else json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


ROOT_FIELDS = root_fields()


@pytest.mark.parametrize(
    ("operation", "name", "field"), ROOT_FIELDS, ids=[name for _, name, _ in ROOT_FIELDS]
)
def test_every_argument_refuses_malformed_values_cleanly(catalogue, callers, operation, name, field):
    query = document(operation, name, field)
    client = Client(REMOTE_ADDR=unique_address())
    problems = []
    for caller, headers in callers.items():
        baseline = post(client, {"query": query, "variables": required_variables(field)}, headers())
        problems.append(problem(baseline, f"{caller} {name} (valid)"))
        for case in cases(field):
            response = post(client, {"query": query, "variables": variables_for(field, case)}, headers())
            problems.append(problem(response, f"{caller} {name}({case})"))
    assert_no_problems(problems)


LITERALS = {
    "String": ['"\\u0000"', '"' + "x" * 20_000 + '"', '"\\u00e9\\u0301\\u202e"'],
    "ID": ['"\\u0000"', '"=="'],
    "Int": ["99999999999", "1.5", "-2147483649"],
    "Float": ["1e400", "-1e400"],
    "Decimal": ["1e400", '"NaN"'],
    "PositiveDecimal": ["-1", "1e400", '"1e20"'],
}


def _literal_cases() -> list[tuple[str, str, GraphQLField, str, str]]:
    found = []
    for operation, name, field in ROOT_FIELDS:
        for arg, definition in field.args.items():
            for literal in LITERALS.get(get_named_type(definition.type).name, []):
                found.append((operation, name, field, arg, literal))
    return found


def test_bad_literals_in_the_document_are_refused_cleanly(catalogue, callers):
    client = Client(REMOTE_ADDR=unique_address())
    problems = []
    for operation, name, field, arg, literal in _literal_cases():
        others = {a: d for a, d in field.args.items() if a != arg}
        declared = ", ".join(f"${a}: {d.type}" for a, d in others.items())
        passed = ", ".join([f"{arg}: {literal}", *(f"{a}: ${a}" for a in others)])
        selection = " { __typename }" if is_composite_type(get_named_type(field.type)) else ""
        query = f"{operation} Fuzz{f'({declared})' if declared else ''} {{ {name}({passed}){selection} }}"
        variables = {a: v for a, v in required_variables(field).items() if a != arg}
        for caller, headers in callers.items():
            response = post(client, {"query": query, "variables": variables}, headers())
            problems.append(problem(response, f"{caller} {name}({arg}: {literal[:20]})"))
    assert_no_problems(problems)


MALFORMED_BODIES: list[str | bytes] = [
    b"",
    b"{",
    b"\xff\xfe\x00",
    b"null",
    b"1",
    b'"x"',
    b"[]",
    b"[null]",
    b'[{"query": "{ shop { name } }"}]',
    b'{"query": 1}',
    b'{"query": null}',
    b'{"query": ""}',
    b'{"query": "{"}',
    b'{"query": "{ shop { name } }", "variables": []}',
    b'{"query": "{ shop { name } }", "variables": "x"}',
    b'{"query": "{ shop { name } }", "operationName": 5}',
    b'{"query": "{ shop { name } }", "operationName": "Missing"}',
    b'{"query": "{ shop { name } }", "extensions": 1}',
    b'{"query": "{ shop { name } }", "variables": {"x": NaN}}',
    b'{"query": "{ shop { name } }", "variables": {"x": Infinity}}',
    b'{"query": "{ shop { name } }"' + b', "variables": ' + b'{"a": [' * 3000 + b"]}" * 3000 + b"}",
    b'{"query": "' + b"{ shop { " * 300 + b"name" + b" } }" * 300 + b'"}',
    b'{"query": "mutation { tokensDeactivateAll { errors { code } } }", "operationName": null}',
    b'{"query": "subscription { shop { name } }"}',
]


@pytest.mark.parametrize("body", MALFORMED_BODIES, ids=range(len(MALFORMED_BODIES)))
def test_malformed_bodies_are_refused_cleanly(callers, body):
    client = Client(REMOTE_ADDR=unique_address())
    for caller, headers in callers.items():
        assert_clean(post(client, body, headers()), caller)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", b"{ shop { name } }"),
        ("application/graphql", b"{ shop { name } }"),
        (
            "multipart/form-data; boundary=x",
            b"--x\r\nContent-Disposition: form-data; name=operations\r\n\r\n",
        ),
        ("multipart/form-data; boundary=x", b"garbage"),
        ("application/x-www-form-urlencoded", b"query=%7B+shop+%7B+name+%7D+%7D"),
    ],
)
def test_other_content_types_are_refused_cleanly(callers, content_type, body):
    client = Client(REMOTE_ADDR=unique_address())
    for caller, headers in callers.items():
        response = client.generic("POST", "/graphql/", body, content_type=content_type, headers=headers())
        # A multipart request without a bearer token is refused with a 403 (the view's CSRF guard).
        assert_clean(
            response, caller, (200, 400, 403) if content_type.startswith("multipart/") else (200, 400)
        )


@pytest.mark.parametrize(
    "query_string",
    [
        "query=%7B",
        "query=%7B+shop+%7B+name+%7D+%7D&variables=%7B",
        "query=mutation+%7B+__typename+%7D",
        "variables=1",
    ],
)
def test_get_requests_are_refused_or_served_cleanly(callers, query_string):
    client = Client(REMOTE_ADDR=unique_address())
    for caller, headers in callers.items():
        response = client.get(
            f"/graphql/?{query_string}", headers={"Accept": "application/json", **headers()}
        )
        # A mutation over GET is a 405 (GraphQL over HTTP, graphql_schema/core/response_cache.py).
        assert_clean(response, caller, (200, 400, 405))
