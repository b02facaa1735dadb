print("bench: see issue")
