"""Working as a committee: member identities, the roster, change stamps, update files and
merging them (docs/committee-exchange.md)."""
