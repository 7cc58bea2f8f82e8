"""The demo shop's data: ``manage.py load_demo`` (the catalogue ``make run`` serves) and
``manage.py generate_catalogue`` (the synthetic catalogue ``make bench`` reads).

It lives in the composition root, not in a domain, because it writes through every domain at
once (channels, makers, catalogue, stock, certified lots); no domain package imports it.
"""
