"""Pydantic's validation errors in the reader's language: pydantic writes English sentences, so
each error type maps to a message id of ours that names the field, and the values pydantic
reports (a length, a bound) fill its placeholders. Our own validators raise ValueError with an
N_-marked message id, which is translated as it is."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from pydantic_core import ErrorDetails

from vstid.core.i18n import N_
from vstid.imports.records import ImportFileError

__all__ = ["FIELD_LABELS", "field_of", "file_error_message", "validation_message"]

Translate = Callable[[str], str]

_NUMBER = N_("%(field)s must be a number.")
_DATE = N_("%(field)s must be a date.")
_CHOICE = N_("%(field)s must be one of the listed values.")
MESSAGES: Mapping[str, str] = {
    "missing": N_("%(field)s is required."),
    "string_too_short": N_("%(field)s must have at least %(min_length)s characters."),
    "string_too_long": N_("%(field)s must have at most %(max_length)s characters."),
    "too_short": N_("%(field)s needs at least %(min_length)s items."),
    "too_long": N_("%(field)s takes at most %(max_length)s items."),
    "greater_than": N_("%(field)s must be greater than %(gt)s."),
    "greater_than_equal": N_("%(field)s must be at least %(ge)s."),
    "less_than": N_("%(field)s must be less than %(lt)s."),
    "less_than_equal": N_("%(field)s must be at most %(le)s."),
    "string_pattern_mismatch": N_("%(field)s is not in the expected format."),
    "string_type": N_("%(field)s must be text."),
    "bool_parsing": N_("%(field)s must be yes or no."),
    "uuid_parsing": N_("%(field)s is not a valid identifier."),
    "int_parsing": _NUMBER,
    "int_type": _NUMBER,
    "int_from_float": _NUMBER,
    "float_parsing": _NUMBER,
    "float_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "decimal_type": _NUMBER,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_type": _DATE,
    "datetime_parsing": _DATE,
    "datetime_from_date_parsing": _DATE,
    "enum": _CHOICE,
    "literal_error": _CHOICE,
    "list_type": N_("%(field)s must be a list."),
    "json_invalid": N_("the request body is not valid JSON"),
}
_OTHER = N_("%(field)s is not valid.")
_VALUE_ERROR = N_("%(field)s: %(message)s")

# Labels of the fields forms and the API take, as the forms show them.
FIELD_LABELS: Mapping[str, str] = {
    "email": N_("E-mail"),
    "password": N_("Password"),
    "display_name": N_("Name"),
    "title": N_("Title"),
    "description": N_("Description"),
    "budget_amount": N_("Budget"),
    "deadline": N_("Deadline"),
    # projects
    "start_date": N_("Start date"),
    "end_date": N_("End date"),
    "duration_months": N_("Duration (months)"),
    "summary": N_("Summary"),
    "joined_on": N_("Joined on"),
    "left_on": N_("Left on"),
    "reason": N_("Reason"),
    "role": N_("Role"),
    "fields": N_("Fields"),
    "year": N_("Year"),
    "doi": "DOI",  # the same word in every language
    "capacity": N_("Capacity"),
    "residence_country": N_("Country"),
    "name": N_("Name"),
    "kind": N_("Kind"),
    "country": N_("Country"),
    "hub_id": N_("Hub"),
    "website": N_("Website"),
    "language": N_("Language"),
    "name_translations": N_("Name in other languages"),
    "contact_email": N_("Contact e-mail"),
    "contact_phone": N_("Contact phone"),
    "logo": N_("Logo"),
    "amount": N_("Amount"),
    "currency": N_("Currency"),
    "rate": N_("Rate"),
    "quote": N_("Quoted in"),
    "valid_from": N_("Valid from"),
    "valid_to": N_("Valid to"),
    "source": N_("Source"),
    "funder_name": N_("Funder's name"),
    "funder_country": N_("Funder's country"),
    "reference": N_("Programme or grant reference"),
    "fiscal_year": N_("Fiscal year"),
    "committed": N_("Committed"),
    "disbursed": N_("Disbursed"),
    "spent": N_("Spent"),
}


def field_of(error: ErrorDetails | Mapping[str, Any]) -> str:
    """The field an error is about, without the request part pydantic puts first."""
    loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path", "form")]
    return ".".join(loc) or "request"


def validation_message(error: ErrorDetails | Mapping[str, Any], translate: Translate) -> str:
    """One pydantic error as a sentence in the reader's language, naming the field."""
    name = field_of(error)
    label = translate(FIELD_LABELS[name]) if name in FIELD_LABELS else name
    ctx = dict(error.get("ctx") or {})
    kind = str(error.get("type", ""))
    if kind == "value_error" and isinstance(ctx.get("error"), ValueError):
        reason = translate(str(ctx["error"]))
        if name == "request":  # a check across fields names its field itself
            return reason
        return translate(_VALUE_ERROR) % {"field": label, "message": reason}
    values = defaultdict(str, {k: v for k, v in ctx.items() if isinstance(v, str | int | float)})
    values["field"] = label
    return translate(MESSAGES.get(kind, _OTHER)) % values


def file_error_message(exc: ImportFileError, translate: Translate) -> str:
    """An unreadable import file's error in the reader's language, naming the file and line."""
    text = translate(exc.message)
    text = text % exc.params if exc.params else text
    if exc.line:
        where = translate(N_("%(file)s, line %(line)s")) % {"file": exc.file, "line": exc.line}
    else:
        where = exc.file
    return f"{where}: {text}"
