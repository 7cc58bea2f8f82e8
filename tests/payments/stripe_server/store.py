"""The Stripe-shaped server's store: objects in Stripe's shapes, the events about them, and the
balance transactions that record the money they moved.

Objects are plain dicts in Stripe's shapes (API version 2026-10: a PaymentIntent names its
``latest_charge``; a charge's refunds are listed, not embedded). Money moves only through
``book``, which writes a balance transaction in the settlement currency, converted at the
configured rate and less the configured fee, as Stripe does when the account settles in IDR.
Amounts are integers of each currency's minor unit; this module keeps its own table of Stripe's
zero-decimal currencies, independent of the gateway's, so the tests compare two readings of the
same documentation.
"""

from __future__ import annotations

import copy
import secrets
import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tests.payments.stripe_server.errors import StripeApiError, not_found

ZERO_DECIMAL = {
    "bif",
    "clp",
    "djf",
    "gnf",
    "jpy",
    "kmf",
    "krw",
    "mga",
    "pyg",
    "rwf",
    "vnd",
    "vuv",
    "xaf",
    "xof",
    "xpf",
}
THREE_DECIMAL = {"bhd", "jod", "kwd", "omr", "tnd"}
DAY = 86_400


def exponent(currency: str) -> int:
    return 0 if currency in ZERO_DECIMAL else 3 if currency in THREE_DECIMAL else 2


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


@dataclass
class SettlementConfig:
    """How charges settle: into ``currency`` (``None``: the charge's own) at ``rates[charge
    currency]`` (settlement units per unit), less ``fee_percent`` of the settled amount plus
    ``fee_fixed`` (settlement minor units); a dispute costs ``dispute_fee``."""

    currency: str | None = None
    rates: dict[str, Decimal] = field(default_factory=dict)
    fee_percent: Decimal = Decimal("0.029")
    fee_fixed: int = 30
    dispute_fee: int = 1500
    available_after_days: int = 2


class Store:
    """Every object the server knows, the events about them, and the balance they moved."""

    def __init__(self, settlement: SettlementConfig) -> None:
        self.settlement = settlement
        self.objects: dict[str, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.refund_status = "succeeded"  # what the next refund becomes: "succeeded" or "pending"
        self.api_version = "2026-10-28.endive"

    # -- lookup -----------------------------------------------------------------------------

    def get(self, object_id: str, kind: str, param: str = "id") -> dict[str, Any]:
        found = self.objects.get(object_id)
        if found is None or found["object"] != kind:
            raise not_found(kind, object_id, param)
        return found

    def of_kind(self, kind: str, **match: str) -> list[dict[str, Any]]:
        """Objects of ``kind`` whose fields equal ``match``, newest first (Stripe's list order)."""
        found = [o for o in self.objects.values() if o["object"] == kind]
        found = [o for o in found if all(o.get(k) == v for k, v in match.items())]
        return sorted(found, key=lambda o: o["_seq"], reverse=True)

    def _store(self, obj: dict[str, Any]) -> dict[str, Any]:
        obj["_seq"] = len(self.objects)
        self.objects[obj["id"]] = obj
        return obj

    def record_event(self, event_type: str, obj: dict[str, Any]) -> dict[str, Any]:
        """Add Stripe's event about ``obj`` now to ``events``."""
        event = self.build_event(event_type, obj)
        self.events.append(event)
        return event

    def build_event(self, event_type: str, obj: dict[str, Any]) -> dict[str, Any]:
        """Stripe's event about ``obj`` now: a snapshot, as a webhook would carry it."""
        return {
            "id": new_id("evt"),
            "object": "event",
            "api_version": self.api_version,
            "created": int(time.time()),
            "data": {"object": self.render(obj, [])},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }

    # -- money ------------------------------------------------------------------------------

    def book(
        self, source: str, txn_type: str, category: str, minor: int, currency: str, fee_kind: str
    ) -> str:
        """A balance transaction for ``minor`` of ``currency`` (signed), in the settlement currency."""
        config = self.settlement
        settle = config.currency or currency
        rate = None
        amount = minor
        if settle != currency:
            if currency not in config.rates:
                raise StripeApiError(
                    500, f"Test server: no exchange rate {currency}->{settle}.", type="api_error"
                )
            rate = config.rates[currency]
            major = Decimal(minor).scaleb(-exponent(currency)) * rate
            amount = int(major.scaleb(exponent(settle)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if fee_kind == "charge":
            fee = (
                int((abs(amount) * config.fee_percent).quantize(Decimal(1), rounding=ROUND_HALF_UP))
                + config.fee_fixed
            )
        elif fee_kind == "dispute":
            fee = config.dispute_fee
        else:
            fee = 0
        now = int(time.time())
        txn = {
            "id": new_id("txn"),
            "object": "balance_transaction",
            "amount": amount,
            "available_on": now + config.available_after_days * DAY,
            "created": now,
            "currency": settle,
            "description": None,
            "exchange_rate": None if rate is None else float(rate),
            "fee": fee,
            "fee_details": [
                {
                    "amount": fee,
                    "application": None,
                    "currency": settle,
                    "description": "Stripe fee",
                    "type": "stripe_fee",
                }
            ]
            if fee
            else [],
            "net": amount - fee,
            "reporting_category": category,
            "source": source,
            "status": "pending",
            "type": txn_type,
        }
        return self._store(txn)["id"]

    # -- rendering --------------------------------------------------------------------------

    def render(self, obj: dict[str, Any], expand: list[str]) -> dict[str, Any]:
        """``obj`` as the API returns it, with the ``expand`` paths replaced by the objects they name.

        A dispute's ``balance_transactions`` are always objects, as in Stripe's API.
        """
        rendered = public(obj)
        if obj["object"] == "dispute":
            rendered["balance_transactions"] = [public(self.objects[t]) for t in obj["balance_transactions"]]
        for path in expand:
            self.expand_path(rendered, path.split("."))
        return rendered

    def expand_path(self, node: dict[str, Any], parts: list[str]) -> None:
        head, rest = parts[0], parts[1:]
        if node.get("object") == "list" and head == "data":
            for item in node["data"]:
                if rest:
                    self.expand_path(item, rest)
            return
        value = node.get(head)
        if isinstance(value, str) and value in self.objects:
            node[head] = value = self.render(self.objects[value], [])
        elif head not in node:
            raise StripeApiError(
                400,
                f"This property cannot be expanded ({head}).",
                code="parameter_invalid_string",
                param="expand",
            )
        if rest and isinstance(value, dict):
            self.expand_path(value, rest)


def public(obj: dict[str, Any]) -> dict[str, Any]:
    """A deep copy without the server's bookkeeping fields."""
    return {k: copy.deepcopy(v) for k, v in obj.items() if not k.startswith("_")}
