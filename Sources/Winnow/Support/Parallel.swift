import Foundation
import Dispatch

/// Runs `body` over `count` items split into contiguous slices and returns the slices' results in slice order,
/// so output order never depends on scheduling.
///
/// Each call of `body` builds its own state (caches, normalizers) inside it: nothing mutable is shared.
public enum Parallel {
    /// - Parameter piecesPerJob: slices per worker. The workers take the next slice as they finish one, so a core
    ///   slowed by something else (the prefault thread, a background release, another process) does not leave the
    ///   other idle at the end: with one slice per worker, normalize's second half ended half a second after its first.
    ///   A caller whose merge of the slices' results costs per slice asks for 1.
    /// - Parameter itemsPerJob: below this many items per worker, fewer workers (an item is usually a record: a
    ///   thousand are worth a thread). A caller whose items are big jobs of their own (accounts) asks for 1.
    static func slices<Result: Sendable>(count: Int, jobs: Int, piecesPerJob: Int = 8, itemsPerJob: Int = 1024,
                                         _ body: @Sendable (Range<Int>) -> Result) -> [Result] {
        let workers = max(1, min(jobs, count / max(1, itemsPerJob) + 1))
        if workers == 1 || count < 2 { return [body(0..<count)] }
        let pieces = min(count, workers * max(1, piecesPerJob))
        let slots = Slots<Result>(count: pieces)
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            let range = (count * piece / pieces)..<(count * (piece + 1) / pieces)
            slots.set(piece, body(range))
        }
        return slots.values
    }

    /// `transform` of every index of `0..<count`, computed in `jobs` contiguous slices and written straight into
    /// the result: joining per-slice arrays afterwards would copy a million elements into a second fresh block.
    static func map<Element>(count: Int, jobs: Int, _ transform: @Sendable (Int) -> Element) -> [Element] {
        withoutActuallyEscaping(transform) { transform in map(count: count, jobs: jobs, perWorker: { transform }) }
    }

    /// `map(count:jobs:_:)` with state of each slice's own (caches, evaluators): every slice asks `makeTransform`
    /// for its transform once, then applies it to each of its indices.
    static func map<Element>(count: Int, jobs: Int, perWorker makeTransform: @Sendable () -> (Int) -> Element) -> [Element] {
        Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            let shared = SharedBuffer(buffer)
            _ = slices(count: count, jobs: jobs) { range -> Int in
                let transform = makeTransform()
                for index in range { (shared.buffer.baseAddress! + index).initialize(to: transform(index)) }
                return range.count
            }
            initialized = count
        }
    }

    /// Write-once result slots: each worker writes its own index, the caller reads after all have finished.
    private final class Slots<Value>: @unchecked Sendable {
        private var storage: [Value?]
        init(count: Int) { storage = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Value) { storage[index] = value }
        var values: [Value] { storage.map { $0! } }
    }

    /// The default worker count: the machine's cores.
    public static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

/// A buffer shared by `Parallel.slices` workers that each write only their own range of it.
struct SharedBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
