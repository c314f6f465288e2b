"""Where stored files live, read from the environment: the `STORAGES["default"]` of the settings.

- nothing set: the file system under MEDIA_ROOT (several machines share it through a volume);
- `STORAGE_URL=s3://bucket/prefix`, or `AWS_STORAGE_BUCKET_NAME` (with `AWS_STORAGE_PREFIX`): an
  S3-compatible object store through django-storages; `AWS_S3_ENDPOINT_URL` names a store other
  than Amazon's (MinIO, Ceph, Garage…), `AWS_S3_REGION_NAME` its region, and the credentials are
  boto3's usual `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (or the machine's role);
- `STORAGE_BACKEND=dotted.path.Class`: any other Django storage class (tests use one kept in Redis).
"""
from urllib.parse import urlsplit

FILE_SYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"


class StorageConfigError(ValueError):
    """STORAGE_URL names a kind of store this site does not know."""


def storage_from_env(env):
    """The default storage's settings entry; `env(name, default)` reads one environment variable."""
    backend = env("STORAGE_BACKEND", "")
    if backend:
        return {"BACKEND": backend}
    url = env("STORAGE_URL", "")
    bucket, prefix = env("AWS_STORAGE_BUCKET_NAME", ""), env("AWS_STORAGE_PREFIX", "")
    if url:
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise StorageConfigError(f"STORAGE_URL must look like s3://bucket/prefix, not {url!r}")
        bucket, prefix = parts.netloc, parts.path.strip("/")
    if not bucket:
        return {"BACKEND": FILE_SYSTEM}
    options = {
        "bucket_name": bucket,
        "location": prefix,
        # Names are generated and unique; a name taken already gets a suffix, never overwritten.
        "file_overwrite": False,
        # Files are private: every download goes through a view that checks who asks.
        "default_acl": None,
        "querystring_auth": True,
    }
    if env("AWS_S3_ENDPOINT_URL", ""):
        options["endpoint_url"] = env("AWS_S3_ENDPOINT_URL", "")
    if env("AWS_S3_REGION_NAME", ""):
        options["region_name"] = env("AWS_S3_REGION_NAME", "")
    return {"BACKEND": S3, "OPTIONS": options}
