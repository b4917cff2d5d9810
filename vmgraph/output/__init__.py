"""Output files: the plan of what a render writes, DOT stamps in images, atomic writes."""
