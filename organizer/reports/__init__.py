"""Printing and PDF rendering with Qt painting (no widgets)."""
