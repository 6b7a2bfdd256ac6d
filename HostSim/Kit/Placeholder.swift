// Host-side audio tooling.
