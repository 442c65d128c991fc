import AssistantTesting
import Foundation
import Testing

/// The server links FoundationEssentials only: the whole of Foundation (with ICU's
/// internationalisation data) weighed about 9 MiB of idle RSS and 47 MB of binary
/// (BENCHMARKS.md). One `import Foundation` that uses a Foundation-only API, in our code or
/// through a dependency's trait, would bring it back; this catches it where it happens.
///
/// One exception, named: postgres-nio (for `DATABASE_URL`) depends on NIOFoundationCompat,
/// whose `JSONSerialization` and `RunLoop` helpers reference full Foundation, so the binary
/// links it again (BENCHMARKS.md has the cost). Nothing else may.
@Suite struct FoundationLinkTests {
    @Test func serverObjectsReferenceNoFullFoundationSymbol() async throws {
        // The object files SwiftPM links into the binary, ours and every dependency's.
        let list = URL(fileURLWithPath: ExecutableTests.binary).deletingLastPathComponent()
            .appendingPathComponent("crypto-assistant.product/Objects.LinkFileList").path
        // A response file: a path with spaces in it ("OrderedSet+Partial SetAlgebra.swift.o") is quoted.
        let objects = try String(contentsOfFile: list, encoding: .utf8).split(separator: "\n").map {
            $0.hasPrefix("'") && $0.hasSuffix("'") ? String($0.dropFirst().dropLast()) : String($0)
        }
        #expect(objects.contains { $0.hasSuffix("/AssistantServer.build/SQLiteStore.swift.o") })
        #expect(objects.contains { $0.contains("/Hummingbird.build/") })

        let checked = objects.filter { !$0.contains("/NIOFoundationCompat.build/") }
        let result = try await runTool(["nm", "--undefined-only", "--just-symbols"] + checked)
        #expect(result.status == 0, "\(result.output.prefix(500))")
        let symbols = result.output.split(separator: "\n")
        // Swift mangles a module's symbols with its name: 10Foundation, 20FoundationEssentials.
        let essentials = symbols.filter { $0.hasPrefix("$s20FoundationEssentials") }
        let full = Set(
            symbols.filter { $0.hasPrefix("$s10Foundation") || $0.hasPrefix("$s27FoundationInternationalization") })
        #expect(
            !essentials.isEmpty, "nm read the objects: Date, Data and the JSON coders come from FoundationEssentials")
        #expect(full.isEmpty, "full Foundation referenced: \(full.sorted().prefix(10))")
    }
}
