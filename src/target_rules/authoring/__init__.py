"""Rule authors' tools: worked examples and their pytest plugin, property strategies, lint, importer."""
