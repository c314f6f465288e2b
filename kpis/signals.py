"""What the catalogue tells the apps above it: kpis imports nothing from them.

targets_changed(data_point_ids): the targets of these data points (all when None) were set,
    changed or removed; sent inside the change's transaction. A receiver returns how many
    stored scores it changed (submissions rescores the values of submissions not signed off).
"""
from django.dispatch import Signal

targets_changed = Signal()
