"""The beneficiary's own space."""
