"""Shopify connector: the hub's Shopify integration and its local sandbox."""
