"""VTQL: the lexer and parser of vtiger's SQL-like query language (VTQL_Lexer / VTQL_Parser).

    SELECT (* | col[, col...] | count(*)) FROM <Module>
        [WHERE col op value [AND|OR ...]] [ORDER BY col[, col] [ASC|DESC]]
        [LIMIT n | LIMIT offset, n] ;

The trailing semicolon is mandatory. Values are single-quoted ('' escapes a quote) or bare
words and integers; double quotes, dots and % outside quotes do not lex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import QUERY_SYNTAX_ERROR, WebServiceError

# The lexer's token pattern, alternative for alternative (VTQL_Lexer::yylex1).
_TOKEN = re.compile(
    r"(?P<word>\w+)|(?P<string>'(?:[^']|'')+')|(?P<punct>[(),*;])|(?P<number>[+-]?\d+)"
    r"|(?P<op><=|>=|!=|=|<|>)"
)
_SPACE = re.compile(r"[ \t\r\n]+")
COMPARISONS = ("=", "<", ">", "<=", ">=", "!=")
_OP_NAMES = {"=": "EQ", "<": "LT", ">": "GT", "<=": "LTE", ">=": "GTE", "!=": "NE"}


@dataclass(frozen=True)
class Token:
    kind: str  # word, string, punct, number, op, end
    text: str

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text.lower() in words


@dataclass(frozen=True)
class Condition:
    column: str
    operator: str  # = < > <= >= != IN LIKE
    values: tuple[str, ...]


@dataclass
class Query:
    columns: list[str]  # ["*"], ["count(*)"] or field names
    module: str
    # Disjunction of conjunctions: SQL gives AND precedence over OR.
    where: list[list[Condition]] = field(default_factory=list)
    order_by: list[str] = field(default_factory=list)
    descending: bool = False
    offset: int = 0
    limit: int | None = None

    @property
    def is_count(self) -> bool:
        return self.columns == ["count(*)"]


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        space = _SPACE.match(text, position)
        if space:
            position = space.end()
            continue
        match = _TOKEN.match(text, position)
        if not match:
            raise WebServiceError(
                QUERY_SYNTAX_ERROR, f"Unexpected input at line1: {text[position]}"
            )
        kind = match.lastgroup or "word"
        tokens.append(Token(kind, match.group(0)))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.position = 0

    def peek(self, ahead: int = 0) -> Token:
        index = self.position + ahead
        return self.tokens[index] if index < len(self.tokens) else Token("end", "")

    def take(self) -> Token:
        token = self.peek()
        self.position += 1
        return token

    def fail(self, expected: str) -> WebServiceError:
        token = self.peek()
        last = self.tokens[self.position - 1].text if self.position else ""
        if token.kind == "end":
            shown, name, value = last, "$", "0"
        else:
            shown, name, value = token.text, _token_name(token), token.text
        return WebServiceError(
            QUERY_SYNTAX_ERROR,
            f"Syntax Error on line 1: token '{shown}' Unexpected {name}({value}), "
            f"expected one of: {expected}",
        )

    def expect_word(self, word: str, name: str) -> None:
        if not self.peek().is_word(word):
            raise self.fail(name)
        self.take()

    def expect_punct(self, char: str, name: str) -> None:
        if self.peek().text != char or self.peek().kind != "punct":
            raise self.fail(name)
        self.take()

    def name(self, expected: str) -> str:
        if self.peek().kind != "word":
            raise self.fail(expected)
        return self.take().text

    def parse(self) -> Query:
        self.expect_word("select", "SELECT")
        columns = self.columns()
        self.expect_word("from", "FRM")
        query = Query(columns=columns, module=self.name("TABLENAME"))
        if self.peek().is_word("where"):
            self.take()
            query.where = self.condition()
        if self.peek().is_word("order"):
            self.take()
            self.expect_word("by", "ORDERBY")
            query.order_by.append(self.name("COLUMNNAME"))
            while self.peek().text == ",":
                self.take()
                query.order_by.append(self.name("COLUMNNAME"))
            if self.peek().is_word("asc", "desc"):
                query.descending = self.take().text.lower() == "desc"
        if self.peek().is_word("limit"):
            self.take()
            first = self.integer()
            if self.peek().text == ",":
                self.take()
                query.offset, query.limit = first, self.integer()
            else:
                query.limit = first
        self.expect_punct(";", _after_clause(query))
        if self.peek().kind != "end":
            raise self.fail("$")
        return query

    def columns(self) -> list[str]:
        token = self.peek()
        if token.text == "*":
            self.take()
            return ["*"]
        if token.is_word("count") and self.peek(1).text == "(":
            self.take()
            self.expect_punct("(", "PARENOPEN")
            self.expect_punct("*", "ASTERISK")
            self.expect_punct(")", "PARENCLOSE")
            return ["count(*)"]
        names = [self.name("COLUMNNAME,ASTERISK,COUNT")]
        while self.peek().text == ",":
            self.take()
            names.append(self.name("COLUMNNAME"))
        return names

    def condition(self) -> list[list[Condition]]:
        groups: list[list[Condition]] = [[self.expression()]]
        while self.peek().is_word("and", "or"):
            joiner = self.take().text.lower()
            expression = self.expression()
            if joiner == "and":
                groups[-1].append(expression)
            else:
                groups.append([expression])
        return groups

    def expression(self) -> Condition:
        column = self.name("COLUMNNAME")
        token = self.take()
        if token.kind == "op":
            operator = token.text
        elif token.is_word("in", "like"):
            operator = token.text.upper()
        else:
            self.position -= 1
            raise self.fail("EQ,LT,GT,LTE,GTE,NE,IN,LIKE")
        if self.peek().text == "(" and self.peek().kind == "punct":
            self.take()
            values = [self.value()]
            while operator == "IN" and self.peek().text == ",":
                self.take()
                values.append(self.value())
            self.expect_punct(")", "PARENCLOSE" if operator != "IN" else "COMMA,PARENCLOSE")
        else:
            values = [self.value()]
        return Condition(column, operator, tuple(values))

    def value(self) -> str:
        token = self.peek()
        if token.kind == "string":
            self.take()
            return token.text[1:-1].replace("''", "'")
        if token.kind in ("word", "number"):
            self.take()
            return token.text
        raise self.fail("VALUE")

    def integer(self) -> int:
        token = self.peek()
        if token.kind not in ("word", "number") or not token.text.lstrip("+-").isdigit():
            raise self.fail("VALUE")
        self.take()
        return int(token.text)


def _token_name(token: Token) -> str:
    if token.kind == "op":
        return _OP_NAMES[token.text]
    if token.kind == "punct":
        return {
            "(": "PARENOPEN",
            ")": "PARENCLOSE",
            ",": "COMMA",
            "*": "ASTERISK",
            ";": "SEMICOLON",
        }[token.text]
    if token.kind == "string" or token.kind == "number":
        return "VALUE"
    return "COLUMNNAME"


def _after_clause(query: Query) -> str:
    if query.limit is not None:
        return "SEMICOLON"
    if query.order_by:
        return "LIMIT,SEMICOLON" if query.descending else "ASC,DESC,COMMA,LIMIT,SEMICOLON"
    if query.where:
        return "LOGICAL_AND,LOGICAL_OR,ORDERBY,LIMIT,SEMICOLON"
    return "WHERE,ORDERBY,LIMIT,SEMICOLON"


def parse(text: str) -> Query:
    """Parse one VTQL statement or raise QUERY_SYNTAX_ERROR."""
    return _Parser(text).parse()
