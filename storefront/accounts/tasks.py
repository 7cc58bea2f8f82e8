"""Celery tasks of the accounts: account e-mails, queued on commit by ``account_services``.

The task makes the one-time token itself, when it runs: no token waits in the broker, and a
token made after the commit reflects the state the transaction wrote.
"""

from __future__ import annotations

from storefront.accounts.account_tokens import TokenPurpose, one_time_token_make
from storefront.accounts.emails import AccountEmail, account_email_send
from storefront.accounts.links import link_build
from storefront.accounts.models import User
from storefront.core.tasks import shared_task


@shared_task(ignore_result=True)
def account_email(*, kind: str, user_pk: int, redirect_url: str) -> None:
    """Send the ``kind`` e-mail (an ``AccountEmail`` value) with its one-time link to the user."""
    user = User.objects.filter(pk=user_pk).first()
    if user is None:  # deleted since: nobody to write to
        return
    email_kind = AccountEmail(kind)
    purpose = (
        TokenPurpose.RESET_PASSWORD  # the new staff member sets it with setPassword
        if email_kind is AccountEmail.SET_STAFF_PASSWORD
        else TokenPurpose(email_kind.value)
    )
    token = one_time_token_make(user=user, purpose=purpose)
    account_email_send(
        kind=email_kind,
        recipient=user.email,
        language_code=user.language_code,
        link=link_build(redirect_url=redirect_url, email=user.email, token=token),
    )
