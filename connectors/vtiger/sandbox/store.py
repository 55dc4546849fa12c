"""The in-memory record store: crmid sequence, auto numbers, soft deletes, modifiedtime index."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from .fielddefs import ModuleDef


@dataclass
class Record:
    """One row: module field values as stored strings, plus the vtiger_crmentity columns."""

    module: str
    number: int  # crmid for CRM entities; users.id / currency id for the others
    values: dict[str, str]
    owner: int = 0  # smownerid: the Users id the record is assigned to
    created: datetime | None = None
    modified: datetime | None = None
    deleted: bool = False
    # Inventory documents: their line items (stored strings) and group-tax percentages.
    lines: list[dict[str, str]] = field(default_factory=list)
    group_taxes: dict[str, str] = field(default_factory=dict)

    @property
    def modified_epoch(self) -> int:
        return int(self.modified.timestamp()) if self.modified else 0


class Store:
    """All records of one sandbox; callers hold the app lock while using it."""

    def __init__(self, modules: dict[str, ModuleDef], first_crmid: int = 1) -> None:
        self.modules = modules
        self.by_module: dict[str, dict[int, Record]] = {name: {} for name in modules}
        self.crm: dict[int, Record] = {}
        self.next_crmid = first_crmid
        self.next_line_id = 1
        self._numbers: dict[str, int] = {name: 0 for name in modules}
        # Per module, (modified epoch, number) ascending: what sync and time-ordered
        # queries walk, so a poll costs a bisect rather than a full scan.
        self._by_time: dict[str, list[tuple[int, int]]] = {name: [] for name in modules}

    # -- writing ---------------------------------------------------------------------------
    def new_crmid(self) -> int:
        crmid = self.next_crmid
        self.next_crmid += 1
        return crmid

    def new_line_id(self) -> int:
        line_id = self.next_line_id
        self.next_line_id += 1
        return line_id

    def next_number(self, module: ModuleDef) -> str:
        """The next auto number (ACC1, ACC2, ...) of a module."""
        self._numbers[module.name] += 1
        return f"{module.number_prefix}{self._numbers[module.name]}"

    def add(self, record: Record) -> None:
        self.by_module[record.module][record.number] = record
        if self.modules[record.module].crm:
            self.crm[record.number] = record
        bisect.insort(self._by_time[record.module], (record.modified_epoch, record.number))

    def touch(self, record: Record, moment: datetime) -> None:
        """Set modifiedtime and keep the time index in step."""
        index = self._by_time[record.module]
        old = (record.modified_epoch, record.number)
        position = bisect.bisect_left(index, old)
        if position < len(index) and index[position] == old:
            del index[position]
        record.modified = moment
        bisect.insort(index, (record.modified_epoch, record.number))

    # -- reading ---------------------------------------------------------------------------
    def get(self, module: str, number: int) -> Record | None:
        return self.by_module.get(module, {}).get(number)

    def live(self, module: str, number: int) -> Record | None:
        record = self.get(module, number)
        return record if record is not None and not record.deleted else None

    def crm_live(self, crmid: int) -> Record | None:
        record = self.crm.get(crmid)
        return record if record is not None and not record.deleted else None

    def iter_live(self, module: str) -> Iterator[Record]:
        return (r for r in self.by_module[module].values() if not r.deleted)

    def count_live(self, module: str) -> int:
        return sum(1 for r in self.by_module[module].values() if not r.deleted)

    def modified_after(self, module: str, epoch: int) -> Iterator[Record]:
        """Every record (deleted too) modified strictly after `epoch`, oldest first."""
        index = self._by_time[module]
        start = bisect.bisect_right(index, (epoch, float("inf")))
        records = self.by_module[module]
        for position in range(start, len(index)):
            yield records[index[position][1]]
