"""The default storage is read from the environment: the file system, or an S3-compatible object store."""
import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.storage.handler import StorageHandler
from storages.backends.s3 import S3Storage

from u4ssc_site.storage_config import StorageConfigError, storage_from_env


def reading(variables):
    return lambda name, default="": variables.get(name) or default


def storage_of(variables):
    return StorageHandler({"default": storage_from_env(reading(variables))})["default"]


def test_without_configuration_files_go_to_the_file_system_under_media_root():
    assert isinstance(storage_of({}), FileSystemStorage)


def test_a_storage_url_names_the_bucket_and_prefix_of_an_s3_compatible_store():
    storage = storage_of({"STORAGE_URL": "s3://u4ssc-files/production/", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
                          "AWS_S3_REGION_NAME": "eu-north-1"})
    assert isinstance(storage, S3Storage)
    assert (storage.bucket_name, storage.location, storage.endpoint_url, storage.region_name) == (
        "u4ssc-files", "production", "http://127.0.0.1:9000", "eu-north-1")
    assert storage.file_overwrite is False and storage.default_acl is None


def test_the_aws_variables_configure_the_same_store():
    storage = storage_of({"AWS_STORAGE_BUCKET_NAME": "u4ssc-files", "AWS_STORAGE_PREFIX": "staging"})
    assert isinstance(storage, S3Storage)
    assert (storage.bucket_name, storage.location) == ("u4ssc-files", "staging")


def test_a_storage_url_of_another_kind_is_refused_at_start():
    with pytest.raises(StorageConfigError):
        storage_from_env(reading({"STORAGE_URL": "ftp://files.example/u4ssc"}))


def test_storage_backend_names_any_storage_class():
    assert storage_from_env(reading({"STORAGE_BACKEND": "tests.production.redis_storage.RedisStorage"})) == {
        "BACKEND": "tests.production.redis_storage.RedisStorage"}
