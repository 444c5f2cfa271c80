print("mean 0")
