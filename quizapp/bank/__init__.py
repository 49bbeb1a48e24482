"""The exam bank as a file: checking (schema), loading (loader) and exporting (exporter)
`fixtures/*.yaml`. The models check what instructors write with the same rules (schema)."""
