"""Staff accounts: create, update, delete, with Saleor's rules (``staffCreate/Update/Delete``).

Each write checks the actor's scope (``staff_scope``): nobody gives a group, and so a
permission, they do not hold themselves, manages a member holding more than they do, deletes
or deactivates themselves or a superuser, or leaves a permission that nobody could manage any
more. Problems come back at once as ``AccountError``s with Saleor's ``AccountErrorCode`` and
the ``groups``/``users``/``permissions`` concerned; every write records an audit entry with
the account before and after, inside its own transaction.

A new staff member has no password: when the caller names a ``redirect_url`` (checked against
``ALLOWED_CLIENT_HOSTS``), an e-mail queued on commit links to it with a password-reset token,
which the storefront or dashboard spends with ``setPassword``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q, QuerySet

from storefront.accounts.account_services import email_clean, metadata_clean, name_clean
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.accounts.emails import AccountEmail
from storefront.accounts.error_codes import AccountError, AccountErrorCode
from storefront.accounts.links import redirect_url_clean
from storefront.accounts.models import User
from storefront.accounts.staff_scope import (
    groups_out_of_scope,
    not_manageable_after,
    staff_holdings_load,
    staff_writes_serialize,
    users_out_of_scope,
)
from storefront.accounts.tasks import account_email

Code = AccountErrorCode
Metadata = Sequence[tuple[str, str]]


def staff_snapshot(user: User) -> dict[str, Any]:
    """What the audit log keeps of a staff account (no password, no tokens)."""
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": user.is_active,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "metadata": dict(user.metadata),
        "private_metadata": dict(user.private_metadata),
    }


def staff_list(
    *,
    search: str | None = None,
    is_active: bool | None = None,
    ids: Collection[int] | None = None,
) -> QuerySet[User]:
    """Staff accounts; ``search`` matches part of the e-mail or a name, any case."""
    users = User.objects.filter(is_staff=True)
    if search:
        for word in search.split()[:5]:
            users = users.filter(
                Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
            )
    if is_active is not None:
        users = users.filter(is_active=is_active)
    if ids is not None:
        users = users.filter(pk__in=ids)
    return users


def _groups_problem(actor: Actor, groups: Sequence[Group], *, field: str) -> list[AccountError]:
    outside = groups_out_of_scope(actor, groups)
    if not outside:
        return []
    return [
        AccountError(
            Code.OUT_OF_SCOPE_GROUP,
            "You can't manage groups with permissions you don't have.",
            field=field,
            groups=outside,
        )
    ]


def _metadata(items: Metadata | None, *, current: dict[str, str], field: str) -> dict[str, str]:
    try:
        return metadata_clean(items, current=current)
    except AccountError as exc:
        raise AccountError.group(
            AccountError(Code(error.code), error.message, field=field) for error in exc.errors
        ) from None


def _collect(problems: list[AccountError], check: Any) -> Any:
    try:
        return check()
    except AccountError as exc:
        problems.append(exc)
        return None


def _email_taken(email: str, *, exclude: int | None = None) -> bool:
    users = User.objects.filter(email=email)
    return (users.exclude(pk=exclude) if exclude is not None else users).exists()


@transaction.atomic
def staff_create(
    *,
    actor: Actor,
    email: str | None,
    first_name: str | None = None,
    last_name: str | None = None,
    is_active: bool | None = None,
    add_groups: Sequence[Group] = (),
    redirect_url: str | None = None,
    metadata: Metadata | None = None,
    private_metadata: Metadata | None = None,
) -> User:
    """A new staff account in ``add_groups`` (each within the actor's scope), without a password."""
    staff_writes_serialize()
    problems: list[AccountError] = []
    clean_email = _collect(problems, lambda: email_clean(email))
    if clean_email and _email_taken(clean_email):
        problems.append(AccountError(Code.UNIQUE, "User with this Email already exists.", field="email"))
    first = _collect(problems, lambda: name_clean(first_name, field="first_name"))
    last = _collect(problems, lambda: name_clean(last_name, field="last_name"))
    url = _collect(problems, lambda: redirect_url_clean(redirect_url, required=False))
    public = _collect(problems, lambda: _metadata(metadata, current={}, field="metadata"))
    private = _collect(problems, lambda: _metadata(private_metadata, current={}, field="private_metadata"))
    problems += _groups_problem(actor, add_groups, field="add_groups")
    if problems:
        raise AccountError.group(problems)
    user = User(
        email=clean_email,
        first_name=first or "",
        last_name=last or "",
        is_staff=True,
        is_active=True if is_active is None else is_active,
        metadata=public or {},
        private_metadata=private or {},
    )
    user.set_unusable_password()
    user.save()
    user.groups.set(add_groups)
    audit_log_record(
        actor=actor,
        action="staff.created",
        target=user,
        payload={"before": None, "after": staff_snapshot(user)},
    )
    if url is not None:
        user_pk = user.pk
        transaction.on_commit(
            lambda: account_email.delay(
                kind=AccountEmail.SET_STAFF_PASSWORD.value, user_pk=user_pk, redirect_url=url
            )
        )
    return user


def _staff_target(actor: Actor, user: User, *, not_staff: AccountErrorCode) -> None:
    if not user.is_staff:
        raise AccountError(not_staff, "This user is not a staff member.", field="id")
    if users_out_of_scope(actor, [user]):
        raise AccountError(
            Code.OUT_OF_SCOPE_USER,
            "You can't manage a staff member who has permissions you don't have.",
            field="id",
            users=[user],
        )


@transaction.atomic
def staff_update(
    *,
    actor: Actor,
    user: User,
    email: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    is_active: bool | None = None,
    add_groups: Sequence[Group] = (),
    remove_groups: Sequence[Group] = (),
    metadata: Metadata | None = None,
    private_metadata: Metadata | None = None,
) -> User:
    """Change a staff member the actor may manage (what is given); every problem at once."""
    staff_writes_serialize()
    user = User.objects.select_for_update().get(pk=user.pk)
    _staff_target(actor, user, not_staff=Code.NOT_FOUND)
    before = staff_snapshot(user)
    problems: list[AccountError] = []
    changed: dict[str, Any] = {}
    if email is not None:
        clean_email = _collect(problems, lambda: email_clean(email))
        if clean_email and _email_taken(clean_email, exclude=user.pk):
            problems.append(AccountError(Code.UNIQUE, "User with this Email already exists.", field="email"))
        elif clean_email:
            changed["email"] = clean_email
    for field, value in (("first_name", first_name), ("last_name", last_name)):
        if value is not None:
            cleaned = _collect(problems, lambda f=field, v=value: name_clean(v, field=f))
            if cleaned is not None:
                changed[field] = cleaned
    if metadata:
        changed["metadata"] = _collect(
            problems, lambda: _metadata(metadata, current=user.metadata, field="metadata")
        )
    if private_metadata:
        changed["private_metadata"] = _collect(
            problems,
            lambda: _metadata(private_metadata, current=user.private_metadata, field="private_metadata"),
        )
    if is_active is False and actor.user is not None and actor.user.pk == user.pk:
        problems.append(
            AccountError(
                Code.DEACTIVATE_OWN_ACCOUNT, "You cannot deactivate your own account.", field="is_active"
            )
        )
    elif is_active is False and user.is_superuser:
        problems.append(
            AccountError(
                Code.DEACTIVATE_SUPERUSER_ACCOUNT,
                "Superuser accounts cannot be deactivated.",
                field="is_active",
            )
        )
    elif is_active is not None:
        changed["is_active"] = is_active
    duplicated = [group for group in dict.fromkeys(add_groups) if group in set(remove_groups)]
    for field in ("add_groups", "remove_groups") if duplicated else ():
        problems.append(
            AccountError(
                Code.DUPLICATED_INPUT_ITEM,
                "The same groups are both added and removed.",
                field=field,
                groups=duplicated,
            )
        )
    problems += _groups_problem(actor, add_groups, field="add_groups")
    problems += _groups_problem(actor, remove_groups, field="remove_groups")
    if not problems:
        problems += _manageability_problems(user, remove_groups=remove_groups, deactivate=is_active is False)
    if problems:
        raise AccountError.group(problems)
    for field, value in changed.items():
        setattr(user, field, value)
    if changed:
        user.save(update_fields=[*changed, "updated_at"])
    if add_groups:
        user.groups.add(*add_groups)
    if remove_groups:
        user.groups.remove(*remove_groups)
    after = staff_snapshot(user)
    if after != before:
        audit_log_record(
            actor=actor, action="staff.updated", target=user, payload={"before": before, "after": after}
        )
    return user


def _manageability_problems(
    user: User, *, remove_groups: Sequence[Group], deactivate: bool
) -> list[AccountError]:
    if not remove_groups and not deactivate:
        return []
    holdings = staff_holdings_load()
    after = holdings.without_user(user.pk) if deactivate else holdings
    for group in remove_groups:
        members = after.members.get(group.pk, frozenset())
        after = after.with_group(group.pk, members=members - {user.pk})
    lost = not_manageable_after(holdings, after)
    if not lost:
        return []
    return [
        AccountError(
            Code.LEFT_NOT_MANAGEABLE_PERMISSION,
            "The change would leave permissions that no staff member could manage any more.",
            field="is_active" if deactivate else "remove_groups",
            permissions=lost,
        )
    ]


@transaction.atomic
def staff_delete(*, actor: Actor, user: User) -> User:
    """Delete a staff member the actor may manage; never oneself, a superuser or the last manager.

    Returns the deleted account with its primary key kept, for the payload's ``user``.
    """
    staff_writes_serialize()
    if actor.user is not None and actor.user.pk == user.pk:
        raise AccountError(Code.DELETE_OWN_ACCOUNT, "You cannot delete your own account.", field="id")
    if user.is_superuser:
        raise AccountError(Code.DELETE_SUPERUSER_ACCOUNT, "Superuser accounts cannot be deleted.", field="id")
    _staff_target(actor, user, not_staff=Code.DELETE_NON_STAFF_USER)
    holdings = staff_holdings_load()
    lost = not_manageable_after(holdings, holdings.without_user(user.pk))
    if lost:
        raise AccountError(
            Code.LEFT_NOT_MANAGEABLE_PERMISSION,
            "Deleting this account would leave permissions that no staff member could manage any more.",
            field="id",
            permissions=lost,
        )
    audit_log_record(
        actor=actor,
        action="staff.deleted",
        target=user,
        payload={"before": staff_snapshot(user), "after": None},
    )
    pk = user.pk
    user.delete()
    user.pk = pk
    return user
