"""OpenDP, imported on first use only: the app starts without it (about 0.2 s and 60 MB)."""

from __future__ import annotations

import math
from types import ModuleType
from typing import Any


def opendp() -> ModuleType:
    """OpenDP's prelude, with the "contrib" features our mechanisms need switched on."""
    import opendp.prelude as dp  # here, not at the top: see the module docstring

    # "contrib" is OpenDP's flag for mechanisms proven in its papers but not yet
    # vetted by its own review process; the discrete Gaussian and the zCDP
    # conversion are behind it in 0.16. Switching it on twice is harmless.
    dp.enable_features("contrib")
    return dp


def gaussian_on_integer_vectors(sigma: float, *, distance: type = int) -> Any:
    """The discrete Gaussian on vectors of integer counts, as an OpenDP measurement.

    ``distance`` is the type of the L2 distance between two neighbouring inputs:
    ``int`` is what the data can be, ``float`` lets the privacy map take Δ₂ = √3.
    """
    if not (math.isfinite(sigma) and sigma > 0):
        raise ValueError("the noise scale must be a positive number")
    dp = opendp()
    space = dp.vector_domain(dp.atom_domain(T=int)), dp.l2_distance(T=distance)
    return space >> dp.m.then_gaussian(scale=sigma)
