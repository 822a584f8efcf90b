"""The domain side of notifications: staff channel preferences, the inbox, beheer retries, the relay job."""
