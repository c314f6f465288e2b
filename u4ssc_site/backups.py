"""Backup and restore of the whole site: the database and every file of the default storage.

A backup is a folder:
- `database.dump`: PostgreSQL through `pg_dump --format=custom` (restored with `pg_restore`), or,
  on SQLite, `database.sqlite3`: a consistent copy made with SQLite's online backup API;
- `files/<name>`: every file of the default storage (evidence, reports, open data…), read and
  written through the storage API, so a backup of an object store restores to a file system and back;
- `manifest.json`: when, which database, and the name, size and SHA-256 of every file (the dump too).

Restoring checks every SHA-256 first and changes nothing when one differs.
"""
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.utils import timezone

MANIFEST = "manifest.json"
FILES = "files"
CHUNK = 1024 * 1024


class BackupError(RuntimeError):
    """A backup that cannot be made or restored, with what went wrong."""


def sha256_of(handle):
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def storage_names(storage, folder=""):
    """Every file name of a storage, walking its folders through the storage API."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        # A file system storage that has stored nothing yet has no folder at all.
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += storage_names(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def _postgres_command(program, db, *arguments):
    environment = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    command = [program, "--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432),
               "--username", db.get("USER") or "postgres", *arguments]
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def database_dump(folder):
    """The database into `folder`; the dump's file name."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        _postgres_command("pg_dump", db, "--format=custom", "--no-owner", "--no-privileges",
                          "--file", str(folder / "database.dump"), db["NAME"])
        return "database.dump"
    if connection.vendor == "sqlite":
        target = sqlite3.connect(folder / "database.sqlite3")
        with sqlite3.connect(db["NAME"]) as source:
            source.backup(target)
        target.close()
        return "database.sqlite3"
    raise BackupError(f"Cannot back up a {connection.vendor} database")


def database_load(folder, dump):
    """The database from a dump, replacing what it holds."""
    db = connection.settings_dict
    connections.close_all()
    if dump == "database.dump" and connection.vendor == "postgresql":
        _postgres_command("pg_restore", db, "--clean", "--if-exists", "--no-owner", "--no-privileges",
                          "--single-transaction", "--exit-on-error", "--dbname", db["NAME"], str(folder / dump))
    elif dump == "database.sqlite3" and connection.vendor == "sqlite":
        shutil.copyfile(folder / dump, db["NAME"])
    else:
        raise BackupError(f"A {dump} cannot be restored into a {connection.vendor} database")


def backup_make(*, output):
    """Write a backup of the database and the stored files into the folder `output`; the manifest."""
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty")
    dump = database_dump(folder)
    with open(folder / dump, "rb") as handle:
        database = {"file": dump, "vendor": connection.vendor, "sha256": sha256_of(handle)}
    files = []
    for name in storage_names(default_storage):
        target = folder / FILES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(target, "wb") as copy:
            shutil.copyfileobj(source, copy, CHUNK)
        with open(target, "rb") as handle:
            files.append({"name": name, "size": target.stat().st_size, "sha256": sha256_of(handle)})
    manifest = {"created_at": timezone.now().isoformat(), "database": database, "files": files}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def backup_check(folder):
    """The manifest of a backup whose every file has the SHA-256 it lists, or BackupError."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} holds no readable {MANIFEST}: {error}") from error
    listed = [(manifest["database"]["file"], manifest["database"]["sha256"])]
    listed += [(f"{FILES}/{entry['name']}", entry["sha256"]) for entry in manifest["files"]]
    for relative, expected in listed:
        path = (folder / relative).resolve()
        if not path.is_relative_to(folder.resolve()):
            raise BackupError(f"The manifest names a file outside the backup: {relative}")
        try:
            with open(path, "rb") as handle:
                if sha256_of(handle) != expected:
                    raise BackupError(f"{relative} does not have the SHA-256 the manifest lists")
        except FileNotFoundError as error:
            raise BackupError(f"{relative} is missing from the backup") from error
    return manifest


def backup_restore(*, source):
    """Replace the database with the backup's and put back every stored file it holds; the manifest.
    Files of the storage that the backup does not hold are left where they are."""
    folder = Path(source)
    manifest = backup_check(folder)
    database_load(folder, manifest["database"]["file"])
    for entry in manifest["files"]:
        name = entry["name"]
        if default_storage.exists(name):
            default_storage.delete(name)
        with open(folder / FILES / name, "rb") as handle:
            saved = default_storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}")
    return manifest
