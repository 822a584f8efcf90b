"""Pure state machines of the Wvggz case engine: standard library and `transitions` only.

`workflows.engine` is the API the services call; `melding`, `crisismaatregel`, `beroep` and
`triage` each export one `Workflow` constant.
"""
