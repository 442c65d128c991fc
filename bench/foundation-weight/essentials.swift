import FoundationEssentials
import Glibc

let data = try! JSONEncoder().encode(["a": 1])
print(data.count)
while true { sleep(1000) }
