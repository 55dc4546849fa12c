"""Working out a payslip: earnings from the pay template and approved timesheets, then
deductions, reimbursements, a flat withholding (not the ATO's scales) and super."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from . import dates, values
from .payroll import Book, setting
from .payroll_periods import PER_YEAR
from .store import Org, Record

ZERO = Decimal(0)
TOTALS = ("Wages", "Deductions", "Tax", "Super", "Reimbursements", "NetPay")


def _template(employee: Record) -> Record:
    return employee.get("PayTemplate") or {}


def ordinary_rate(book: Book, employee: Record) -> Decimal:
    """The employee's ordinary hourly rate: entered on the template, the rate's own, or a
    salary spread over the year's ordinary hours."""
    ordinary = employee.get("OrdinaryEarningsRateID")
    for line in _template(employee).get("EarningsLines") or []:
        if line["EarningsRateID"] != ordinary:
            continue
        if line.get("RatePerUnit") is not None:
            return Decimal(line["RatePerUnit"])
        if line.get("AnnualSalary") and line.get("NumberOfUnitsPerWeek"):
            return Decimal(line["AnnualSalary"]) / (52 * Decimal(line["NumberOfUnitsPerWeek"]))
    rate = book.earnings_rates.get(ordinary or "")
    return Decimal(rate.get("RatePerUnit") or 0) if rate else ZERO


def _rate_per_unit(book: Book, employee: Record, rate_id: str) -> Decimal:
    for line in _template(employee).get("EarningsLines") or []:
        if line["EarningsRateID"] == rate_id and line.get("RatePerUnit") is not None:
            return Decimal(line["RatePerUnit"])
    rate = book.earnings_rates[rate_id]
    if rate["RateType"] == "MULTIPLE":
        return ordinary_rate(book, employee) * Decimal(rate.get("Multiplier") or 1)
    if rate.get("RatePerUnit") is not None:
        return Decimal(rate["RatePerUnit"])
    return ordinary_rate(book, employee)


def timesheet_units(book: Book, employee_id: str, start: date) -> dict[str, Decimal]:
    """Units per earnings rate on the employee's approved timesheet for the period."""
    units: dict[str, Decimal] = defaultdict(Decimal)
    for sheet in book.timesheets.values():
        if (sheet["EmployeeID"], sheet["StartDate"]) != (employee_id, start):
            continue
        if sheet["Status"] not in ("APPROVED", "PROCESSED"):
            continue
        for line in sheet["TimesheetLines"]:
            units[line["EarningsRateID"]] += sum(line["NumberOfUnits"], ZERO)
    return units


def _earnings(
    book: Book, employee: Record, kind: str, units: dict[str, Decimal]
) -> tuple[list[Record], list[Record]]:
    """(EarningsLines from the template, TimesheetEarningsLines from the timesheet)."""
    lines: list[Record] = []
    for line in _template(employee).get("EarningsLines") or []:
        rate_id = line["EarningsRateID"]
        if line.get("CalculationType") == "ANNUALSALARY":
            amount = values.money(Decimal(line["AnnualSalary"]) / PER_YEAR[kind])
            lines.append({"EarningsRateID": rate_id, "Amount": amount})
            continue
        if rate_id in units:
            continue  # the timesheet says how many units
        count = line.get("NumberOfUnits") or line.get("NormalNumberOfUnits")
        if count:
            per_unit = _rate_per_unit(book, employee, rate_id)
            lines.append(
                {
                    "EarningsRateID": rate_id,
                    "RatePerUnit": per_unit,
                    "NumberOfUnits": Decimal(count),
                    "Amount": values.money(per_unit * Decimal(count)),
                }
            )
    from_sheets = []
    for rate_id, count in units.items():
        per_unit = _rate_per_unit(book, employee, rate_id)
        amount = values.money(per_unit * count)
        from_sheets.append(
            {
                "EarningsRateID": rate_id,
                "RatePerUnit": per_unit,
                "NumberOfUnits": count,
                "Amount": amount,
            }
        )
    return lines, from_sheets


def _super_applies(book: Book, rate_id: str) -> bool:
    rate = book.earnings_rates.get(rate_id)
    return rate is not None and not rate.get("IsExemptFromSuper")


def compute(
    org: Org, book: Book, config: dict[str, Any], employee: Record, kind: str, start: date
) -> Record:
    """One employee's payslip for the period starting `start` of a `kind` calendar."""
    units = timesheet_units(book, employee["EmployeeID"], start)
    earnings, from_sheets = _earnings(book, employee, kind, units)
    wages = sum((line["Amount"] for line in earnings + from_sheets), ZERO)
    deductions, pretax = [], ZERO
    for line in _template(employee).get("DeductionLines") or []:
        amount = line.get("Amount")
        if amount is None:
            amount = values.money(wages * Decimal(line.get("Percentage") or 0) / 100)
        if line.get("CalculationType") == "PRETAX":
            pretax += amount
        deductions.append({**line, "Amount": amount})
    reimbursements = [dict(line) for line in _template(employee).get("ReimbursementLines") or []]
    taxable = max(wages - pretax, ZERO)
    # Withholding is rounded to whole dollars, as the ATO's tables are.
    tax = (taxable * Decimal(str(setting(config, "payroll_tax_rate")))).quantize(
        Decimal(1), ROUND_HALF_UP
    )
    super_base = sum(
        (
            line["Amount"]
            for line in earnings + from_sheets
            if _super_applies(book, line["EarningsRateID"])
        ),
        ZERO,
    )
    totals = {
        "Wages": wages,
        "Deductions": sum((line["Amount"] for line in deductions), ZERO),
        "Tax": Decimal(tax),
        "Super": values.money(super_base * Decimal(str(setting(config, "payroll_super_rate")))),
        "Reimbursements": sum((Decimal(line.get("Amount") or 0) for line in reimbursements), ZERO),
    }
    totals["NetPay"] = wages - totals["Deductions"] - totals["Tax"] + totals["Reimbursements"]
    return {
        "PayslipID": org.new_id(),
        "EmployeeID": employee["EmployeeID"],
        "FirstName": employee["FirstName"],
        "LastName": employee["LastName"],
        "EmployeeGroup": employee.get("EmployeeGroupName"),
        **totals,
        "EarningsLines": earnings,
        "TimesheetEarningsLines": from_sheets,
        "DeductionLines": deductions,
        "ReimbursementLines": reimbursements,
        "LeaveEarningsLines": [],
        "TaxLines": [
            {"TaxTypeName": "PAYG Tax", "Description": "Flat withholding (sandbox)", "Amount": tax}
        ],
        "UpdatedDateUTC": dates.now(),
    }


def summary(payslip: Record) -> Record:
    """The payslip as a pay run lists it."""
    keys = ("EmployeeID", "PayslipID", "FirstName", "LastName", "EmployeeGroup", *TOTALS)
    return {key: payslip.get(key) for key in (*keys, "UpdatedDateUTC")}
