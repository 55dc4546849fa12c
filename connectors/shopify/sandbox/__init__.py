"""A local stand-in for the Shopify Admin REST API that the official ShopifyAPI package accepts.

app = create_app({"shops": ["acme", "globex"]})
seed(app, "acme", customers=20, products=5, orders=40)
token = install_app(app, "acme")
# serve it, then point ShopifyResource.site at site_url(server.url, "acme", "2024-10")
"""

from __future__ import annotations

from .app import create_app
from .auth import install_app, query_hmac, sign_query
from .client_route import route_myshopify
from .delivery import Delivery, deliver_pending, pending, sign, start_delivery_thread
from .routing import shop_url, site_url
from .seed import seed
from .store import state_of

__all__ = [
    "Delivery",
    "create_app",
    "deliver_pending",
    "install_app",
    "pending",
    "query_hmac",
    "route_myshopify",
    "seed",
    "shop_url",
    "sign",
    "sign_query",
    "site_url",
    "start_delivery_thread",
    "state_of",
]
