"""Views to text: DOT (with the graphviz package), Mermaid, reST pages, JSON."""
