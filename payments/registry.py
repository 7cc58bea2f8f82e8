"""Load the gateways named in settings (``PAYMENT_GATEWAYS``: dotted class paths), keyed by id."""

from __future__ import annotations

import importlib
from typing import Any

from payments.contract import PaymentGateway
from payments.error_codes import GatewayConfigurationError


def _import_class(path: str) -> Any:
    module_path, _, class_name = path.rpartition(".")
    if not module_path:
        raise ImportError(f"{path!r} is not a dotted path.")
    module = importlib.import_module(module_path)
    try:
        return getattr(module, class_name)
    except AttributeError:
        raise ImportError(f"Module {module_path!r} has no {class_name!r}.") from None


def gateways_from_settings(paths: list[str]) -> dict[str, PaymentGateway]:
    """Instantiate each class of ``paths``; an unimportable path or a duplicated id is refused."""
    gateways: dict[str, PaymentGateway] = {}
    for path in paths:
        try:
            gateway_class = _import_class(path)
        except ImportError as exc:
            raise GatewayConfigurationError(f"Cannot import payment gateway {path!r}: {exc}") from exc
        gateway: PaymentGateway = gateway_class()
        gateway_id = getattr(gateway, "id", None)
        if not isinstance(gateway_id, str) or not gateway_id:
            raise GatewayConfigurationError(f"Payment gateway {path!r} has no id.")
        if gateway_id in gateways:
            raise GatewayConfigurationError(f"Two payment gateways have the id {gateway_id!r}.")
        gateways[gateway_id] = gateway
    return gateways
