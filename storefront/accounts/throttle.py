"""Attempt limits for logins, one-time account tokens and password-reset requests.

Every limit here is a :class:`~storefront.core.ratelimit.FailureLimit` of the kernel (the one
mechanism the project has for bounding guesses, also used by ownership claims), counted in
Django's cache (shared by every worker: Redis in production and tests; keys are digests, so cache
dumps do not list who tried what). Each kind of attempt is counted twice:

- per account key and client address: ``MAX_FAILED_ATTEMPTS`` wrong passwords (or wrong one-time
  tokens) for one e-mail from one address lock that pair out. Guessing stays slow, and nobody
  elsewhere can lock the owner out, since the owner's own address keeps its own count;
- per client address: ``MAX_FAILED_ATTEMPTS_PER_ADDRESS`` failures across any e-mails lock the
  address out. Without it one address could try a few passwords against every account in turn
  (password spraying), and make the server hash a password for each try.

Registrations are counted per address (``REGISTRATIONS_PER_ADDRESS`` an hour), so one client
cannot make the shop mail confirmation links to a list of strangers. Password-reset *requests* are
counted per e-mail alone (``RESET_REQUESTS_PER_EMAIL`` an hour,
whether or not an account has that e-mail, so the refusal says nothing about who has an account)
to keep anyone from flooding a mailbox, and per address.

A lock-out runs for the limit's window from the attempt that reached it, and the refusal says how
long to wait. A locked-out attempt is refused before any password is hashed. A successful login
clears its pair only: the address's count is not the account's to forgive (otherwise one valid
account would reset an attacker's budget for all the others). The address is the API's
``client_address`` (``storefront.core.http``), which a client cannot choose.
"""

from __future__ import annotations

from dataclasses import dataclass

from storefront.core.ratelimit import FailureLimit

MAX_FAILED_ATTEMPTS = 5
MAX_FAILED_ATTEMPTS_PER_ADDRESS = 20
WINDOW_SECONDS = 15 * 60
RESET_REQUESTS_PER_EMAIL = 3
RESET_REQUESTS_PER_ADDRESS = 20
RESET_WINDOW_SECONDS = 60 * 60
REGISTRATIONS_PER_ADDRESS = 10


@dataclass(frozen=True)
class Attempts:
    """One kind of attempt, counted per account key (with or without the address) and per address."""

    per_account: FailureLimit
    per_address: FailureLimit
    account_with_address: bool = True

    def _account(self, email: str, ip_address: str) -> str:
        email = email.strip().lower()
        return f"{email}|{ip_address}" if self.account_with_address else email

    def blocked_seconds(self, *, email: str, ip_address: str) -> int:
        """Seconds until this e-mail may be tried again from this address; 0 when neither is locked out."""
        return max(
            self.per_account.retry_after(self._account(email, ip_address)),
            self.per_address.retry_after(ip_address),
        )

    def record(self, *, email: str, ip_address: str) -> int:
        """Count one attempt against the account key and the address; returns the account key's count."""
        count = self.per_account.record_failure(self._account(email, ip_address))
        self.per_address.record_failure(ip_address)
        return count

    def clear(self, *, email: str, ip_address: str) -> None:
        """Forgive the account key's attempts (never the address's: see the module docstring)."""
        self.per_account.clear(self._account(email, ip_address))


LOGIN = Attempts(
    per_account=FailureLimit(
        scope="login-failures", limit=MAX_FAILED_ATTEMPTS, window_seconds=WINDOW_SECONDS
    ),
    per_address=FailureLimit(
        scope="login-failures-address", limit=MAX_FAILED_ATTEMPTS_PER_ADDRESS, window_seconds=WINDOW_SECONDS
    ),
)
# Wrong one-time tokens (confirmAccount, setPassword, accountDelete).
ONE_TIME_TOKEN = Attempts(
    per_account=FailureLimit(
        scope="account-token-failures", limit=MAX_FAILED_ATTEMPTS, window_seconds=WINDOW_SECONDS
    ),
    per_address=FailureLimit(
        scope="account-token-failures-address",
        limit=MAX_FAILED_ATTEMPTS_PER_ADDRESS,
        window_seconds=WINDOW_SECONDS,
    ),
)
RESET_REQUEST = Attempts(
    per_account=FailureLimit(
        scope="password-reset-requests", limit=RESET_REQUESTS_PER_EMAIL, window_seconds=RESET_WINDOW_SECONDS
    ),
    per_address=FailureLimit(
        scope="password-reset-requests-address",
        limit=RESET_REQUESTS_PER_ADDRESS,
        window_seconds=RESET_WINDOW_SECONDS,
    ),
    account_with_address=False,
)


def login_blocked_seconds(*, email: str, ip_address: str) -> int:
    """Seconds until this e-mail may be tried again from this address; 0 when neither is locked out."""
    return LOGIN.blocked_seconds(email=email, ip_address=ip_address)


def login_failure_record(*, email: str, ip_address: str) -> int:
    """Count one failed login against the pair and the address; returns the pair's count."""
    return LOGIN.record(email=email, ip_address=ip_address)


def login_failures_clear(*, email: str, ip_address: str) -> None:
    """A successful login forgives its own pair's failures (not the address's)."""
    LOGIN.clear(email=email, ip_address=ip_address)


# Registrations (each may send a confirmation e-mail to any address) from one client address.
REGISTRATIONS = FailureLimit(
    scope="registrations-address", limit=REGISTRATIONS_PER_ADDRESS, window_seconds=RESET_WINDOW_SECONDS
)
