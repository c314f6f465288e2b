"""Cities and people managed from the browser: invitations, roles, memberships, second factor, the audit log."""
