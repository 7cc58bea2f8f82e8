"""Saleor's token mutations: ``tokenCreate``, ``tokenRefresh``, ``tokenVerify``, ``tokensDeactivateAll``.

Each resolver decodes its arguments, calls one service and shapes the payload; expected
failures come back as ``errors`` (``AccountError``), never as a GraphQL error.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from django.conf import settings
from strawberry.types import Info

from graphql_schema.accounts.types import AccountError, User
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.permissions import AuthorizationFilter, permission_required
from graphql_schema.core.scalars import GenericScalar
from storefront.accounts import selectors, services
from storefront.accounts.error_codes import AccountError as AccountDomainError
from storefront.core.http import client_address

REFRESH_TOKEN_COOKIE = "refreshToken"
_DEPRECATED_ERRORS = "Use `errors` field instead."


@strawberry.type(description="Create JWT token.")
class CreateToken:
    token: str | None = strawberry.field(default=None, description="JWT token, required to authenticate.")
    refresh_token: str | None = strawberry.field(
        default=None, description="JWT refresh token, required to re-generate access token."
    )
    csrf_token: str | None = strawberry.field(
        default=None, description="CSRF token required to re-generate access token."
    )
    user: User | None = strawberry.field(default=None, description="A user instance.")
    errors: list[AccountError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def account_errors(self) -> list[AccountError]:
        return self.errors


@strawberry.type(description="Refresh JWT token.")
class RefreshToken:
    token: str | None = strawberry.field(default=None, description="JWT token, required to authenticate.")
    user: User | None = strawberry.field(default=None, description="A user instance.")
    errors: list[AccountError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def account_errors(self) -> list[AccountError]:
        return self.errors


@strawberry.type(description="Verify JWT token.")
class VerifyToken:
    user: User | None = strawberry.field(default=None, description="User assigned to token.")
    is_valid: bool = strawberry.field(default=False, description="Determine if token is valid or not.")
    payload: GenericScalar | None = strawberry.field(default=None, description="JWT payload.")
    errors: list[AccountError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def account_errors(self) -> list[AccountError]:
        return self.errors


@strawberry.type(description="Deactivate all JWT tokens of the currently authenticated user.")
class DeactivateAllUserTokens:
    errors: list[AccountError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def account_errors(self) -> list[AccountError]:
        return self.errors


def set_refresh_cookie(info: Info, refresh_token: str) -> None:
    """Saleor also hands the refresh token over as an http-only cookie, for browser storefronts."""
    request, response = info.context.request, info.context.response
    if response is None:
        return
    secure = request.is_secure()
    response.set_cookie(
        REFRESH_TOKEN_COOKIE,
        refresh_token,
        max_age=settings.JWT_REFRESH_TTL_SECONDS,
        httponly=True,
        secure=secure,
        # A storefront on another site needs SameSite=None, which browsers accept only with Secure.
        samesite="None" if secure else "Lax",
    )


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Create JWT token.")
    @returns_errors(CreateToken, AccountError, AccountDomainError)
    def token_create(
        self,
        info: Info,
        email: Annotated[str, strawberry.argument(description="Email of a user.")],
        password: Annotated[str, strawberry.argument(description="Password of a user.")],
        audience: Annotated[
            str | None,
            strawberry.argument(
                description="The audience that will be included to JWT tokens with prefix `custom:`."
            ),
        ] = None,
    ) -> CreateToken | None:
        issued = services.token_create(
            email=email,
            password=password,
            ip_address=client_address(info.context.request),
            audience=audience,
        )
        set_refresh_cookie(info, issued.refresh_token)
        return CreateToken(
            token=issued.access_token,
            refresh_token=issued.refresh_token,
            csrf_token=issued.csrf_token,
            user=issued.user,  # type: ignore[arg-type]
        )

    @strawberry.mutation(
        description=(
            "Refresh JWT token. Mutation tries to take refreshToken from the input. If it fails it will "
            "try to take `refreshToken` from the http-only cookie `refreshToken`. `csrfToken` is required "
            "when `refreshToken` is provided as a cookie."
        )
    )
    @returns_errors(RefreshToken, AccountError, AccountDomainError)
    def token_refresh(
        self,
        info: Info,
        csrf_token: Annotated[
            str | None,
            strawberry.argument(
                description=(
                    "CSRF token required to refresh token. This argument is required when `refreshToken` is "
                    "provided as a cookie."
                ),
            ),
        ] = None,
        refresh_token: Annotated[str | None, strawberry.argument(description="Refresh token.")] = None,
    ) -> RefreshToken | None:
        from_cookie = refresh_token is None
        if from_cookie:
            refresh_token = info.context.request.COOKIES.get(REFRESH_TOKEN_COOKIE)
        token, user = services.token_refresh(
            refresh_token=refresh_token, csrf_token=csrf_token, from_cookie=from_cookie
        )
        return RefreshToken(token=token, user=user)  # type: ignore[arg-type]

    @strawberry.mutation(description="Verify JWT token.")
    @returns_errors(VerifyToken, AccountError, AccountDomainError)
    def token_verify(
        self, token: Annotated[str, strawberry.argument(description="JWT token to validate.")]
    ) -> VerifyToken | None:
        user, claims = selectors.token_verify(token=token)
        return VerifyToken(user=user, is_valid=True, payload=claims)  # type: ignore[arg-type]

    @strawberry.mutation(
        description=(
            "Deactivate all JWT tokens of the currently authenticated user. \n\n"
            "Requires one of the following permissions: AUTHENTICATED_USER."
        ),
        extensions=[permission_required(AuthorizationFilter.AUTHENTICATED_USER)],
    )
    def tokens_deactivate_all(self, info: Info) -> DeactivateAllUserTokens | None:
        services.tokens_deactivate_all(user=info.context.user)
        return DeactivateAllUserTokens()
