"""The staff query of a maker's statement: what they earned in a period, on screen and as CSV.

``makerStatement`` needs ``MANAGE_ORDERS``: a statement is order money (what each sale and each
refund or return paid the makers), read by the staff who fulfil and refund orders and pay the
makers, not by those who only edit provenance records.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated

import strawberry
from graphql import GraphQLError

from graphql_schema.core.money import Money, money_or_none
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import decode_id
from graphql_schema.provenance.maker_types import MakerProfile
from provenance.origins.models import Maker
from storefront.accounts.permissions import PermissionCode
from storefront.orders import statements

# A statement covers at most a year of days: enough for an annual one, bounded for the server.
MAX_DAYS = 366


@strawberry.input(description="The days of a statement, both included.")
class MakerStatementPeriodInput:
    gte: datetime.date = strawberry.field(description="First day.")
    lte: datetime.date = strawberry.field(description="Last day.")


@strawberry.type(description="One line of a maker's earnings: a sale fulfilled, or a refund or return.")
class MakerStatementRow:
    _row: strawberry.Private[statements.StatementRow]

    @strawberry.field
    def date(self) -> datetime.date:
        return self._row.date

    @strawberry.field(description="EARNED, REFUNDED or RETURNED.")
    def kind(self) -> str:
        return self._row.kind

    @strawberry.field
    def order_number(self) -> str:
        return str(self._row.order_number)

    @strawberry.field(description="Product and variant name, as sold.")
    def product(self) -> str:
        return self._row.product

    @strawberry.field(description="Serials of the pieces concerned.")
    def serials(self) -> list[str]:
        return list(self._row.serials)

    @strawberry.field(description="Units (negative for a refund or return).")
    def units(self) -> int:
        return self._row.units

    @strawberry.field(description="The maker's part of the units' gross price, in the order's currency.")
    def gross(self) -> Money:
        return _money(self._row.gross, self._row.currency)

    @strawberry.field(description="The maker's share, in the order's currency.")
    def share(self) -> Money:
        return _money(self._row.share, self._row.currency)

    @strawberry.field(description="Rupiah per unit of the order's currency, as the payment was settled.")
    def exchange_rate(self) -> Decimal | None:
        return self._row.exchange_rate

    @strawberry.field(description="The share in rupiah; null while no settlement rate is known.")
    def share_in_settlement_currency(self) -> Money | None:
        return money_or_none(self._row.share_idr, "IDR")


@strawberry.type(description="A statement's sums in one currency of the orders.")
class MakerStatementTotal:
    _total: strawberry.Private[statements.StatementTotal]

    @strawberry.field
    def units(self) -> int:
        return self._total.units

    @strawberry.field
    def gross(self) -> Money:
        return _money(self._total.gross, self._total.currency)

    @strawberry.field
    def share(self) -> Money:
        return _money(self._total.share, self._total.currency)


@strawberry.type(description="What a maker earned in a period: rows, totals per currency and in rupiah.")
class MakerStatement:
    _statement: strawberry.Private[statements.Statement]

    @strawberry.field
    def maker(self) -> MakerProfile:
        return MakerProfile(_maker=self._statement.maker)

    @strawberry.field
    def start(self) -> datetime.date:
        return self._statement.start

    @strawberry.field
    def end(self) -> datetime.date:
        return self._statement.end

    @strawberry.field
    def rows(self) -> list[MakerStatementRow]:
        return [MakerStatementRow(_row=row) for row in self._statement.rows]

    @strawberry.field
    def totals(self) -> list[MakerStatementTotal]:
        return [MakerStatementTotal(_total=total) for total in self._statement.totals]

    @strawberry.field(description="The rupiah share of the rows whose settlement rate is known.")
    def share_in_settlement_currency(self) -> Money:
        return _money(self._statement.share_idr, self._statement.settlement_currency)

    @strawberry.field(description="Rows still waiting for a settlement rate (not in the rupiah total).")
    def rows_without_rate(self) -> int:
        return self._statement.rows_without_rate

    @strawberry.field(description="The statement as CSV (a header, the rows, then TOTAL lines).")
    def csv(self) -> str:
        return statements.maker_statement_csv(self._statement)


def _money(amount: Decimal, currency: str) -> Money:
    found = money_or_none(amount, currency)
    assert found is not None
    return found


@strawberry.type
class EarningsQueries:
    @strawberry.field(
        description=(
            "A maker's earnings in a period (whole days, both included): one row per ledger line, totals "
            "per currency and in rupiah, and the same as CSV.\n\nRequires one of the following "
            "permissions: MANAGE_ORDERS."
        ),
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS)],
    )
    def maker_statement(
        self,
        maker: Annotated[strawberry.ID, strawberry.argument(description="ID of a maker.")],
        period: MakerStatementPeriodInput,
    ) -> MakerStatement | None:
        if period.lte < period.gte:
            raise GraphQLError("The period ends before it starts.", extensions={"code": "GRAPHQL_ERROR"})
        if (period.lte - period.gte).days >= MAX_DAYS:
            raise GraphQLError(
                f"A statement covers at most {MAX_DAYS} days.", extensions={"code": "GRAPHQL_ERROR"}
            )
        found = Maker.objects.filter(pk=decode_id(maker, expected="Maker")).first()
        if found is None:
            return None
        return MakerStatement(
            _statement=statements.maker_statement(maker=found, start=period.gte, end=period.lte)
        )
