import pytest

from payments.dummy import DUMMY_GATEWAY_ID, DummyGateway
from payments.error_codes import GatewayConfigurationError
from payments.registry import gateways_from_settings


class OtherGateway(DummyGateway):
    id = "example.other"


class NoIdGateway(DummyGateway):
    id = ""


def test_gateways_are_keyed_by_id():
    gateways = gateways_from_settings(["payments.dummy.DummyGateway", f"{__name__}.OtherGateway"])
    assert list(gateways) == [DUMMY_GATEWAY_ID, "example.other"]
    assert isinstance(gateways[DUMMY_GATEWAY_ID], DummyGateway)


def test_no_gateways():
    assert gateways_from_settings([]) == {}


@pytest.mark.parametrize(
    "paths",
    [
        ["payments.dummy.NoSuchGateway"],
        ["payments.no_such_module.Gateway"],
        ["DummyGateway"],
        ["payments.dummy.DummyGateway", "payments.dummy.DummyGateway"],
        [f"{__name__}.NoIdGateway"],
    ],
)
def test_bad_settings_are_refused(paths):
    with pytest.raises(GatewayConfigurationError):
        gateways_from_settings(paths)
