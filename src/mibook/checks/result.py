"""The result type every consistency check returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

# ----------------------------------------------------------------------------- result type


@dataclass(frozen=True)
class CheckResult:
    """The verdict of one consistency check.

    ``consistent`` is True, False, or None ("cannot be checked"); ``detail`` explains it with
    the arithmetic. Check-specific values live in ``extras`` and can also be read as
    attributes, e.g. ``grimmer(...).failed_test``. ``bool(result)`` is ``consistent``; it raises
    ``ValueError`` for an undetermined result rather than guessing. ``str(result)`` gives the
    check's name, the verdict and the detail.

    Attributes
    ----------
    consistent : bool or None
        True, False, or None when the check cannot be applied (e.g. an SD with n = 1).
    detail : str
        One or two plain-English sentences with the arithmetic, for the book's pages.
    check : str
        The name of the check, e.g. ``"grim"``.
    extras : Mapping[str, Any]
        Check-specific values, read-only; each can also be read as an attribute.

    Raises
    ------
    ValueError
        From ``bool(result)`` when ``consistent`` is None.

    Examples
    --------
    >>> from mibook.checks import grim, sum_check
    >>> result = grim("5.19", 28)
    >>> result.consistent, result.check, result.n_items
    (False, 'grim', 28)
    >>> print(sum_check([41, 71], 112))
    sum_check: consistent. 41 + 71 = 112, the stated total: consistent.
    >>> bool(CheckResult(None, "A sample SD is undefined for n = 1.", "debit"))
    Traceback (most recent call last):
    ...
    ValueError: the debit check is undetermined: A sample SD is undefined for n = 1.
    """

    consistent: bool | None
    detail: str
    check: str = ""
    extras: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "extras", MappingProxyType(dict(self.extras)))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "extras":
            raise AttributeError(name)
        extras = object.__getattribute__(self, "extras")
        try:
            return extras[name]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__} has no attribute or extra {name!r}"
            ) from None

    def __bool__(self) -> bool:
        if self.consistent is None:
            raise ValueError(
                f"the {self.check or 'consistency'} check is undetermined: {self.detail}"
            )
        return self.consistent

    def __str__(self) -> str:
        verdict = {True: "consistent", False: "INCONSISTENT", None: "not checkable"}[
            self.consistent
        ]
        return f"{self.check}: {verdict}. {self.detail}"


def _result(check: str, consistent: bool | None, detail: str, **extras: Any) -> CheckResult:
    return CheckResult(consistent=consistent, detail=detail, check=check, extras=extras)
