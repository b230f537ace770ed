"""The contract runner's masking is the suite's one masking (`checks.masking`); kept for old imports."""

from checks.masking import MASK, Masker, mask

__all__ = ["MASK", "Masker", "mask"]
