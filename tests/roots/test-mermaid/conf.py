# Diagrams drawn by sphinxcontrib-mermaid (tests/test_eco_mermaid.py sets extensions and mermaid.js).
extensions = ["vmgraph.sphinxext", "sphinxcontrib.mermaid"]
vmgraph_models = {"minimal": "../../data/minimal.yaml"}
vmgraph_default_model = "minimal"
vmgraph_format = "mermaid"
graphviz_dot = "/nonexistent/dot"  # a Mermaid build runs no Graphviz
exclude_patterns = ["_build"]
show_warning_types = True
