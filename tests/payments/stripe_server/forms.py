"""Stripe's form encoding, decoded: ``metadata[reference]=x`` and ``expand[0]=a`` into nested values.

Stripe's libraries send nested parameters with bracketed keys (lists indexed, ``expand[0]``;
Stripe also takes ``expand[]``); values arrive as strings, so each route converts the ones it
reads (``parse_int``, ``parse_bool``), as Stripe does, with Stripe's error when one is malformed.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from tests.payments.stripe_server.errors import StripeApiError

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def _listify(value: Any) -> Any:
    """Dicts whose keys are all indexes (``expand[0]``, ``expand[1]``) become lists, recursively."""
    if isinstance(value, dict):
        value = {key: _listify(item) for key, item in value.items()}
        if value and all(isinstance(key, int) for key in value):
            return [value[index] for index in sorted(value)]
    return value


def decode(text: str) -> dict[str, Any]:
    """The nested parameters of a form-encoded body or query string."""
    params: dict[Any, Any] = {}
    for raw_key, value in parse_qsl(text, keep_blank_values=True):
        match = _KEY.match(raw_key)
        if match is None:
            raise StripeApiError(400, f"Invalid parameter name: {raw_key}", param=raw_key)
        parts: list[Any] = [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))]
        node = params
        for position, part in enumerate(parts):
            last = position == len(parts) - 1
            if part == "":  # ``expand[]``: append
                part = len(node)
            elif isinstance(part, str) and part.isdigit() and position > 0:
                part = int(part)
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, {})
                if not isinstance(node, dict):
                    raise StripeApiError(400, f"Invalid parameter: {raw_key}", param=raw_key)
    return _listify(params)


def parse_int(params: dict[str, Any], name: str, *, required: bool = False) -> int | None:
    value = params.get(name)
    if value is None:
        if required:
            raise StripeApiError(
                400, f"Missing required param: {name}.", code="parameter_missing", param=name
            )
        return None
    if not isinstance(value, str) or not re.fullmatch(r"-?\d+", value):
        raise StripeApiError(400, f"Invalid integer: {value}", code="parameter_invalid_integer", param=name)
    return int(value)


def parse_bool(value: Any, name: str) -> bool:
    if value in ("true", "false"):
        return value == "true"
    raise StripeApiError(400, f"Invalid boolean: {value}", code="parameter_invalid_boolean", param=name)


def check_known(params: dict[str, Any], allowed: set[str]) -> None:
    """Stripe refuses parameters it does not know: so does this server, which catches typos."""
    for name in params:
        if name not in allowed:
            raise StripeApiError(
                400, f"Received unknown parameter: {name}", code="parameter_unknown", param=name
            )
