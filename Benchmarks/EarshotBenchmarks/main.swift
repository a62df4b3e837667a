print("benchmarks: see Benchmarks/README")
