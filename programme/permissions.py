"""Who may use the programme's pages: the secretariat alone (a 403 for anyone else signed in)."""
from submissions import permissions as submission_rules
from submissions import roles


def require_secretariat(user):
    submission_rules.require(roles.is_secretariat(user))
