"""Handbook settings: completeness minimums, the attention limit and "today".

Settings live in an optional ``handbook.toml`` in the working directory (the handbook's root,
beside ``mkdocs.yml``); every value has a default,
so a handbook without the file works. "Today" is injectable so checks and builds are reproducible.
"""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from generator.check.vocabulary import StrategyField
from generator.errors import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

SETTINGS_FILENAME = "handbook.toml"

EARLIEST_YEAR = 1900
LATEST_YEAR = 9000
"""The years "today" may fall in: dates a year or more past it must still be dates."""


class SettingsError(UsageError):
    """The settings file or an injected date is unusable: a usage error, exit code 2."""


class MinimumCompleteness(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: int = Field(90, ge=0, le=100)
    growth: int = Field(70, ge=0, le=100)
    maintain: int = Field(50, ge=0, le=100)

    def for_tier(self, tier: str) -> int:
        return int(getattr(self, tier))


class TierFields(BaseModel):
    """The strategy fields each tier asks for; each one missing costs completeness."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: tuple[StrategyField, ...] = ("account", "challenges", "risks", "ideas")
    growth: tuple[StrategyField, ...] = ("challenges", "ideas")
    maintain: tuple[StrategyField, ...] = ()

    @field_validator("key", "growth", "maintain")
    @classmethod
    def _each_once(cls, fields: tuple[StrategyField, ...]) -> tuple[StrategyField, ...]:
        if len(set(fields)) != len(fields):
            raise ValueError("each field may be listed once")
        return fields

    def for_tier(self, tier: str) -> tuple[StrategyField, ...]:
        return tuple(getattr(self, tier))


class Settings(BaseModel):
    """What an organisation may tune; defaults follow the handbook's practices."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    charters_dir: str = Field("charters", description="Where charters and glossary.yaml live.")
    attention_limit: int = Field(3, ge=1, description="Key-tier charters one owner may carry.")
    key_tier_limit: int = Field(
        10, ge=1, description="Key-tier charters the whole handbook may hold at once."
    )
    minimum_completeness: MinimumCompleteness = Field(default_factory=MinimumCompleteness)
    tier_fields: TierFields = Field(
        default_factory=TierFields,
        description="The strategy fields (`account`, `challenges`, `risks`, `ideas`) each tier "
        "asks charters to fill: key accounts deserve the most attention.",
    )
    inactive_after_periods: int = Field(
        2,
        ge=1,
        description="Past periods in a row in which a member owned no key goal before a "
        "reminder asks whether they still belong in the group.",
    )
    codeowners_team: str | None = Field(
        None,
        pattern=r"^@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$",
        description="The GitHub team (`@org/team`) or user that `handbook codeowners` makes "
        "review the glossary, the people registry and charters whose owner has no `github` "
        "handle.",
    )
    share_exclude: list[str] = Field(
        default_factory=list,
        description="More fields `handbook share` leaves out of the partner's page, as dotted "
        'paths (`"members.contributes"`, `"meetings.format"`); `internal`, `account`, `risks`, '
        "`review.partner_fit` and `review.exit_criteria` are always left out.",
    )


ROOT_MARKERS = (SETTINGS_FILENAME, "mkdocs.yml")
"""Files that mark a handbook's root folder."""


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``handbook.toml`` or ``mkdocs.yml``.

    Commands run from anywhere inside a handbook, as git commands run anywhere in a repository.
    """
    for folder in (start, *start.parents):
        if any((folder / marker).is_file() for marker in ROOT_MARKERS):
            return folder
    return None


def load_settings(path: Path | None = None) -> Settings:
    """Settings from ``path`` (default: ``handbook.toml`` in the working directory, if present)."""
    explicit = path is not None
    path = path or Path(SETTINGS_FILENAME)
    if not path.is_file():
        if explicit:
            raise SettingsError(f"{path}: settings file not found")
        return Settings()
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
        return Settings.model_validate(values)
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: cannot read settings: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: invalid TOML: {error}") from error
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(step) for step in item['loc'])}: {item['msg']}"
            for item in error.errors()
        )
        raise SettingsError(f"{path}: {problems}") from error


def resolve_today(explicit: str | None = None) -> datetime.date:
    """Today's date: ``--today``, else ``SOURCE_DATE_EPOCH`` (UTC), else the clock."""
    if explicit:
        try:
            return _sane(datetime.date.fromisoformat(explicit), "--today")
        except ValueError as error:
            raise SettingsError(f"--today: '{explicit}' is not a date like 2026-10-01") from error
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
        except (ValueError, OverflowError, OSError) as error:
            raise SettingsError(
                f"SOURCE_DATE_EPOCH: '{epoch}' is not a number of seconds since 1970"
            ) from error
        return _sane(moment.date(), "SOURCE_DATE_EPOCH")
    return datetime.date.today()


def _sane(day: datetime.date, source: str) -> datetime.date:
    """``day``, when its year is one the rules and the calendar export can count from."""
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise SettingsError(
            f"{source}: {day.isoformat()} is outside the years {EARLIEST_YEAR} to {LATEST_YEAR}"
        )
    return day
