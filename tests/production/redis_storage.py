"""A storage kept in Redis, for tests only: a non-filesystem backend that several processes share.

Web and worker processes name it with STORAGE_BACKEND=tests.production.redis_storage.RedisStorage
and find it at REDIS_STORAGE_URL; each file is one Redis string under REDIS_STORAGE_PREFIX.
"""
import os

import redis
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible


@deconstructible
class RedisStorage(Storage):
    def __init__(self, url=None, prefix=None):
        self.url = url or os.environ["REDIS_STORAGE_URL"]
        self.prefix = prefix or os.environ.get("REDIS_STORAGE_PREFIX", "storage:")
        self.client = redis.Redis.from_url(self.url)

    def _key(self, name):
        return self.prefix + name

    def _open(self, name, mode="rb"):
        content = self.client.get(self._key(name))
        if content is None:
            raise FileNotFoundError(name)
        return ContentFile(content, name=name)

    def _save(self, name, content):
        content.seek(0)
        self.client.set(self._key(name), content.read())
        return name

    def exists(self, name):
        return bool(self.client.exists(self._key(name)))

    def delete(self, name):
        self.client.delete(self._key(name))

    def size(self, name):
        return self.client.strlen(self._key(name))

    def names(self):
        """Every stored name (tests read what the processes wrote)."""
        return sorted(key.decode()[len(self.prefix):] for key in self.client.scan_iter(self._key("*")))

    def listdir(self, path):
        path = path.strip("/")
        start = f"{path}/" if path else ""
        directories, files = set(), []
        for name in self.names():
            if name.startswith(start):
                head, _, rest = name[len(start):].partition("/")
                (directories.add(head) if rest else files.append(head))
        return sorted(directories), files
