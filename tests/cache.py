"""The test run's cache backend: Django's RedisCache whose ``clear()`` forgets only this process's keys.

Django's ``RedisCache.clear()`` is ``FLUSHDB``: it would wipe the keys of the other xdist worker (and of
any other test run on the same Redis) in the middle of their tests. Every test process has a
namespace of its own (``CACHE_KEY_PREFIX``, tests/testenv.py) and, under xdist, a Redis database of
its own; ``clear()`` deletes the keys under this process's prefix and nothing else.
"""

from __future__ import annotations

import re

from django.core.cache.backends.redis import RedisCache

_GLOB_SPECIAL = re.compile(r"([*?\[\]\\])")


class ProcessRedisCache(RedisCache):
    def __init__(self, server: str, params: dict) -> None:
        super().__init__(server, params)
        if not self.key_prefix:
            raise ValueError("the test cache needs a KEY_PREFIX of its own (tests/testenv.py sets one)")

    def clear(self) -> bool:
        client = self._cache.get_client(None, write=True)
        pattern = _GLOB_SPECIAL.sub(r"\\\1", self.key_prefix) + ":*"
        keys = list(client.scan_iter(match=pattern, count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
        return True
