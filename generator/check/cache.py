"""What ``handbook check`` found in each file's content, kept so an unchanged file is not read.

The cache is ``.handbook-cache/check-v1.json`` in the handbook's root, beside ``fmt``'s (or in
the folder ``HANDBOOK_CACHE_DIR`` names). Each
entry is one file's own result (its findings, completeness score and
:class:`~generator.check.facts.FileFacts`), stored under the file's name with the SHA-256 of
the content it was checked from. All entries belong to one *fingerprint*: the tool's version,
the source of the modules that check (all of ``generator/check/`` and the neutral modules it
uses), the versions of the libraries that judge a file, the settings and "today" (reminders
depend on the date). A different fingerprint starts an empty cache, so a changed setting,
schema, rule or tool version re-checks every file.

An entry is used when the file's content has the same digest. Like git, the cache also notes
each file's size, inode and change times: while they are unchanged, the file is not even read
(a time that was still "now" when the entry was made is never trusted). Rules across files
always run again, over the cached facts; the term names each charter uses are kept per set of
names (:mod:`generator.check.mentions`), and charters' words in ``check-v1-words.json``, read
only when the set of term names changed.

The cache only ever saves work: one that is missing, unreadable, corrupt or for another
fingerprint is treated as empty, an entry that does not decode is ignored, and one that cannot
be written is not written. Writes are atomic and merge with what is on disk, so two runs may
share it. It holds JSON, never code, so a cache committed by mistake cannot run anything; the
pull-request workflow checks with ``--no-cache`` all the same.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import importlib.util
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from generator.check.codes import Code
from generator.check.diagnostics import Diagnostic, Severity
from generator.check.facts import CharterLink, FileFacts, MemberFact, RelationFact, TermFact
from generator.check.results import CharterResult, FileResult, GlossaryResult, PeopleResult
from generator.settings import Settings
from generator.values import DataPath

INDEX_NAME = "check-v1.json"
WORDS_NAME = "check-v1-words.json"

MAX_CONTENT_SETS = 8
"""How many sets of file contents the findings of the rules across files are kept for: a whole
handbook and a few parts of it that are checked alone."""

TRUSTED_AGE_NS = 2_000_000_000
"""A file changed less than this before it was checked may change again within the same
timestamp: its times are not trusted to show it is unchanged."""

_NEUTRAL_MODULES = ("text.py", "values.py", "terms.py", "safe_html.py", "settings.py")
"""The modules outside ``generator/check/`` whose code decides what checking finds."""

_FINGERPRINTED_LIBRARIES = (
    "yaml",
    "pydantic",
    "pydantic_core",
    "markdown",
    "nh3",
    "ahocorasick",
    "dateutil",
    "slugify",
)
"""The libraries whose behaviour decides findings: a new version starts an empty cache."""


def _installed(name: str) -> str:
    """Which installation of library ``name`` this is, found without importing it: where its
    code is and when that file was written (an upgrade or reinstall writes it again)."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return "absent"
    try:
        status = os.stat(spec.origin)
    except OSError:
        return spec.origin
    return f"{spec.origin}:{status.st_size}:{status.st_mtime_ns}"


def check_fingerprint(settings: Settings, today: datetime.date) -> str:
    """The hash of everything besides a file's content that decides what checking it finds."""
    import generator

    digest = hashlib.sha256()
    digest.update(f"{generator.__version__}\0{sys.version_info[:2]}\0".encode())
    for name in _FINGERPRINTED_LIBRARIES:
        digest.update(f"{name}={_installed(name)}\0".encode())
    package = Path(generator.__file__).parent
    sources = [*sorted((package / "check").rglob("*.py")), *(package / n for n in _NEUTRAL_MODULES)]
    for source in sources:
        digest.update(source.relative_to(package).as_posix().encode() + b"\0")
        digest.update(source.read_bytes() + b"\0")
    digest.update(settings.model_dump_json().encode() + b"\0" + today.isoformat().encode())
    return digest.hexdigest()


class CacheCorrupt(Exception):
    """An entry of the cache cannot be read back: the run starts again without the cache."""


class CheckCache:
    """The results of earlier checks for one fingerprint, read once and saved once per run."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self._index = folder / INDEX_NAME
        self._words_file = folder / WORDS_NAME
        self._fingerprint = fingerprint
        self._read_entries: dict[str, dict[str, Any]] | None = None
        self._read_across: dict[str, Any] | None = None
        self._words: dict[str, str] | None = None
        self._in_use: dict[str, tuple[dict[str, Any], FileResult]] = {}
        self._new_words: dict[str, str] = {}
        self._terms_added = False
        self._changed = False
        self._started_ns = time.time_ns()

    @classmethod
    def open(
        cls, settings: Settings, today: datetime.date, folder: Path | None = None
    ) -> CheckCache | None:
        """The cache for this run's settings and day, in ``folder`` (default: see
        :func:`~generator.files.cache_folder`); None if the tool's source is unreadable."""
        from generator.files import cache_folder

        try:
            return cls(folder or cache_folder(), check_fingerprint(settings, today))
        except OSError:
            return None

    @property
    def _entries(self) -> dict[str, dict[str, Any]]:
        """The entries on disk, read when first needed."""
        if self._read_entries is None:
            self._read_index()
        assert self._read_entries is not None
        return self._read_entries

    @property
    def _across(self) -> dict[str, Any]:
        """The findings of the rules across files, by the contents they were found in."""
        if self._read_across is None:
            self._read_index()
        assert self._read_across is not None
        return self._read_across

    @_across.setter
    def _across(self, value: dict[str, Any]) -> None:
        self._read_across = value

    def _read_index(self) -> None:
        stored = self._read(self._index)
        self._read_entries = _section(stored, "entries")
        self._read_across = _section(stored, "across")

    def result(self, path: Path, name: str) -> tuple[str, FileResult] | None:
        """The digest of the file's current content and the result kept for it, if any."""
        entry = self._entries.get(name)
        if entry is None:
            return None
        try:
            status = path.stat()
        except OSError:
            return None
        if not self._unchanged(entry, status):
            try:
                content = path.read_bytes()
            except OSError:
                return None
            if hashlib.sha256(content).hexdigest() != entry.get("digest"):
                return None
            entry["stat"] = _stat_of(status, self._started_ns)
            self._changed = True
        try:
            result = _result_from_json(entry["result"])
            if result.file != name:
                return None
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None
        self._in_use[name] = (entry, result)
        return str(entry["digest"]), result

    def add(self, path: Path, digest: str, result: FileResult) -> None:
        """Keep a file's result just checked (before rules across files add their findings)."""
        try:
            status = path.stat()
        except OSError:
            return
        entry = {
            "digest": digest,
            "stat": _stat_of(status, self._started_ns),
            "result": _result_to_json(result),
        }
        self._entries[result.file] = entry
        self._in_use[result.file] = (entry, result)
        if result.facts.words is not None:
            self._new_words[digest] = result.facts.words
        self._changed = True

    def findings_across_files(self, contents: list[tuple[str, str]]) -> list[Diagnostic] | None:
        """The findings of the rules across files for exactly these (file, digest) contents,
        if a run found them."""
        stored = self._across.get(_contents_key(contents))
        if not isinstance(stored, list):
            return None
        try:
            return [_diagnostic_from_json(file, *rest) for file, *rest in stored]
        except (TypeError, ValueError):
            return None

    def keep_findings_across_files(
        self, contents: list[tuple[str, str]], diagnostics: list[Diagnostic]
    ) -> None:
        """Keep what the rules across files found for these contents (a few sets at most)."""
        across = {
            key: value
            for key, value in list(self._across.items())[-(MAX_CONTENT_SETS - 1) :]
            if key != _contents_key(contents)
        }
        across[_contents_key(contents)] = [[d.file, *_diagnostic_to_json(d)] for d in diagnostics]
        self._across = across
        self._changed = True

    def add_rule_facts(self) -> None:
        """Complete the facts from the cache with what only the rules across files need.

        Raises CacheCorrupt when an entry cannot give them.
        """
        for entry, result in self._in_use.values():
            if result.facts.words is not None or result.facts.marks is not None:
                continue  # checked in this run: its facts are whole
            try:
                _add_rule_facts(result.facts, entry["result"], entry.get("mentions", {}))
            except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
                raise CacheCorrupt(f"{result.file}: {error}") from error
        self._terms_added = True

    def words_of(self, facts: FileFacts) -> str:
        """A cached charter's words: from the words file, else from the file itself."""
        entry = self._entries.get(facts.file, {})
        if self._words is None:
            self._words = {
                key: value
                for key, value in _section(self._read(self._words_file), "words").items()
                if isinstance(value, str)
            }
        words = self._words.get(str(entry.get("digest")))
        if words is None:
            words = _words_read_again(facts.file)
            self._new_words[str(entry.get("digest"))] = words
            self._changed = True
        return words

    def save(self) -> None:
        """Write this run's entries, merged with those on disk; silently not when it cannot."""
        for entry, result in self._in_use.values() if self._terms_added else ():
            mentions = {key: names_to_json(names) for key, names in result.facts.mentions.items()}
            if entry.get("mentions") != mentions:
                entry["mentions"] = mentions
                self._changed = True
        if not self._changed:
            return
        on_disk = _section(self._read(self._index), "entries")
        entries = {**on_disk, **{name: entry for name, (entry, _) in self._in_use.items()}}
        with contextlib.suppress(OSError):
            self._index.parent.mkdir(parents=True, exist_ok=True)
            _ignored_by_git(self._index.parent)
            if self._new_words:
                used = {str(entry.get("digest")) for entry in entries.values()}
                words = {**_section(self._read(self._words_file), "words"), **self._new_words}
                self._write(self._words_file, "words", {k: words[k] for k in used if k in words})
            self._write(self._index, "entries", entries, across=self._across)

    def _unchanged(self, entry: dict[str, Any], status: os.stat_result) -> bool:
        recorded = entry.get("stat")
        return (
            isinstance(recorded, list)
            and recorded[:4] == _stat_of(status, 0)[:4]
            and (recorded[4] is True)
        )

    def _read(self, location: Path) -> dict[str, Any]:
        """A cache file for this fingerprint; empty if missing, corrupt or for another."""
        try:
            stored = json.loads(location.read_bytes())
        except (OSError, ValueError, RecursionError):
            return {}
        if not isinstance(stored, dict) or stored.get("fingerprint") != self._fingerprint:
            return {}
        return stored

    def _write(
        self, location: Path, section: str, content: dict[str, Any], **more: dict[str, Any]
    ) -> None:
        from generator.files import write_atomically

        text = json.dumps(
            {"fingerprint": self._fingerprint, section: content, **more},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        write_atomically(location, text + "\n")


def _section(stored: dict[str, Any], name: str) -> dict[str, Any]:
    found = stored.get(name)
    return found if isinstance(found, dict) else {}


def _stat_of(status: os.stat_result, started_ns: int) -> list[Any]:
    """Size, inode and times, and whether they can be trusted to show a change."""
    trusted = status.st_mtime_ns + TRUSTED_AGE_NS < started_ns and (
        status.st_ctime_ns + TRUSTED_AGE_NS < started_ns
    )
    return [status.st_size, status.st_ino, status.st_mtime_ns, status.st_ctime_ns, trusted]


def _ignored_by_git(folder: Path) -> None:
    """The cache is this machine's: a ``.gitignore`` inside keeps it out of commits."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Written by handbook: nothing here belongs in git.\n*\n")


def _words_read_again(file: str) -> str:
    from generator.check.load import read_document
    from generator.text import charter_words

    document = read_document(Path(file), file)
    return charter_words(document.data) if document.loaded else ""


# JSON ------------------------------------------------------------------------------------------
# Compact on purpose: a warm run decodes every entry. A term's names are stored by position
# (an alias's position in its list), mentions as one line per name.


def _result_to_json(result: FileResult) -> dict[str, Any]:
    facts = result.facts
    return {
        "file": facts.file,
        "kind": facts.kind,
        "fields": facts.fields,
        "terms": [
            [
                term.path[1],
                term.term,
                term.definition,
                [[name, path[3]] for name, path in term.names[1:]],
            ]
            for term in facts.terms
        ],
        "members": [[m.path[0], m.path[1], m.id, m.name, m.left] for m in facts.members],
        "relations": [[r.path[1], r.to, r.type] for r in facts.relations],
        "links": [[link.target, link.line, link.column] for link in facts.charter_links],
        "diagnostics": [_diagnostic_to_json(d) for d in result.diagnostics],
        "completeness": result.completeness if isinstance(result, CharterResult) else None,
    }


def _result_from_json(data: dict[str, Any]) -> FileResult:
    """A file's result with the facts every run needs; :func:`_add_term_facts` adds the rest."""
    file = data["file"]
    fields = data["fields"]
    if not isinstance(file, str) or not _all_text([*fields, *fields.values()]):
        raise ValueError("not an entry")
    kind = data["kind"]
    if kind not in _KINDS:
        raise ValueError("not an entry")
    facts = FileFacts(file, kind, fields)
    diagnostics = [_diagnostic_from_json(file, *stored) for stored in data["diagnostics"]]
    if facts.is_glossary:
        return GlossaryResult(facts, diagnostics)
    if facts.is_people:
        return PeopleResult(facts, diagnostics)
    completeness = data["completeness"]
    return CharterResult(facts, diagnostics, None if completeness is None else int(completeness))


_KINDS = ("charter", "glossary", "people")


def _list_key(key: object) -> str:
    if key not in ("members", "people"):
        raise ValueError("not a list of people")
    return str(key)


def _add_rule_facts(facts: FileFacts, data: dict[str, Any], mentions: dict[str, Any]) -> None:
    """The facts from the cache that only the rules across files need: terms and mentions,
    members, relations and links to charters."""
    facts.terms = tuple(_term_from_json(*stored) for stored in data["terms"])
    facts.mentions = {key: _names_from_json(names) for key, names in mentions.items()}
    facts.members = tuple(
        MemberFact(
            (_list_key(key), int(index)), _one_text(member_id), _maybe_text(name), _maybe_text(left)
        )
        for key, index, member_id, name, left in data["members"]
    )
    facts.relations = tuple(
        RelationFact(("relations", int(index)), _one_text(to), _one_text(kind))
        for index, to, kind in data["relations"]
    )
    facts.charter_links = tuple(
        CharterLink(_one_text(target), int(line), int(column))
        for target, line, column in data["links"]
    )


def _one_text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("text expected")
    return value


def _maybe_text(value: Any) -> str | None:
    return None if value is None else _one_text(value)


def _diagnostic_to_json(diagnostic: Diagnostic) -> list[Any]:
    d = diagnostic
    return [d.line, d.column, d.severity.value, d.code.value, d.message, d.hint]


def _diagnostic_from_json(
    file: str, line: int, column: int, severity: str, code: str, message: str, hint: str
) -> Diagnostic:
    if not _all_text([file, message, hint]):
        raise ValueError("not a diagnostic")
    return Diagnostic(file, int(line), int(column), Severity(severity), Code(code), message, hint)


def _contents_key(contents: list[tuple[str, str]]) -> str:
    """One hash for a run's files: each one's name and the digest of its content."""
    digest = hashlib.sha256()
    for file, content in contents:
        digest.update(f"{file}\0{content}\n".encode())
    return digest.hexdigest()


def _term_from_json(index: int, term: str, definition: str, aliases: list[Any]) -> TermFact:
    if not isinstance(index, int) or not _all_text([term, definition, *(a for a, _ in aliases)]):
        raise ValueError("not a term")
    names: list[tuple[str, DataPath]] = [(term, ("terms", index, "term"))]
    names += [(alias, ("terms", index, "aliases", int(position))) for alias, position in aliases]
    return TermFact(("terms", index), term, definition, tuple(names))


def _names_from_json(names: Any) -> frozenset[str]:
    if not isinstance(names, str):
        raise ValueError("not names")
    return frozenset(names.split("\n")) if names else frozenset()


def names_to_json(names: frozenset[str]) -> str:
    return "\n".join(sorted(names))


def _all_text(values: list[Any]) -> bool:
    return all(isinstance(value, str) for value in values)
