"""Domain core of the plan knowledge base: load, validate and render plans.

Nothing in this package imports MkDocs; `hooks/mkdocs_hooks.py` adapts it.
"""
