"""Direct resolvers (graphql_schema/core/lean.py): the same answers as strawberry's own path,
fewer layers per call, and fields with extensions (permission checks) left on strawberry's path."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.types import Info

from graphql_schema.core.lean import lean_resolvers
from graphql_schema.schema import schema as asal_schema


@strawberry.enum
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.input
class Window:
    first: int
    skip: int = 0


class Refuse(FieldExtension):
    def resolve(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        raise PermissionError("refused by the extension")


@strawberry.type
class Item:
    name: str

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()

    @strawberry.field
    def by_root(self, root: strawberry.Parent[Any]) -> str:
        return f"{root.name}!"

    @strawberry.field
    def with_info(self, info: Info) -> str:
        return f"{self.name} at {info.path.key} ({info.field_name})"

    @strawberry.field
    def paint(self, colour: Colour, times: int = 1) -> str:
        assert isinstance(colour, Colour)  # converted to the Python enum, as strawberry does
        return f"{self.name}:{colour.value}x{times}"

    @strawberry.field
    def window(self, window: Window | None = None) -> str:
        if window is None:
            return "none"
        assert isinstance(window, Window)  # an input object arrives as its class
        return f"{window.first}+{window.skip}"

    @strawberry.field(extensions=[Refuse()])
    def guarded(self) -> str:
        return "secret"


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return [Item(name="a"), Item(name="b")]


DOCUMENT = """{
  items {
    name shout byRoot withInfo
    paint(colour: BLUE, times: 2) paintOnce: paint(colour: RED)
    window(window: {first: 3}) noWindow: window
  }
}"""


def _schema(lean: bool) -> strawberry.Schema:
    schema = strawberry.Schema(query=Query)
    if lean:
        assert lean_resolvers(schema) > 0
    return schema


def test_direct_resolvers_answer_as_strawberry_does():
    plain = _schema(lean=False).execute_sync(DOCUMENT)
    lean = _schema(lean=True).execute_sync(DOCUMENT)

    assert plain.errors is None
    assert lean.errors is None
    assert lean.data == plain.data
    assert lean.data["items"][0] == {
        "name": "a",
        "shout": "A",
        "byRoot": "a!",
        "withInfo": "a at withInfo (withInfo)",
        "paint": "a:bluex2",
        "paintOnce": "a:redx1",
        "window": "3+0",
        "noWindow": "none",
    }


def test_fields_with_extensions_keep_strawberrys_path():
    schema = _schema(lean=True)
    item = schema._schema.type_map["Item"]
    direct = {name for name, field in item.fields.items() if field.resolve.__qualname__.startswith("_direct")}

    assert direct == {"shout", "byRoot", "withInfo", "paint", "window"}
    result = schema.execute_sync("{ items { guarded } }")
    assert result.errors is not None
    assert "refused by the extension" in result.errors[0].message


def test_asal_schema_calls_the_storefronts_resolvers_directly():
    product = asal_schema._schema.type_map["Product"]
    for name in ("id", "pricing", "thumbnail", "translation", "productVariants", "category"):
        assert product.fields[name].resolve.__qualname__.startswith("_direct"), name
    assert not product.fields["channelListings"].resolve.__qualname__.startswith("_direct")


def test_strawberry_django_fields_keep_their_own_path():
    """strawberry_django's fields do more than call the resolver (querysets, the optimizer)."""
    from graphql import GraphQLObjectType
    from strawberry.types.field import StrawberryField

    others = [
        field
        for graphql_type in asal_schema._schema.type_map.values()
        if isinstance(graphql_type, GraphQLObjectType)
        for field in graphql_type.fields.values()
        if type((field.extensions or {}).get("strawberry-definition")) not in (StrawberryField, type(None))
    ]

    assert others  # the User type's fields, among others
    assert not [
        field for field in others if field.resolve and field.resolve.__qualname__.startswith("_direct")
    ]


def test_plain_argument_conversions_are_kept_and_told_apart():
    """Converted once per distinct value (``lean.convert``): another value, another conversion."""
    schema = _schema(lean=True)
    document = """query ($times: Int!) { items {
        blue: paint(colour: BLUE, times: $times) red: paint(colour: RED, times: $times)
        again: paint(colour: BLUE)
    } }"""

    first = schema.execute_sync(document, {"times": 2})
    second = schema.execute_sync(document, {"times": 3})

    assert first.errors is None and second.errors is None
    assert first.data["items"][1] == {"blue": "b:bluex2", "red": "b:redx2", "again": "b:bluex1"}
    assert second.data["items"][0] == {"blue": "a:bluex3", "red": "a:redx3", "again": "a:bluex1"}


def test_input_objects_are_converted_for_every_call():
    schema = _schema(lean=True)

    for first in (1, 2):
        result = schema.execute_sync(
            "query ($w: Window) { items { window(window: $w) } }", {"w": {"first": first}}
        )

        assert result.data["items"] == [{"window": f"{first}+0"}, {"window": f"{first}+0"}]
