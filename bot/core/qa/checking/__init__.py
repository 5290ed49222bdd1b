"""Check this for me: the claims in a pasted AI answer, where to check each, and lookups."""
