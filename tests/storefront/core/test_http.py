"""``client_address``: the client's IP for rate limits, believing X-Forwarded-For only as far as the
operator's trusted proxies vouch for it."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from storefront.core.http import client_address, is_trusted_proxy

PROXY = "10.0.0.5"


def _request(remote_addr: str | None = "203.0.113.9", forwarded_for: str | None = None):
    meta = {}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    request = RequestFactory().get("/", **meta)
    if remote_addr is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote_addr
    return request


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8::/64"]


def test_without_trusted_proxies_the_socket_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = []

    assert client_address(_request("203.0.113.9", forwarded_for="198.51.100.1")) == "203.0.113.9"


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(behind_proxy):
    """A client talking to the app directly cannot pick a new address per guess."""
    assert client_address(_request("203.0.113.9", forwarded_for="198.51.100.1")) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_address_it_forwards_is_the_client(behind_proxy):
    assert client_address(_request(PROXY, forwarded_for="198.51.100.1")) == "198.51.100.1"


def test_addresses_the_client_wrote_left_of_the_proxy_are_ignored(behind_proxy):
    """The proxy appends the peer it saw; whatever the client sent is further left."""
    request = _request(PROXY, forwarded_for="1.2.3.4, 5.6.7.8, 198.51.100.1")

    assert client_address(request) == "198.51.100.1"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(behind_proxy):
    request = _request(PROXY, forwarded_for="1.2.3.4, 198.51.100.1, 10.0.0.7, 10.0.0.6")

    assert client_address(request) == "198.51.100.1"


def test_several_forwarded_lines_are_read_as_one_list(behind_proxy):
    request = _request(PROXY, forwarded_for="1.2.3.4,198.51.100.1 ,  10.0.0.6")

    assert client_address(request) == "198.51.100.1"


def test_text_where_an_address_should_be_stops_at_the_last_trusted_hop(behind_proxy):
    """A trusted proxy writes addresses: anything else is the client's, and not a key it may choose."""
    request = _request(PROXY, forwarded_for="198.51.100.1, unknown, 10.0.0.6")

    assert client_address(request) == "10.0.0.6"


def test_a_caller_inside_the_trusted_network_is_itself(behind_proxy):
    assert client_address(_request(PROXY, forwarded_for="10.0.0.9")) == "10.0.0.9"
    assert client_address(_request(PROXY)) == PROXY


def test_ports_and_brackets_are_not_part_of_the_address(behind_proxy):
    assert client_address(_request(PROXY, forwarded_for="198.51.100.1:51234")) == "198.51.100.1"
    assert client_address(_request(PROXY, forwarded_for="[2001:db8:1::7]:443")) == "2001:db8:1::7"


def test_ipv6_proxies_and_clients(behind_proxy):
    request = _request("2001:db8::10", forwarded_for="2001:db8:ffff::1")

    assert client_address(request) == "2001:db8:ffff::1"


def test_an_ipv4_client_on_a_dual_stack_socket_is_its_ipv4_address(settings):
    settings.TRUSTED_PROXIES = []

    assert client_address(_request("::ffff:203.0.113.9")) == "203.0.113.9"


def test_a_request_without_a_peer_address_is_unknown(settings):
    settings.TRUSTED_PROXIES = []

    assert client_address(_request(None)) == "unknown"


def test_trust_follows_the_setting_as_it_changes(settings):
    settings.TRUSTED_PROXIES = ["192.0.2.1"]
    assert is_trusted_proxy("192.0.2.1")

    settings.TRUSTED_PROXIES = []
    assert not is_trusted_proxy("192.0.2.1")
