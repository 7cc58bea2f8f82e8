"""A transaction's amounts from its events: Saleor's rules, including events out of order."""

from dataclasses import dataclass
from decimal import Decimal

from payments.amounts import (
    AuthorizeStatus,
    ChargeStatus,
    PaidSums,
    amounts_from_events,
    authorize_status,
    charge_status,
)


@dataclass
class E:
    type: str
    amount_value: Decimal
    psp_reference: str = ""


def D(value: str) -> Decimal:
    return Decimal(value)


def test_a_charge_then_partial_refunds():
    amounts = amounts_from_events(
        [
            E("CHARGE_SUCCESS", D("100"), "pi_1"),
            E("REFUND_SUCCESS", D("30"), "re_1"),
            E("REFUND_SUCCESS", D("20"), "re_2"),
        ]
    )
    assert (amounts.charged, amounts.refunded, amounts.authorized) == (D("50"), D("50"), D("0"))


def test_an_authorisation_is_used_up_by_its_capture_and_its_cancel():
    amounts = amounts_from_events(
        [E("AUTHORIZATION_SUCCESS", D("80"), "pi_1"), E("CHARGE_SUCCESS", D("50"), "pi_1")]
    )
    assert (amounts.authorized, amounts.charged) == (D("30"), D("50"))
    amounts = amounts_from_events(
        [E("AUTHORIZATION_SUCCESS", D("80"), "pi_1"), E("CANCEL_SUCCESS", D("80"), "pi_1")]
    )
    assert (amounts.authorized, amounts.canceled) == (D("0"), D("80"))


def test_an_adjustment_replaces_the_authorised_sum():
    amounts = amounts_from_events(
        [E("AUTHORIZATION_SUCCESS", D("80"), "pi_1"), E("AUTHORIZATION_ADJUSTMENT", D("60"), "pi_1:adj")]
    )
    assert amounts.authorized == D("60")


def test_a_request_is_pending_until_its_outcome_even_when_the_outcome_came_first():
    pending = amounts_from_events([E("CHARGE_REQUEST", D("40"), "pi_1")])
    assert pending.charge_pending == D("40")
    # ``processing`` delivered after ``succeeded``: the success is there, nothing is pending.
    out_of_order = amounts_from_events(
        [E("CHARGE_SUCCESS", D("40"), "pi_1"), E("CHARGE_REQUEST", D("40"), "pi_1")]
    )
    assert (out_of_order.charged, out_of_order.charge_pending) == (D("40"), D("0"))
    # Without a reference a request is settled by any later outcome of its kind only.
    unreferenced = amounts_from_events([E("REFUND_FAILURE", D("5")), E("REFUND_REQUEST", D("5"))])
    assert unreferenced.refund_pending == D("5")


def test_a_charge_back_takes_the_money_away():
    amounts = amounts_from_events([E("CHARGE_SUCCESS", D("100"), "pi_1"), E("CHARGE_BACK", D("100"), "dp_1")])
    assert amounts.charged == D("0")


def test_statuses_compare_the_sums_with_the_total():
    total = D("100")
    assert authorize_status(PaidSums(D("0"), D("0")), total) == AuthorizeStatus.NONE
    assert authorize_status(PaidSums(D("60"), D("0")), total) == AuthorizeStatus.PARTIAL
    assert authorize_status(PaidSums(D("60"), D("40")), total) == AuthorizeStatus.FULL
    assert charge_status(PaidSums(D("0"), D("40")), total) == ChargeStatus.PARTIAL
    assert charge_status(PaidSums(D("0"), D("100")), total) == ChargeStatus.FULL
    assert charge_status(PaidSums(D("0"), D("101")), total) == ChargeStatus.OVERCHARGED
    # Nothing to pay is fully paid, as in Saleor.
    assert charge_status(PaidSums(D("0"), D("0")), D("0")) == ChargeStatus.FULL
