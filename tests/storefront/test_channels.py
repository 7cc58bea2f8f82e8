import pytest

from storefront.channels.models import Channel

pytestmark = pytest.mark.django_db


def test_channels_query_lists_channels(gql):
    Channel.objects.create(name="International", slug="intl-usd", currency_code="USD", default_country="US")
    result = gql("{ channels { slug currencyCode } }")
    assert result["data"] == {"channels": [{"slug": "intl-usd", "currencyCode": "USD"}]}
