"""The project's error types: every caller mistake raises one of these."""


class SanadError(Exception):
    """Base class: a message a user can act on, shown without a traceback."""


class InputFileError(SanadError):
    """A document or dataset file is missing, unreadable or not what we expect."""


class IndexFileError(SanadError):
    """An on-disk index is missing, stale, corrupted or was built differently."""


class OptionError(SanadError, ValueError):
    """A named option got a value outside its Enum."""


class NotFoundError(SanadError, LookupError):
    """A passage, document or sub-item that the index does not have."""


def parse_enum(enum_cls, value, option: str):
    """Convert ``value`` to ``enum_cls``; the error lists the valid values.

    Example:
        >>> import enum
        >>> class Color(enum.Enum):
        ...     RED = "red"
        >>> parse_enum(Color, "red", "color")
        <Color.RED: 'red'>
    """
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(str(value).strip().lower())
    except ValueError:
        valid = ", ".join(repr(member.value) for member in enum_cls)
        raise OptionError(
            f"unknown {option} {value!r}. Use one of the supported values: [{valid}]"
        ) from None
