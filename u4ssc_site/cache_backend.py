"""The cache as the site uses it: an aid to speed, never a reason for a page to fail.

FailOpenRedisCache is Django's Redis cache that, when Redis is down or hangs (each call gives up after the
socket timeout of the settings, a second), answers as an empty cache: a read finds nothing, a write keeps
nothing and says so (set_many returns the keys it could not keep, as Django's contract has it). The process then
leaves Redis alone for RETRY_AFTER seconds, so a page meets one timeout at most, not one per call. Pages are then
rendered afresh from the database; what could not be kept is rendered again later. The stamps that tell a cached
page from a stale one (kpis.stamps) change again once Redis answers (see stamps_changed there).
"""
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

RETRY_AFTER = 5.0
_down_until = 0.0  # shared by the threads of the process


class FailOpenRedisCache(RedisCache):
    def _try(self, call, fallback):
        global _down_until
        if time.monotonic() < _down_until:
            return fallback()
        try:
            return call()
        except RedisError:
            _down_until = time.monotonic() + RETRY_AFTER
            return fallback()

    def get(self, key, default=None, version=None):
        return self._try(lambda: super(FailOpenRedisCache, self).get(key, default, version), lambda: default)

    def get_many(self, keys, version=None):
        return self._try(lambda: super(FailOpenRedisCache, self).get_many(keys, version), dict)

    def has_key(self, key, version=None):
        return self._try(lambda: super(FailOpenRedisCache, self).has_key(key, version), lambda: False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(lambda: super(FailOpenRedisCache, self).add(key, value, timeout, version), lambda: False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(lambda: super(FailOpenRedisCache, self).set(key, value, timeout, version), lambda: None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(lambda: super(FailOpenRedisCache, self).set_many(data, timeout, version),
                         lambda: list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(lambda: super(FailOpenRedisCache, self).touch(key, timeout, version), lambda: False)

    def delete(self, key, version=None):
        return self._try(lambda: super(FailOpenRedisCache, self).delete(key, version), lambda: False)

    def delete_many(self, keys, version=None):
        return self._try(lambda: super(FailOpenRedisCache, self).delete_many(keys, version), lambda: None)
