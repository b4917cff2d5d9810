"""The only code that starts `dot`: single runs, batches, time limits."""
