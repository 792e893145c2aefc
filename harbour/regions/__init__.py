"""Areas (local authorities) of the region and their population denominators."""
