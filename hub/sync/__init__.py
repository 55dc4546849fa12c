"""The sync engine: pull from apps, store, route, push to apps; links, merge and matching."""
