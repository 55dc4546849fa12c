"""Xero Payroll AU employees and timesheets <-> canonical employees and timesheets."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from hub.sdk import Notes

from . import values

Row = dict[str, Any]
GENDERS_IN = {"M": "MALE", "F": "FEMALE", "I": "NON_BINARY", "N": "NOT_STATED"}
GENDERS_OUT = {v: k for k, v in GENDERS_IN.items()}
FREQUENCIES_IN = {
    "WEEKLY": "WEEKLY",
    "FORTNIGHTLY": "FORTNIGHTLY",
    "FOURWEEKLY": "FOUR_WEEKLY",
    "TWICEMONTHLY": "TWICE_MONTHLY",
    "MONTHLY": "MONTHLY",
    "QUARTERLY": "QUARTERLY",
}
FREQUENCIES_OUT = {v: k for k, v in FREQUENCIES_IN.items()}
# Xero's REQUESTED is a timesheet waiting for approval: canonical SUBMITTED.
SHEET_IN = {"REQUESTED": "SUBMITTED"}
SHEET_OUT = {"SUBMITTED": "REQUESTED"}
SHEET_SENT = ("DRAFT", "APPROVED", "REJECTED", "REQUESTED")  # PROCESSED is Xero's to set


def _address(home: Mapping[str, Any] | None) -> Row | None:
    if not home:
        return None
    lines = [home[k] for k in ("AddressLine1", "AddressLine2") if home.get(k)]
    found: Row = {"type": "OTHER", "lines": lines}
    for key, name in (("City", "city"), ("Region", "region"), ("PostalCode", "postal_code")):
        if home.get(key):
            found[name] = home[key]
    if home.get("Country"):
        found["country"] = home["Country"]
    return found


def _salary(line: Mapping[str, Any], rate_name: str) -> Row | None:
    kind = line.get("CalculationType")
    if kind == "ANNUALSALARY" and line.get("AnnualSalary") is not None:
        found = {"pay_item": rate_name, "annual_amount": values.money(line["AnnualSalary"])}
        if line.get("NumberOfUnitsPerWeek") is not None:
            found["hours_per_week"] = values.number(line["NumberOfUnitsPerWeek"])
        return found
    if line.get("RatePerUnit") is not None:
        return {"pay_item": rate_name, "rate_per_hour": values.money(line["RatePerUnit"])}
    return None


def pay_item_in(rate: Mapping[str, Any]) -> Row:
    """An earnings rate of Xero's PayItems as a canonical pay item."""
    item: Row = {"name": rate["Name"], "type": "EARNINGS"}
    if rate.get("EarningsType"):
        item["earnings_type"] = rate["EarningsType"]
    kind = {"FIXEDAMOUNT": "FIXED_AMOUNT", "MULTIPLE": "MULTIPLE", "RATEPERUNIT": "RATE_PER_UNIT"}
    if rate.get("RateType") in kind:
        item["rate_type"] = kind[rate["RateType"]]
    if rate.get("RatePerUnit") is not None:
        item["rate_per_unit"] = values.money(rate["RatePerUnit"])
    if rate.get("Multiplier") is not None and item.get("rate_type") == "MULTIPLE":
        item["multiplier"] = values.number(rate["Multiplier"])
    if rate.get("TypeOfUnits"):
        item["unit_type"] = rate["TypeOfUnits"]
    if rate.get("IsExemptFromTax") is not None:
        item["is_exempt_from_tax"] = bool(rate["IsExemptFromTax"])
    if rate.get("IsExemptFromSuper") is not None:
        item["is_exempt_from_super"] = bool(rate["IsExemptFromSuper"])
    return item


def employee_in(row: Mapping[str, Any], rates: Mapping[str, Row], frequency: str | None) -> Row:
    """A Payroll AU employee (the single GET, with its pay template) as a canonical one."""
    data: Row = {"first_name": row.get("FirstName") or "", "last_name": row.get("LastName") or ""}
    for key, name in (
        ("Title", "title"),
        ("MiddleNames", "middle_names"),
        ("Email", "email"),
        ("JobTitle", "job_title"),
        ("Classification", "classification"),
    ):
        data[name] = row.get(key) or None
    data["birth_date"] = values.parse_day(row.get("DateOfBirth"))
    data["start_date"] = values.parse_day(row.get("StartDate"))
    data["termination_date"] = values.parse_day(row.get("TerminationDate"))
    data["gender"] = GENDERS_IN.get(row.get("Gender") or "")
    data["status"] = row.get("Status") if row.get("Status") in ("ACTIVE", "TERMINATED") else None
    data["phones"] = [
        {"type": kind, "number": row[key]}
        for key, kind in (("Phone", "DEFAULT"), ("Mobile", "MOBILE"))
        if row.get(key)
    ]
    data["address"] = _address(row.get("HomeAddress"))
    data["pay_frequency"] = FREQUENCIES_IN.get(frequency or "")
    if "PayTemplate" in row:  # only the single GET carries it
        lines = (row.get("PayTemplate") or {}).get("EarningsLines") or []
        used = [rates[line["EarningsRateID"]] for line in lines if line["EarningsRateID"] in rates]
        salary = [
            _salary(line, rates.get(line["EarningsRateID"], {}).get("Name", "")) for line in lines
        ]
        data["salary"] = [s for s in salary if s is not None]
        data["pay_items"] = [pay_item_in(rate) for rate in used]
    return data


def employee_out(data: Mapping[str, Any], rate_ids: Mapping[str, str]) -> Row:
    """The fields of a canonical employee that Xero payroll takes (absent ones stay as they are)."""
    body: Row = {}
    for name, key in (
        ("first_name", "FirstName"),
        ("last_name", "LastName"),
        ("middle_names", "MiddleNames"),
        ("title", "Title"),
        ("email", "Email"),
        ("job_title", "JobTitle"),
        ("classification", "Classification"),
        ("birth_date", "DateOfBirth"),
        ("start_date", "StartDate"),
        ("termination_date", "TerminationDate"),
    ):
        if name in data:
            body[key] = data[name]
    if "gender" in data:
        body["Gender"] = GENDERS_OUT.get(data["gender"] or "", "N")
    phones = {p.get("type"): p["number"] for p in data.get("phones") or []}
    if "phones" in data:
        body["Phone"] = phones.get("DEFAULT") or phones.get("OFFICE") or phones.get("HOME")
        body["Mobile"] = phones.get("MOBILE")
    lines = [_salary_out(line, rate_ids) for line in data.get("salary") or []]
    if "salary" in data and all(line is not None for line in lines):
        body["PayTemplate"] = {"EarningsLines": lines}
    return body


def _salary_out(line: Mapping[str, Any], rate_ids: Mapping[str, str]) -> Row | None:
    rate_id = rate_ids.get(line.get("pay_item") or "") or rate_ids.get("")
    if rate_id is None:
        return None
    if line.get("annual_amount") is not None:
        return {
            "EarningsRateID": rate_id,
            "CalculationType": "ANNUALSALARY",
            "AnnualSalary": Decimal(line["annual_amount"]),
            "NumberOfUnitsPerWeek": Decimal(line.get("hours_per_week") or "38"),
        }
    return {
        "EarningsRateID": rate_id,
        "CalculationType": "ENTEREARNINGSRATE",
        "RatePerUnit": Decimal(line["rate_per_hour"]),
    }


def timesheet_in(row: Mapping[str, Any], rate_names: Mapping[str, str]) -> Row:
    """A Xero timesheet as a canonical one: one line per earnings rate line, units per day."""
    status = row.get("Status") or "DRAFT"
    lines = [
        {
            "pay_item": rate_names.get(line.get("EarningsRateID") or "") or None,
            "hours": [values.number(u) for u in line.get("NumberOfUnits") or []],
        }
        for line in row.get("TimesheetLines") or []
    ]
    total = sum((Decimal(u) for line in lines for u in line["hours"]), Decimal(0))
    return {
        "employee_id": row["EmployeeID"],
        "start_date": values.parse_day(row.get("StartDate")),
        "end_date": values.parse_day(row.get("EndDate")),
        "status": SHEET_IN.get(status, status),
        "total_hours": values.number(total),
        "lines": lines,
    }


def timesheet_out(
    data: Mapping[str, Any], rate_ids: Mapping[str, str], ordinary: str, notes: Notes, key: str
) -> Row:
    """Canonical timesheet -> Xero: the lines of one earnings rate merged day by day (Xero
    keeps one line per earnings rate); a line without a pay item goes on `ordinary`."""
    merged: dict[str, list[Decimal]] = {}
    for line in data.get("lines") or []:
        name = line.get("pay_item") or ""
        rate_id = rate_ids.get(name) if name else ordinary
        if rate_id is None:
            notes.add(
                "timesheets", key, f"No earnings rate '{name}' in Xero: hours go on ordinary time."
            )
            rate_id = ordinary
        hours = [Decimal(h) for h in line["hours"]]
        if rate_id in merged:
            merged[rate_id] = [a + b for a, b in zip(merged[rate_id], hours, strict=True)]
        else:
            merged[rate_id] = hours
    body: Row = {
        "EmployeeID": data["employee_id"],
        "StartDate": data["start_date"],
        "EndDate": data["end_date"],
        "TimesheetLines": [
            {"EarningsRateID": rate_id, "NumberOfUnits": units} for rate_id, units in merged.items()
        ],
    }
    status = SHEET_OUT.get(data.get("status") or "", data.get("status"))
    if status in SHEET_SENT:
        body["Status"] = status
    return body
