"""The Stripe gateway (``gateway.StripeGateway``) and its parts.

``amounts`` converts Money to Stripe's integer amounts; ``client`` is the one module importing the
``stripe`` library; ``mapping`` reads Stripe's objects as the contract's events and settlements.
"""
