"""Dashboard widgets: aggregates over typed projections of the canonical store."""
