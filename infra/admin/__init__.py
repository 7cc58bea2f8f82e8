"""The cooperative's web admin, on ``django.contrib.admin``, organised for the staff's roles.

It lives in ``infra`` (the composition root) because one page shows several domains (an order's
lines, their allocations and the certified units packed). Every write goes through the same
domain services as the API, with ``Actor.of(user=request.user)``; where no service exists the
admin only shows. Which pages a staff member sees follows Saleor's permission codes
(``permissions.py``), never Django's per-model permissions.
"""
