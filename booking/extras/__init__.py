"""Equipment and extras with a booking (issue 10): the admin's list, the requests and their stock check."""
