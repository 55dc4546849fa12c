"""The Harvest connector: users and time entries shared as employees and timesheets."""
