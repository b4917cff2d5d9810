"""Model files to :class:`~vmgraph.model.Model`: YAML with line marks, validation, the JSON Schema."""
