"""Saleor's buyer account mutations: register, confirm, reset and change the password, delete.

Thin: each resolver decodes its arguments, calls one service of ``storefront.accounts.account_services``
and shapes Saleor's payload; expected failures come back as ``errors``. ``channel`` arguments are
accepted as Saleor's are and not needed: account e-mails go out in the buyer's language with the
shop's name, whatever the channel.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from graphql_schema.accounts.mutations import set_refresh_cookie
from graphql_schema.accounts.types import AccountError, User, user_root
from graphql_schema.core.address import AddressInput, address_input_data
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.languages import LanguageCodeEnum, language_code_from_enum
from graphql_schema.core.metadata import MetadataInput
from graphql_schema.core.permissions import AuthorizationFilter, permission_required
from storefront.accounts import account_services
from storefront.accounts.error_codes import AccountError as AccountDomainError
from storefront.accounts.error_codes import AccountErrorCode
from storefront.core.http import client_address
from storefront.marketing.newsletter import newsletter_from_registration

_DEPRECATED_ERRORS = "Use `errors` field instead."
_SET_PASSWORD = (
    "Sets the user's password from the token sent by email using the RequestPasswordReset mutation."
)
_CHANNEL = "Slug of a channel which will be used to notify users. Optional when only one channel exists."


def _items(metadata: list[MetadataInput] | None) -> list[tuple[str, str]] | None:
    return None if metadata is None else [(item.key, item.value) for item in metadata]


@strawberry.type
class _AccountPayload:
    errors: list[AccountError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def account_errors(self) -> list[AccountError]:
        return self.errors


@strawberry.input(description="Fields required to create a user.")
class AccountRegisterInput:
    first_name: str | None = strawberry.field(default=None, description="Given name.")
    last_name: str | None = strawberry.field(default=None, description="Family name.")
    language_code: LanguageCodeEnum | None = strawberry.field(default=None, description="User language code.")
    email: str = strawberry.field(description="The email address of the user.")
    password: str = strawberry.field(description="Password.")
    redirect_url: str | None = strawberry.field(
        default=None,
        description=(
            "Base of frontend URL that will be needed to create confirmation URL. Required when account "
            "confirmation is enabled."
        ),
    )
    channel: str | None = strawberry.field(default=None, description=_CHANNEL)
    metadata: list[MetadataInput] | None = strawberry.field(
        default=None,
        description=(
            "User public metadata. Can be read by any API client authorized to read the object it's attached "
            "to.\n\nWarning: never store sensitive information, including financial data such as credit card "
            "details."
        ),
    )


@strawberry.input(description="Fields required to update the user.")
class AccountInput:
    first_name: str | None = strawberry.field(default=None, description="Given name.")
    last_name: str | None = strawberry.field(default=None, description="Family name.")
    language_code: LanguageCodeEnum | None = strawberry.field(default=None, description="User language code.")
    default_billing_address: AddressInput | None = strawberry.field(
        default=None, description="Billing address of the customer."
    )
    default_shipping_address: AddressInput | None = strawberry.field(
        default=None, description="Shipping address of the customer."
    )
    metadata: list[MetadataInput] | None = strawberry.field(
        default=None,
        description=(
            "User public metadata. Can be read by any API client authorized to read the object it's attached "
            "to.\n\nWarning: never store sensitive information, including financial data such as credit card "
            "details."
        ),
    )


@strawberry.type(description="Updates the account of the logged-in user.")
class AccountUpdate(_AccountPayload):
    user: User | None = None


@strawberry.type(description="Register a new user.")
class AccountRegister(_AccountPayload):
    user: User | None = strawberry.field(
        default=None,
        deprecation_reason=(
            "The field always returns a `User` object constructed from the input data. The `user.id` is "
            "always empty. To determine whether the user exists in Saleor, query via an external app with "
            "the required permissions."
        ),
    )
    requires_confirmation: bool | None = strawberry.field(
        default=None, description="Informs whether users need to confirm their email address."
    )


@strawberry.type(description="Confirm user account with token sent by email during registration.")
class ConfirmAccount(_AccountPayload):
    user: User | None = strawberry.field(default=None, description="An activated user account.")


@strawberry.type(description="Sends an email with the account password modification link.")
class RequestPasswordReset(_AccountPayload):
    pass


@strawberry.type(description=_SET_PASSWORD)
class SetPassword(_AccountPayload):
    token: str | None = strawberry.field(default=None, description="JWT token, required to authenticate.")
    refresh_token: str | None = strawberry.field(
        default=None, description="JWT refresh token, required to re-generate access token."
    )
    csrf_token: str | None = strawberry.field(
        default=None, description="CSRF token required to re-generate access token."
    )
    user: User | None = strawberry.field(default=None, description="A user instance.")


@strawberry.type(description="Change the password of the logged in user.")
class PasswordChange(_AccountPayload):
    user: User | None = strawberry.field(default=None, description="A user instance with a new password.")


@strawberry.type(description="Sends an email with the account removal link for the logged-in user.")
class AccountRequestDeletion(_AccountPayload):
    pass


@strawberry.type(description="Remove user account.")
class AccountDelete(_AccountPayload):
    user: User | None = strawberry.field(default=None)


@strawberry.type
class AccountLifecycleMutations:
    @strawberry.mutation(description="Register a new user.")
    @returns_errors(AccountRegister, AccountError, AccountDomainError)
    def account_register(
        self,
        info: Info,
        input: Annotated[
            AccountRegisterInput, strawberry.argument(description="Fields required to create a user.")
        ],
    ) -> AccountRegister | None:
        registration = account_services.account_register(
            email=input.email,
            password=input.password,
            first_name=input.first_name,
            last_name=input.last_name,
            language_code=language_code_from_enum(input.language_code) if input.language_code else None,
            redirect_url=input.redirect_url,
            metadata=_items(input.metadata),
            ip_address=client_address(info.context.request),
        )
        # Metadata "newsletter": "true" asks for the newsletter (double opt-in; issue 12).
        newsletter_from_registration(
            metadata=_items(input.metadata),
            email=registration.user.email,
            channel_slug=input.channel,
            language_code=registration.user.language_code,
        )
        return AccountRegister(
            user=user_root(registration.user), requires_confirmation=registration.requires_confirmation
        )

    @strawberry.mutation(description="Confirm user account with token sent by email during registration.")
    @returns_errors(ConfirmAccount, AccountError, AccountDomainError)
    def confirm_account(
        self,
        info: Info,
        email: Annotated[
            str, strawberry.argument(description="E-mail of the user performing account confirmation.")
        ],
        token: Annotated[
            str, strawberry.argument(description="A one-time token required to confirm the account.")
        ],
        password: Annotated[
            str | None,
            strawberry.argument(
                description=(
                    "Password of the user confirming their account. Required when `REQUIRED_PASSWORD` "
                    "mode is enabled in shop settings (Asal has no such mode: ignored)."
                )
            ),
        ] = None,
    ) -> ConfirmAccount | None:
        user = account_services.account_confirm(
            email=email, token=token, ip_address=client_address(info.context.request)
        )
        return ConfirmAccount(user=user_root(user))

    @strawberry.mutation(
        description=(
            "Sends an email with the account password modification link. Answers the same whether or not "
            "an account has this email."
        )
    )
    @returns_errors(RequestPasswordReset, AccountError, AccountDomainError)
    def request_password_reset(
        self,
        info: Info,
        email: Annotated[
            str, strawberry.argument(description="Email of the user that will be used for password recovery.")
        ],
        redirect_url: Annotated[
            str,
            strawberry.argument(
                description=(
                    "URL of a view where users should be redirected to reset the password. URL in RFC "
                    "1808 format."
                )
            ),
        ],
        channel: Annotated[str | None, strawberry.argument(description=_CHANNEL)] = None,
    ) -> RequestPasswordReset | None:
        account_services.password_reset_request(
            email=email, redirect_url=redirect_url, ip_address=client_address(info.context.request)
        )
        return RequestPasswordReset()

    @strawberry.mutation(description=_SET_PASSWORD)
    @returns_errors(SetPassword, AccountError, AccountDomainError)
    def set_password(
        self,
        info: Info,
        email: Annotated[str, strawberry.argument(description="Email of a user.")],
        password: Annotated[str, strawberry.argument(description="Password of a user.")],
        token: Annotated[
            str, strawberry.argument(description="A one-time token required to set the password.")
        ],
    ) -> SetPassword | None:
        issued = account_services.password_set(
            email=email, token=token, password=password, ip_address=client_address(info.context.request)
        )
        set_refresh_cookie(info, issued.refresh_token)
        return SetPassword(
            token=issued.access_token,
            refresh_token=issued.refresh_token,
            csrf_token=issued.csrf_token,
            user=user_root(issued.user),
        )

    @strawberry.mutation(
        description=(
            "Updates the account of the logged-in user. \n\nRequires one of the following permissions: "
            "AUTHENTICATED_USER."
        ),
        extensions=[permission_required(AuthorizationFilter.AUTHENTICATED_USER)],
    )
    @returns_errors(AccountUpdate, AccountError, AccountDomainError)
    def account_update(
        self,
        info: Info,
        input: Annotated[
            AccountInput,
            strawberry.argument(description="Fields required to update the account of the logged-in user."),
        ],
        customer_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description=(
                    "ID of customer the application is impersonating. The field can be used and is required "
                    "by apps only. Requires IMPERSONATE_USER and AUTHENTICATED_APP permission."
                )
            ),
        ] = None,
    ) -> AccountUpdate | None:
        if customer_id is not None:
            raise AccountDomainError(
                AccountErrorCode.OUT_OF_SCOPE_USER, "Only apps may act for a customer.", field="customerId"
            )
        user = account_services.account_update(
            user=info.context.user,
            first_name=input.first_name,
            last_name=input.last_name,
            language_code=language_code_from_enum(input.language_code) if input.language_code else None,
            default_shipping_address=(
                address_input_data(input.default_shipping_address)
                if input.default_shipping_address is not None
                else None
            ),
            default_billing_address=(
                address_input_data(input.default_billing_address)
                if input.default_billing_address is not None
                else None
            ),
            metadata=_items(input.metadata),
        )
        return AccountUpdate(user=user_root(user))

    @strawberry.mutation(
        description=(
            "Change the password of the logged in user. \n\nRequires one of the following permissions: "
            "AUTHENTICATED_USER."
        ),
        extensions=[permission_required(AuthorizationFilter.AUTHENTICATED_USER)],
    )
    @returns_errors(PasswordChange, AccountError, AccountDomainError)
    def password_change(
        self,
        info: Info,
        new_password: Annotated[str, strawberry.argument(description="New user password.")],
        old_password: Annotated[str | None, strawberry.argument(description="Current user password.")] = None,
    ) -> PasswordChange | None:
        user = account_services.password_change(
            user=info.context.user,
            old_password=old_password,
            new_password=new_password,
            ip_address=client_address(info.context.request),
        )
        return PasswordChange(user=user_root(user))

    @strawberry.mutation(
        description=(
            "Sends an email with the account removal link for the logged-in user. \n\nRequires one of the "
            "following permissions: AUTHENTICATED_USER."
        ),
        extensions=[permission_required(AuthorizationFilter.AUTHENTICATED_USER)],
    )
    @returns_errors(AccountRequestDeletion, AccountError, AccountDomainError)
    def account_request_deletion(
        self,
        info: Info,
        redirect_url: Annotated[
            str,
            strawberry.argument(
                description=(
                    "URL of a view where users should be redirected to delete their account. URL in RFC 1808 "
                    "format."
                )
            ),
        ],
        channel: Annotated[str | None, strawberry.argument(description=_CHANNEL)] = None,
    ) -> AccountRequestDeletion | None:
        account_services.account_deletion_request(user=info.context.user, redirect_url=redirect_url)
        return AccountRequestDeletion()

    @strawberry.mutation(
        description="Remove user account. \n\nRequires one of the following permissions: AUTHENTICATED_USER.",
        extensions=[permission_required(AuthorizationFilter.AUTHENTICATED_USER)],
    )
    @returns_errors(AccountDelete, AccountError, AccountDomainError)
    def account_delete(
        self,
        info: Info,
        token: Annotated[
            str,
            strawberry.argument(
                description=(
                    "A one-time token required to remove account. Sent by email using AccountRequestDeletion "
                    "mutation."
                )
            ),
        ],
    ) -> AccountDelete | None:
        user = account_services.account_delete(
            user=info.context.user, token=token, ip_address=client_address(info.context.request)
        )
        return AccountDelete(user=user_root(user))
