"""Case files: beneficiaries, their pathways, notes and follow-ups."""
