import Foundation

let data = try! JSONEncoder().encode(["a": 1])
print(data.count, Date().formatted())
while true { sleep(1000) }
