"""Facility data: the models of what the portal asks, the portal's rules, the food
category catalog, the reading of facility files (`intake`) and the template."""
