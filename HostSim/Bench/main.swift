import KinuCore
print("kinu-bench: not yet")
