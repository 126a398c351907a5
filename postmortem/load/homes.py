"""Load stage helper: the user's folders of pm (its cache, its key) and the key that seals what pm believes.

Neither is ever inside a repository, which could bring one along; and the key is never in the cache folder,
which a CI job may bring back from another run, whose key would then seal whatever that run, or whoever wrote
that cache, put in it.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from pathlib import Path

from postmortem.load.cache_files import read_file

CACHE_ENV = "PM_CACHE_DIR"
KEY_ENV = "PM_KEY_DIR"
SECRET_FILE = "key"


def cache_home() -> Path | None:
    """The user's cache folder for pm: ``$PM_CACHE_DIR``, else the platform's; None when there is no home."""
    return _user_folder(CACHE_ENV, windows="Cache", mac=("Library", "Caches"), xdg=("XDG_CACHE_HOME", ".cache"))


def key_home() -> Path | None:
    """The user's folder for pm's key: ``$PM_KEY_DIR``, else the platform's folder of state; None without a home.

    Not the cache folder: a CI job may bring its cache folder back from another run, whose key would then seal
    whatever that run, or whoever wrote that cache, put in it.
    """
    return _user_folder(KEY_ENV, windows="Key", mac=("Library", "Application Support"),
                        xdg=("XDG_STATE_HOME", ".local/state"))  # fmt: skip


def _user_folder(variable: str, *, windows: str, mac: tuple[str, str], xdg: tuple[str, str]) -> Path | None:
    """The folder of pm's named by *variable*, else the platform's of its kind; None when there is no home."""
    chosen = os.environ.get(variable)
    if chosen:
        return Path(chosen).expanduser().absolute()
    try:
        home = Path.home()
    except RuntimeError:  # no HOME and no password entry: no safe place, so none
        return None
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "pm" / windows
    if sys.platform == "darwin":
        return home.joinpath(*mac) / "pm"
    base = os.environ.get(xdg[0], "")
    return (Path(base) if base and Path(base).is_absolute() else home / xdg[1]) / "pm"


def cache_folder(root: Path) -> Path | None:
    """The cache folder, unless it lies inside the repository at *root* (where the repository could bring one)."""
    return _apart(cache_home(), root)


def _apart(home: Path | None, *within: Path | None) -> Path | None:
    """*home*, unless it lies inside one of the folders *within*."""
    if home is None or any(f is not None and home.resolve().is_relative_to(f.resolve()) for f in within):
        return None
    return home


def secret(root: Path) -> bytes:
    """The user's key for sealing what pm keeps next to its output; a new one for this run when none can be kept.

    Kept in the user's folder of state (:func:`key_home`), where no repository can read or ship it, and apart from
    the cache folder, which a CI job may restore from elsewhere: a seal made with it cannot be forged by a
    contributor, nor by whoever wrote a cache folder, so neither a build record that comes with a repository nor a
    cache entry pm did not make is taken for pm's own.
    """
    home = _apart(key_home(), root, cache_home())  # never inside the repository, nor the cache folder
    if home is None:
        return secrets.token_bytes(32)
    path = home / SECRET_FILE
    found = _read_secret(path)
    if found is not None:
        return found
    fresh = secrets.token_hex(32)
    try:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=home, prefix=".tmp-")
        with os.fdopen(handle, "w", encoding="ascii") as stream:
            stream.write(fresh)
        try:
            os.link(temporary, path)  # the first of two runs at once wins, and both use its key
        except FileExistsError:
            if _read_secret(path) is None:
                Path(temporary).replace(path)  # a damaged key: this run's replaces it
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError:
        pass
    return _read_secret(path) or bytes.fromhex(fresh)


def _read_secret(path: Path) -> bytes | None:
    """The key kept in *path*, or None when it is missing or not one."""
    raw = read_file(path)
    try:
        key = bytes.fromhex(raw.decode("ascii")) if raw is not None else b""
    except ValueError:
        return None
    return key if len(key) == 32 else None
