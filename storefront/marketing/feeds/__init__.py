"""Product feeds for Google Merchant Center (RSS 2.0 with ``g:`` fields) and Meta's catalogue (CSV),
per channel and language: ``items`` (what is listed), ``render`` (the files), ``storage`` (written
to the default storage, opened by the view), ``tasks`` (Celery), ``views``/``urls``."""
