"""The snippet language: static checker, interpreter, torch's namespaces, limits."""
