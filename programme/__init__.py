"""The secretariat's console: the programme dashboard, reporting cycles and their reminders."""
