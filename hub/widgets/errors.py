"""The one error a widget raises for a request it cannot answer, naming the parameter."""

from __future__ import annotations


class WidgetError(Exception):
    """Bad parameters found while computing (an unknown account, a missing rate): a 422."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
