"""The vtiger CRM connector (connector.py) and its sandbox (sandbox/)."""
