#if canImport(Glibc)
    import Glibc
#endif
print(1)
while true { sleep(1000) }
