"""Questions and answers: retrieval-grounded answers with citations, redaction and budgets."""
