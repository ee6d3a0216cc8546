"""The deployment recipe for a shared server (see deploy/README.md)."""
