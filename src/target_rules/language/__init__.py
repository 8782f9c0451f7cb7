"""The rule language: bytes to positioned documents (source), pydantic models (model, load), and each
target compiled once (compile); schema renders the models as JSON Schema for editors."""
