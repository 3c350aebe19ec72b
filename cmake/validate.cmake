# JSON Schema validator targets (issue 7); filled in by its module.
