def busy():
    x = 0
    while True:
        x += 1


busy()
