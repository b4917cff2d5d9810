"""Model to views: plain data saying what each diagram and table shows (no graphviz, Jinja2 or docutils)."""
