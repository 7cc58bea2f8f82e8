"""strawberry-django's optimizer without its per-field hook.

``DjangoOptimizerExtension`` implements ``resolve``, which makes strawberry wrap every field of
every object in a middleware that only acts when a resolver returns an unevaluated QuerySet. A
storefront listing resolves about two thousand fields, so the wrapper cost more than the
optimizer ever saved here: Asal's list resolvers load pages and relations themselves (one SQL
statement per page, dataloaders below it: ``graphql_schema/catalog/resolvers.py``), and no
plain resolver returns a QuerySet. The optimizer still serves the ``strawberry_django`` fields
(``User``): they optimize their own QuerySets while ``on_execute`` has set the extension.
"""

from __future__ import annotations

from strawberry.extensions import SchemaExtension
from strawberry_django.optimizer import DjangoOptimizerExtension


class FieldOptimizerExtension(DjangoOptimizerExtension):
    """The optimizer for ``strawberry_django`` fields only; other fields run unwrapped."""

    resolve = SchemaExtension.resolve  # type: ignore[assignment]
