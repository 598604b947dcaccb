"""Thin views: selectors read, services write, the care policy decides on anything about a family."""
