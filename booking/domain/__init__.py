"""Pure scheduling core: time, recurrence, overlap and room rules. No Flask, no database."""
