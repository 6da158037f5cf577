"""Run MkDocs' own ``build`` and ``serve`` around the ``charters`` plugin.

``handbook build`` and ``handbook serve`` are MkDocs with the handbook's "today": an explicit
``--today`` reaches the plugin as ``SOURCE_DATE_EPOCH``, which also makes the build
reproducible. ``handbook serve`` runs ``mkdocs serve --dirty`` when the configuration uses the
``charters`` plugin: after a save MkDocs rebuilds only the pages whose Markdown changed, and the
plugin has it rebuild everything when the navigation or anything around the pages changed
(:mod:`generator.site.incremental`).

A build never leaves a half site: MkDocs writes into a hidden folder beside the site folder,
which replaces the site only when the build succeeds; a failed or killed build leaves the
previous site exactly as it was. ``serve`` first makes sure its address is free, so a port
another server holds is one line and exit code 2, not MkDocs' traceback.

MkDocs runs as a child that never outlives the handbook: SIGTERM, SIGINT and SIGHUP are passed
on to it (to ``mkdocs serve`` as SIGINT, the one signal on which it removes its temporary site
folder), and on Linux it is also stopped when the handbook is killed outright.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime
import errno
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.settings import resolve_today

_FORWARDED_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)
_PR_SET_PDEATHSIG = 1
_SITE_DIR_OPTIONS = ("--site-dir", "-d")
_DEV_ADDR_OPTIONS = ("--dev-addr", "-a")
_DEFAULT_DEV_ADDR = "127.0.0.1:8000"
"""MkDocs' own default for ``dev_addr``."""
_PORTS_TRIED = 20
"""How many following ports a refusal looks through for a free one to suggest."""


def run_mkdocs(
    command: str, config_file: Path, today: str | None, options: Sequence[str] = ()
) -> int:
    """Run ``mkdocs COMMAND`` on ``config_file`` and return its exit code.

    ``build`` writes into a temporary folder beside the site folder and swaps it in on
    success; a build that fails or is stopped leaves the previous site untouched. ``serve``
    raises :class:`UsageError` when its address is taken or cannot be served on.
    """
    if command == "serve":
        _check_address_free(_dev_addr(config_file, options))
        if _uses_charters_plugin(config_file) and not {"--dirty", "--clean"} & set(options):
            # The plugin keeps the site right when MkDocs rebuilds only the changed pages.
            options = [*options, "--dirty"]
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if today:
        midnight = datetime.datetime.combine(
            resolve_today(today), datetime.time(), datetime.timezone.utc
        )
        environment["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    site_dir = _site_dir(config_file, options) if command == "build" else None
    if site_dir is None:
        # `mkdocs serve` cleans up (its site folder, the plugin's) only when interrupted.
        return _run_child(
            _mkdocs_arguments(command, config_file, options),
            environment,
            interrupt=command == "serve",
        )
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        building.chmod(_folder_mode(site_dir))  # mkdtemp's folder is private to its owner
        arguments = _mkdocs_arguments(
            command, config_file, [*_without_site_dir(options), "--site-dir", str(building)]
        )
        returncode = _run_child(arguments, environment)
        if returncode == 0:
            _swap_in(building, site_dir)
        return returncode
    finally:
        shutil.rmtree(building, ignore_errors=True)


def _mkdocs_arguments(command: str, config_file: Path, options: Sequence[str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "mkdocs",
        command,
        *options,
        "--config-file",
        str(config_file),
    ]


# Where the site goes ---------------------------------------------------------------------------


def _site_dir(config_file: Path, options: Sequence[str]) -> Path | None:
    """The absolute site folder a build writes, or None to build in place as MkDocs does.

    Like MkDocs, a relative folder (from ``--site-dir`` or the config's ``site_dir``) is taken
    from the config file's folder. None when it cannot be known for sure (an unreadable
    config, a tag other than ``!ENV``), for ``--dirty`` builds, which reuse the site, and when
    the site folder holds the config or the docs (MkDocs refuses those itself).
    """
    if "--dirty" in options:
        return None
    config_dir = Path(os.path.abspath(config_file)).parent
    chosen = _option_value(options, _SITE_DIR_OPTIONS)
    config = _config_values(Path(config_file))
    if config is None:
        return None
    site = chosen if chosen is not None else config.get("site_dir", "site")
    docs = config.get("docs_dir", "docs")
    if not isinstance(site, str) or not site.strip() or not isinstance(docs, str):
        return None
    site_dir = Path(os.path.abspath(config_dir / site))
    docs_dir = Path(os.path.abspath(config_dir / docs))
    if site_dir in (config_dir, *config_dir.parents) or site_dir in docs_dir.parents:
        return None
    if site_dir == docs_dir or site_dir.is_symlink() or site_dir.parent == site_dir:
        return None
    return site_dir


def _option_value(options: Sequence[str], names: Sequence[str]) -> str | None:
    """The last value given to one of ``names`` (``--name VALUE`` or ``--name=VALUE``)."""
    value = None
    for index, option in enumerate(options):
        for name in names:
            if option == name and index + 1 < len(options):
                value = options[index + 1]
            elif option.startswith(f"{name}="):
                value = option[len(name) + 1 :]
    return value


def _without_site_dir(options: Sequence[str]) -> list[str]:
    kept: list[str] = []
    skip = False
    for option in options:
        if skip:
            skip = False
        elif option in _SITE_DIR_OPTIONS:
            skip = True
        elif not option.startswith(tuple(f"{name}=" for name in _SITE_DIR_OPTIONS)):
            kept.append(option)
    return kept


def _config_values(config_file: Path, depth: int = 0) -> dict[str, Any] | None:
    """``site_dir``, ``docs_dir``, ``dev_addr`` and ``plugins`` as MkDocs reads them, following
    ``INHERIT``."""
    import yaml

    class Loader(yaml.SafeLoader):
        """Safe loading that leaves tags other than ``!ENV`` unresolved."""

    Loader.add_constructor("!ENV", _environment_tag)
    Loader.add_multi_constructor("", lambda loader, suffix, node: _Unknown())
    try:
        with open(config_file, "rb") as stream:
            loaded = yaml.load(stream, Loader=Loader)  # a SafeLoader: no Python objects
    except (OSError, yaml.YAMLError):
        return None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        return None
    values: dict[str, Any] = {}
    parent = loaded.get("INHERIT")
    if isinstance(parent, str) and depth < 10:
        inherited = _config_values(config_file.parent / parent, depth + 1)
        if inherited is None:
            return None
        # The parent's relative folders are from the child's folder too: MkDocs merges first.
        values.update(inherited)
    for key in ("site_dir", "docs_dir", "dev_addr", "plugins"):
        if key in loaded:
            values[key] = loaded[key]
    return values


def _uses_charters_plugin(config_file: Path) -> bool:
    """Whether the configuration (with what it inherits) lists the ``charters`` plugin."""
    plugins = (_config_values(Path(config_file)) or {}).get("plugins")
    if isinstance(plugins, dict):
        return "charters" in plugins
    return isinstance(plugins, list) and any(
        plugin == "charters" or (isinstance(plugin, dict) and "charters" in plugin)
        for plugin in plugins
    )


class _Unknown:
    """A value behind a YAML tag the handbook does not interpret."""


def _environment_tag(loader: Any, node: Any) -> object:
    """MkDocs' ``!ENV VAR`` and ``!ENV [VAR, OTHER, default]``."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1], items[-1] if items else None
        if len(items) == 1:
            names, default = items, None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


def _swap_in(building: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``building`` with renames: never a half-written site."""
    if not site_dir.exists():
        building.rename(site_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
    try:
        site_dir.replace(retired)
        building.rename(site_dir)
    except OSError:
        if not site_dir.exists():
            retired.replace(site_dir)  # put the previous site back
        raise
    finally:
        _remove_folder(retired)


_REMOVERS = 4
"""Threads deleting a replaced site: deleting thousands of files is mostly waiting."""


def _remove_folder(folder: Path) -> None:
    """Delete ``folder``, the subfolders of its subfolders (a page each) a few at a time."""
    with contextlib.suppress(OSError):
        subfolders = [
            entry.path
            for top in os.scandir(folder)
            if top.is_dir(follow_symlinks=False)
            for entry in os.scandir(top.path)
            if entry.is_dir(follow_symlinks=False)
        ]
        with ThreadPoolExecutor(max_workers=_REMOVERS) as removers:
            for path in subfolders:
                removers.submit(shutil.rmtree, path, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)


def _folder_mode(site_dir: Path) -> int:
    """The previous site's permissions, else what the umask gives a new folder."""
    with contextlib.suppress(OSError):
        return site_dir.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


# Where serve listens --------------------------------------------------------------------------


def _dev_addr(config_file: Path, options: Sequence[str]) -> str:
    """The address ``mkdocs serve`` will listen on: ``--dev-addr``, the config's, or 8000."""
    chosen = _option_value(options, _DEV_ADDR_OPTIONS)
    if chosen is not None:
        return chosen
    config = _config_values(Path(config_file)) or {}
    configured = config.get("dev_addr")
    return configured if isinstance(configured, str) else _DEFAULT_DEV_ADDR


def _check_address_free(address: str) -> None:
    """Refuse an address another server listens on, or one this machine cannot serve on.

    An address MkDocs would refuse as malformed is left for MkDocs to report.
    """
    parsed = _host_and_port(address)
    if parsed is None:
        return
    host, port = parsed
    try:
        _bind_and_release(host, port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise UsageError(
                f"{address} is in use: stop the other server or pass --dev-addr "
                f"{_free_address(address, host, port)}"
            ) from error
        raise UsageError(f"{address}: cannot serve there: {error.strerror or error}") from error


def _host_and_port(address: str) -> tuple[str, int] | None:
    """``HOST:PORT`` as MkDocs reads it (an IPv6 host may be written in brackets)."""
    host, separator, port = address.rpartition(":")
    if not separator or not port.isdigit() or not 0 <= int(port) <= 65535:
        return None
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host, int(port)


def _bind_and_release(host: str, port: int) -> None:
    """Bind ``host:port`` as MkDocs' server does, then let it go at once."""
    try:
        is_ipv6 = isinstance(ipaddress.ip_address(host), ipaddress.IPv6Address)
    except ValueError:
        is_ipv6 = False  # "localhost": MkDocs listens on IPv4 then
    with socket.socket(socket.AF_INET6 if is_ipv6 else socket.AF_INET) as probe:
        if os.name == "posix":
            # As MkDocs' server: a port left in TIME_WAIT by a stopped server is free to use.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def _free_address(address: str, host: str, port: int) -> str:
    """``address`` with the first of the following ports that is free (else the next one)."""
    prefix = address[: address.rindex(":")]
    for candidate in range(port + 1, min(port + 1 + _PORTS_TRIED, 65536)):
        try:
            _bind_and_release(host, candidate)
        except OSError:
            continue
        return f"{prefix}:{candidate}"
    return f"{prefix}:{port + 1}"


# The child process ---------------------------------------------------------------------------


def _run_child(
    arguments: list[str], environment: dict[str, str], *, interrupt: bool = False
) -> int:
    """Run ``arguments`` in their own process group; signals to this process reach it too,
    as SIGINT when ``interrupt`` (a child that cleans up only on Ctrl-C)."""
    child = subprocess.Popen(
        arguments,
        env=environment,
        preexec_fn=_child_setup() if os.name == "posix" else None,
    )
    received: list[int] = []

    def forward(signum: int, frame: object) -> None:
        received.append(signum)
        _signal_group(child, signal.SIGINT if interrupt and hasattr(os, "killpg") else signum)

    with _signals_handled_by(forward):
        try:
            returncode = child.wait()
        except BaseException:
            _stop(child)
            raise
    if received and returncode != 0:
        return 128 + received[0]
    return 128 - returncode if returncode < 0 else returncode


def _child_setup() -> Callable[[], None]:
    """What the child does before MkDocs starts: lead its own process group and, on Linux,
    ask for SIGTERM when the handbook dies, even by SIGKILL."""
    parent = os.getpid()
    prctl = None
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            prctl = ctypes.CDLL(None, use_errno=True).prctl

    def set_up() -> None:
        os.setpgid(0, 0)
        if prctl is not None:
            prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
            if os.getppid() != parent:  # the handbook died before the request took effect
                os.kill(os.getpid(), signal.SIGTERM)

    return set_up


def _signal_group(child: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if hasattr(os, "killpg"):
            os.killpg(child.pid, signum)
        else:
            child.send_signal(signum)


@contextlib.contextmanager
def _signals_handled_by(handler: Callable[[int, object], None]) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, handler) for signum in _FORWARDED_SIGNALS}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def _stop(child: subprocess.Popen[bytes]) -> None:
    _signal_group(child, signal.SIGTERM)
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        _signal_group(child, getattr(signal, "SIGKILL", signal.SIGTERM))
        child.wait()
