"""Officers' tools: roles and scope, roster, announcements, reports, digest, compliance."""
