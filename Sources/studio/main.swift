import StudioCore
print("studio")
