"""The `where` and `order` parameters: a small reader for Xero's LINQ-like filters."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from .errors import query_parse

Getter = Callable[[Any, str], Any]  # (record, top-level field) -> value
Predicate = Callable[[Any], bool]

_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?\d+(?:\.\d+)?)'
    r"|(?P<op>==|!=|>=|<=|&&|\|\||[=<>!(),.])|(?P<id>[A-Za-z_][A-Za-z0-9_]*))"
)
_OPS = {"==", "=", "!=", ">=", "<=", ">", "<"}
_STRING_METHODS = {
    "contains": lambda s, a: a in s,
    "startswith": lambda s, a: s.startswith(a),
    "endswith": lambda s, a: s.endswith(a),
    "tolower": lambda s: s.lower(),
    "toupper": lambda s: s.upper(),
}


@dataclass
class _Tok:
    kind: str
    text: str
    at: int


class _Guid(str):
    """A Guid("...") literal: compared without regard to case."""


def _tokens(text: str) -> list[_Tok]:
    out, pos = [], 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            if text[pos:].strip() == "":
                break
            raise query_parse(f"Syntax error '{text[pos]}' (at index {pos})")
        kind = match.lastgroup or "op"
        out.append(_Tok(kind, match.group(kind), match.start(kind)))
        pos = match.end()
    return out


def _norm(value: Any) -> Any:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


def _compare(op: str, left: Any, right: Any) -> bool:
    left, right = _norm(left), _norm(right)
    if isinstance(left, _Guid) or isinstance(right, _Guid):
        left = left.lower() if isinstance(left, str) else left
        right = right.lower() if isinstance(right, str) else right
    if op in ("==", "="):
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    if left is None or right is None:
        return False
    try:
        if op == ">":
            return bool(left > right)
        if op == "<":
            return bool(left < right)
        if op == ">=":
            return bool(left >= right)
        return bool(left <= right)
    except TypeError:
        return False


class _Parser:
    def __init__(self, text: str, type_name: str, fields: frozenset[str], get: Getter) -> None:
        self.toks = _tokens(text)
        self.i = 0
        self.type_name, self.fields, self.get = type_name, fields, get

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, text: str | None = None) -> _Tok:
        tok = self.peek()
        if tok is None or (text is not None and tok.text.lower() != text.lower()):
            at = tok.at if tok else -1
            raise query_parse(f"Expression expected (at index {at})")
        self.i += 1
        return tok

    def parse(self) -> Predicate:
        result = self.or_()
        if self.peek() is not None:
            tok = self.peek()
            assert tok is not None
            raise query_parse(f"Syntax error '{tok.text}' (at index {tok.at})")
        return result

    def or_(self) -> Predicate:
        parts = [self.and_()]
        while (tok := self.peek()) and tok.text.upper() in ("OR", "||"):
            self.i += 1
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else (lambda r: any(p(r) for p in parts))

    def and_(self) -> Predicate:
        parts = [self.unary()]
        while (tok := self.peek()) and tok.text.upper() in ("AND", "&&"):
            self.i += 1
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else (lambda r: all(p(r) for p in parts))

    def unary(self) -> Predicate:
        tok = self.peek()
        if tok and tok.text.upper() in ("NOT", "!"):
            self.i += 1
            inner = self.unary()
            return lambda r: not inner(r)
        if tok and tok.text == "(":
            self.i += 1
            inner = self.or_()
            self.take(")")
            return inner
        left = self.operand()
        tok = self.peek()
        if tok and tok.text in _OPS:
            self.i += 1
            right = self.operand()
            op = tok.text
            return lambda r: _compare(op, left(r), right(r))
        return lambda r: bool(left(r))

    def operand(self) -> Callable[[Any], Any]:
        tok = self.take()
        if tok.kind == "str":
            value = re.sub(r"\\(.)", r"\1", tok.text[1:-1])
            return lambda r: value
        if tok.kind == "num":
            number = Decimal(tok.text)
            return lambda r: number
        word = tok.text.lower()
        if word in ("true", "false"):
            return lambda r: word == "true"
        if word == "null":
            return lambda r: None
        if word == "guid":
            self.take("(")
            guid = _Guid(self.take().text.strip('"'))
            self.take(")")
            return lambda r: guid
        if word == "datetime":
            return self.datetime_literal()
        if tok.kind != "id":
            raise query_parse(f"Expression expected (at index {tok.at})")
        return self.path(tok)

    def datetime_literal(self) -> Callable[[Any], Any]:
        self.take("(")
        numbers = [int(self.take().text)]
        while self.peek() and self.peek().text == ",":  # type: ignore[union-attr]
            self.i += 1
            numbers.append(int(self.take().text))
        self.take(")")
        moment = datetime(*numbers, tzinfo=UTC)  # type: ignore[misc]
        return lambda r: moment

    def path(self, first: _Tok) -> Callable[[Any], Any]:
        if first.text not in self.fields:
            raise query_parse(
                f"No property or field '{first.text}' exists in type '{self.type_name}'"
                f" (at index {first.at})"
            )
        steps: list[Callable[[Any], Any]] = []
        while self.peek() and self.peek().text == ".":  # type: ignore[union-attr]
            self.i += 1
            name = self.take().text
            method = _STRING_METHODS.get(name.lower())
            if method is not None and self.peek() and self.peek().text == "(":  # type: ignore[union-attr]
                self.i += 1
                args = [] if self.peek().text == ")" else [self.operand()]  # type: ignore[union-attr]
                self.take(")")
                steps.append(_method_step(method, args))
            else:
                steps.append(lambda v, n=name: v.get(n) if isinstance(v, dict) else None)
        get, field = self.get, first.text

        def value(record: Any) -> Any:
            current = get(record, field)
            for step in steps:
                current = step(current)
            return current

        return value


def _method_step(method: Callable[..., Any], args: list[Callable[[Any], Any]]) -> Callable:
    def step(value: Any) -> Any:
        if not isinstance(value, str):
            return None if not args else False
        return method(value, *[a(None) for a in args])

    return step


def where(text: str, type_name: str, fields: frozenset[str], get: Getter) -> Predicate:
    return _Parser(text, type_name, fields, get).parse()


def order(text: str, type_name: str, fields: frozenset[str]) -> list[tuple[str, bool]]:
    """`Name ASC, Date DESC` as [(field, descending)]."""
    keys = []
    offset = 0
    for part in text.split(","):
        words = part.split()
        if not words:
            offset += len(part) + 1
            continue
        if words[0] not in fields or len(words) > 2:
            at = offset + part.index(words[0])
            raise query_parse(
                f"No property or field '{words[0]}' exists in type '{type_name}' (at index {at})"
            )
        descending = len(words) == 2 and words[1].upper() == "DESC"
        if len(words) == 2 and words[1].upper() not in ("ASC", "DESC"):
            raise query_parse(f"Syntax error '{words[1]}' (at index {offset})")
        keys.append((words[0], descending))
        offset += len(part) + 1
    return keys
