"""The main thread stops while a second thread keeps counting."""
import threading
import time

counter = 0
running = True


def spin():
    global counter
    while running:
        counter += 1  # @spin
        time.sleep(0.001)


spinner = threading.Thread(target=spin, name="spinner", daemon=True)
spinner.start()
while counter < 3:
    time.sleep(0.001)
a = 1  # @stop
b = 2  # @after
running = False
spinner.join()
print("counted", counter > 0)
