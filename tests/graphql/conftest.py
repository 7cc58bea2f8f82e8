"""Fixtures of the API tests: a test client with an address of its own per test.

Login failures are counted per client address in the shared Redis (``storefront.accounts.throttle``)
and outlive a test, so tests that fail logins on purpose must not lock the next test out.
"""

from __future__ import annotations

import itertools
import os

import pytest
from django.test import Client

_addresses = itertools.count(1)


def unique_address() -> str:
    """An IPv6 documentation address no other test of this run uses (the pid tells workers apart)."""
    return f"2001:db8:{os.getpid() % 0xFFFF:x}::{next(_addresses):x}"


@pytest.fixture
def client() -> Client:
    return Client(REMOTE_ADDR=unique_address())
