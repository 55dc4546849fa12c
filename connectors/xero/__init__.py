"""Xero connector: accounting and payroll for the hub, with a local sandbox of the Xero API."""
