"""`python -m connectors.xero.sandbox [--port 5101] [--seed 0]`: serve the sandbox."""

from __future__ import annotations

from .serve import main

main()
