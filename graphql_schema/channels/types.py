"""The ``Channel`` type."""

from __future__ import annotations

import strawberry
import strawberry_django

from storefront.channels import models


@strawberry_django.type(models.Channel, name="Channel")
class Channel:
    id: strawberry.ID
    name: str
    slug: str
    is_active: bool
    currency_code: str
