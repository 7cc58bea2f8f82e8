"""A buyer's account: registration, confirmation, password reset and change, deletion (account_services)."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import transaction
from django.test import override_settings

from storefront.accounts import account_services, selectors, services, throttle
from storefront.accounts.account_tokens import TokenPurpose, one_time_token_check, one_time_token_make
from storefront.accounts.error_codes import AccountError, AccountErrorCode
from storefront.accounts.models import User
from tests.storefront.accounts.factories import PASSWORD, UserFactory
from tests.storefront.accounts.mail import link_in, token_in

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("fast_hashing"),
]

STOREFRONT = "http://localhost:3000/account/confirm"
NEW_PASSWORD = "tenun-ikat-baru-2026"


@pytest.fixture
def fast_hashing():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def address() -> str:
    return f"2001:db8:a::{uuid.uuid4().hex[:4]}"


def _email() -> str:
    return f"new-{uuid.uuid4().hex[:10]}@example.com"


def _register(capture, email: str, **extra):
    with capture(execute=True):
        return account_services.account_register(
            email=email, password=PASSWORD, redirect_url=STOREFRONT, **{"first_name": "Baiq", **extra}
        )


# --- registration and confirmation -----------------------------------------------------------------


def test_registration_creates_an_unconfirmed_account_and_mails_a_confirmation_link(
    django_capture_on_commit_callbacks, mailoutbox
):
    email = _email()

    registration = _register(django_capture_on_commit_callbacks, email)

    stored = User.objects.get(email=email)
    assert not stored.is_confirmed and stored.check_password(PASSWORD)
    assert registration.requires_confirmation and registration.user.pk is None
    [message] = mailoutbox
    assert message.to == [email]
    link = urlsplit(link_in(message))
    assert f"{link.scheme}://{link.netloc}{link.path}" == STOREFRONT
    assert parse_qs(link.query)["email"] == [email]
    assert one_time_token_check(user=stored, purpose=TokenPurpose.CONFIRM_ACCOUNT, token=token_in(message))


def test_an_unconfirmed_account_cannot_log_in_until_confirmed(
    django_capture_on_commit_callbacks, mailoutbox, address
):
    email = _email()
    _register(django_capture_on_commit_callbacks, email)
    with pytest.raises(AccountError) as refused:
        services.token_create(email=email, password=PASSWORD, ip_address=address)
    assert refused.value.code == AccountErrorCode.ACCOUNT_NOT_CONFIRMED

    confirmed = account_services.account_confirm(
        email=email, token=token_in(mailoutbox[0]), ip_address=address
    )

    assert confirmed.is_confirmed
    assert services.token_create(email=email, password=PASSWORD, ip_address=address).user == confirmed


def test_a_confirmation_token_works_once(django_capture_on_commit_callbacks, mailoutbox, address):
    email = _email()
    _register(django_capture_on_commit_callbacks, email)
    token = token_in(mailoutbox[0])
    account_services.account_confirm(email=email, token=token, ip_address=address)

    with pytest.raises(AccountError) as again:
        account_services.account_confirm(email=email, token=token, ip_address=address)

    assert (again.value.code, again.value.field) == (AccountErrorCode.INVALID, "token")


def test_a_taken_email_answers_like_a_free_one_and_changes_nothing(
    django_capture_on_commit_callbacks, mailoutbox
):
    owner = UserFactory()
    password_before = owner.password

    registration = _register(django_capture_on_commit_callbacks, owner.email.upper(), first_name="Intruder")

    assert registration.requires_confirmation and registration.user.pk is None
    assert registration.user.first_name == "Intruder"
    owner.refresh_from_db()
    assert owner.password == password_before and owner.first_name == "Baiq"
    assert User.objects.filter(email=owner.email).count() == 1
    assert mailoutbox == []


def test_registering_again_before_confirming_sends_the_link_again(
    django_capture_on_commit_callbacks, mailoutbox
):
    email = _email()
    _register(django_capture_on_commit_callbacks, email)

    _register(django_capture_on_commit_callbacks, email)

    assert len(mailoutbox) == 2
    assert User.objects.filter(email=email).count() == 1


def test_every_registration_problem_is_reported_at_once():
    with pytest.raises(AccountError) as refused:
        account_services.account_register(
            email="not-an-email", password="short", first_name="x" * 300, redirect_url="https://evil.example/"
        )

    assert {(error.field, error.code) for error in refused.value.errors} == {
        ("email", AccountErrorCode.INVALID),
        ("first_name", AccountErrorCode.INVALID),
        ("redirect_url", AccountErrorCode.INVALID),
        ("password", AccountErrorCode.PASSWORD_TOO_SHORT),
    }


def test_a_redirect_url_is_required_while_confirmation_is():
    with pytest.raises(AccountError) as refused:
        account_services.account_register(email=_email(), password=PASSWORD)

    assert (refused.value.field, refused.value.code) == ("redirect_url", AccountErrorCode.REQUIRED)


@override_settings(ACCOUNT_CONFIRMATION_REQUIRED=False)
def test_without_confirmation_a_new_account_logs_in_at_once(mailoutbox, address):
    email = _email()
    registration = account_services.account_register(email=email, password=PASSWORD)

    assert not registration.requires_confirmation
    assert services.token_create(email=email, password=PASSWORD, ip_address=address).user.email == email
    assert mailoutbox == []


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "https://user:pw@localhost/x", "//localhost/x", "ftp://localhost/"]
)
def test_only_http_urls_on_allowed_hosts_are_accepted(url):
    with pytest.raises(AccountError) as refused:
        account_services.password_reset_request(email=_email(), redirect_url=url, ip_address="192.0.2.1")

    assert (refused.value.field, refused.value.code) == ("redirect_url", AccountErrorCode.INVALID)


@override_settings(ALLOWED_CLIENT_HOSTS=[".kain.example"])
def test_a_host_pattern_admits_subdomains(django_capture_on_commit_callbacks, mailoutbox, address):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        account_services.password_reset_request(
            email=user.email, redirect_url="https://shop.kain.example/reset?step=2", ip_address=address
        )

    query = parse_qs(urlsplit(link_in(mailoutbox[0])).query)
    assert query["step"] == ["2"] and query["email"] == [user.email]


# --- password reset -----------------------------------------------------------------------------------


def _reset(capture, email: str, address: str) -> None:
    with capture(execute=True):
        account_services.password_reset_request(email=email, redirect_url=STOREFRONT, ip_address=address)


def test_a_reset_request_for_an_unknown_email_answers_the_same_and_sends_nothing(
    django_capture_on_commit_callbacks, mailoutbox, address
):
    _reset(django_capture_on_commit_callbacks, _email(), address)

    assert mailoutbox == []


def test_set_password_logs_in_and_revokes_every_earlier_token(
    django_capture_on_commit_callbacks, mailoutbox, address
):
    user = UserFactory()
    before = services.token_create(email=user.email, password=PASSWORD, ip_address=address)
    _reset(django_capture_on_commit_callbacks, user.email, address)
    token = token_in(mailoutbox[0])

    issued = account_services.password_set(
        email=user.email, token=token, password=NEW_PASSWORD, ip_address=address
    )

    assert issued.user.check_password(NEW_PASSWORD)
    assert selectors.user_get_by_access_token(token=issued.access_token) == user
    assert selectors.user_get_by_access_token(token=before.access_token) is None
    with pytest.raises(AccountError):
        services.token_refresh(refresh_token=before.refresh_token, csrf_token=None, from_cookie=False)
    with pytest.raises(AccountError) as spent:
        account_services.password_set(
            email=user.email, token=token, password="another-one-2026", ip_address=address
        )
    assert spent.value.code == AccountErrorCode.INVALID


def test_a_weak_new_password_is_refused_and_the_token_stays_good(
    django_capture_on_commit_callbacks, mailoutbox, address
):
    user = UserFactory()
    _reset(django_capture_on_commit_callbacks, user.email, address)
    token = token_in(mailoutbox[0])

    with pytest.raises(AccountError) as weak:
        account_services.password_set(email=user.email, token=token, password="password", ip_address=address)

    assert (weak.value.field, weak.value.code) == ("password", AccountErrorCode.PASSWORD_TOO_COMMON)
    account_services.password_set(email=user.email, token=token, password=NEW_PASSWORD, ip_address=address)


def test_a_token_for_one_purpose_does_not_pass_for_another(address):
    user = UserFactory(is_confirmed=False)
    confirmation = one_time_token_make(user=user, purpose=TokenPurpose.CONFIRM_ACCOUNT)

    with pytest.raises(AccountError):
        account_services.password_set(
            email=user.email, token=confirmation, password=NEW_PASSWORD, ip_address=address
        )


def test_reset_requests_are_limited_per_email_whether_or_not_it_has_an_account(
    django_capture_on_commit_callbacks, mailoutbox
):
    for email in (UserFactory().email, _email()):
        for n in range(throttle.RESET_REQUESTS_PER_EMAIL):
            _reset(django_capture_on_commit_callbacks, email, f"192.0.2.{n}")
        with pytest.raises(AccountError) as refused:
            _reset(django_capture_on_commit_callbacks, email, "192.0.2.99")
        assert refused.value.code == AccountErrorCode.PASSWORD_RESET_ALREADY_REQUESTED
    assert len(mailoutbox) == throttle.RESET_REQUESTS_PER_EMAIL


def test_wrong_tokens_are_throttled_per_email_and_address(address):
    user = UserFactory()
    for _ in range(throttle.MAX_FAILED_ATTEMPTS):
        with pytest.raises(AccountError) as wrong:
            account_services.password_set(
                email=user.email, token="1-abc", password=NEW_PASSWORD, ip_address=address
            )
        assert wrong.value.code == AccountErrorCode.INVALID

    good = one_time_token_make(user=user, purpose=TokenPurpose.RESET_PASSWORD)
    with pytest.raises(AccountError) as delayed:
        account_services.password_set(email=user.email, token=good, password=NEW_PASSWORD, ip_address=address)

    assert delayed.value.code == AccountErrorCode.LOGIN_ATTEMPT_DELAYED
    assert 0 < delayed.value.details["retry_after_seconds"] <= throttle.WINDOW_SECONDS
    # The owner's own address is not locked out.
    account_services.password_set(
        email=user.email, token=good, password=NEW_PASSWORD, ip_address="192.0.2.200"
    )


# --- password change -------------------------------------------------------------------------------------


def test_a_wrong_old_password_changes_nothing_and_counts_like_a_failed_login(address):
    user = UserFactory()

    with pytest.raises(AccountError) as refused:
        account_services.password_change(
            user=user, old_password="guess", new_password=NEW_PASSWORD, ip_address=address
        )

    assert (refused.value.field, refused.value.code) == ("old_password", AccountErrorCode.INVALID_PASSWORD)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    for _ in range(throttle.MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(AccountError):
            account_services.password_change(
                user=user, old_password="guess", new_password=NEW_PASSWORD, ip_address=address
            )
    with pytest.raises(AccountError) as delayed:
        account_services.password_change(
            user=user, old_password=PASSWORD, new_password=NEW_PASSWORD, ip_address=address
        )
    assert delayed.value.code == AccountErrorCode.LOGIN_ATTEMPT_DELAYED


def test_a_password_change_spends_outstanding_reset_links(address):
    user = UserFactory()
    reset = one_time_token_make(user=user, purpose=TokenPurpose.RESET_PASSWORD)

    account_services.password_change(
        user=user, old_password=PASSWORD, new_password=NEW_PASSWORD, ip_address=address
    )

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not one_time_token_check(user=user, purpose=TokenPurpose.RESET_PASSWORD, token=reset)


# --- deletion ----------------------------------------------------------------------------------------------


def test_deletion_needs_the_mailed_token(django_capture_on_commit_callbacks, mailoutbox, address):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        account_services.account_deletion_request(user=user, redirect_url="http://localhost:3000/delete")
    with pytest.raises(AccountError):
        account_services.account_delete(user=user, token="1-abc", ip_address=address)
    assert User.objects.filter(pk=user.pk).exists()

    account_services.account_delete(user=user, token=token_in(mailoutbox[0]), ip_address=address)

    assert not User.objects.filter(email=user.email).exists()


def test_staff_accounts_are_not_deleted_here():
    with pytest.raises(AccountError) as refused:
        account_services.account_deletion_request(user=UserFactory(is_staff=True), redirect_url=STOREFRONT)

    assert refused.value.code == AccountErrorCode.DELETE_STAFF_ACCOUNT


# --- e-mail: on commit only, in the buyer's language ----------------------------------------------------


def test_no_email_leaves_when_the_transaction_rolls_back(django_capture_on_commit_callbacks, mailoutbox):
    email = _email()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        account_services.account_register(email=email, password=PASSWORD, redirect_url=STOREFRONT)
        raise RuntimeError("a later step failed")

    assert callbacks == [] and mailoutbox == []
    assert not User.objects.filter(email=email).exists()


def test_nothing_is_sent_before_the_commit(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        account_services.account_register(email=_email(), password=PASSWORD, redirect_url=STOREFRONT)

    assert len(callbacks) == 1 and mailoutbox == []


@pytest.mark.parametrize(
    ("language", "subject_start"),
    [("id", "Konfirmasi akun Anda"), ("en", "Confirm your account"), ("de", "Confirm")],
)
def test_the_email_is_in_the_buyers_language(
    django_capture_on_commit_callbacks, mailoutbox, language, subject_start
):
    _register(django_capture_on_commit_callbacks, _email(), language_code=language)

    assert mailoutbox[0].subject.startswith(subject_start)


def test_registrations_are_limited_per_client_address(address):
    for _ in range(throttle.REGISTRATIONS_PER_ADDRESS):
        account_services.account_register(
            email=_email(), password=PASSWORD, redirect_url=STOREFRONT, ip_address=address
        )

    with pytest.raises(AccountError) as refused:
        account_services.account_register(
            email=_email(), password=PASSWORD, redirect_url=STOREFRONT, ip_address=address
        )

    assert refused.value.code == AccountErrorCode.LOGIN_ATTEMPT_DELAYED
    account_services.account_register(
        email=_email(), password=PASSWORD, redirect_url=STOREFRONT, ip_address="192.0.2.9"
    )
