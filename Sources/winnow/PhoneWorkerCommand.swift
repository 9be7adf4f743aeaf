import ArgumentParser
import Foundation
import Winnow

/// The helper process of `PhoneWorkers`: phone numbers in on stdin, their normalization out on stdout.
struct PhoneWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phone-worker",
        abstract: "Internal: normalizes phone numbers for a run's normalize stage in a second process.",
        shouldDisplay: false
    )

    func run() throws {
        try perform { try PhoneWorkers.serve(input: .standardInput, output: .standardOutput) }
    }
}
