"""The privacy officer's view (functionaris gegevensbescherming): the access log and AVG art. 15 requests."""
