print("flint")
