"""vtiger CRM connector."""
