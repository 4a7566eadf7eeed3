"""Fields and line items from page text, their validation, and the routing decision."""

from extraction.extract import extract_fields
from extraction.route import route
from extraction.validate import validate

__all__ = ["extract_fields", "route", "validate"]
