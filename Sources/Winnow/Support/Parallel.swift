import Foundation
import Dispatch

/// Runs `body` over `count` items split into `jobs` contiguous slices, one slice per worker, and returns
/// the slices' results in slice order, so output order never depends on scheduling.
///
/// Each worker builds its own state (caches, normalizers) inside `body`: nothing mutable is shared.
public enum Parallel {
    static func slices<Result: Sendable>(count: Int, jobs: Int, _ body: @Sendable (Range<Int>) -> Result) -> [Result] {
        let workers = max(1, min(jobs, count / 1024 + 1))
        if workers == 1 { return [body(0..<count)] }
        let slots = Slots<Result>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (count * worker / workers)..<(count * (worker + 1) / workers)
            slots.set(worker, body(range))
        }
        return slots.values
    }

    /// `transform` of every index of `0..<count`, computed in `jobs` contiguous slices and written straight into
    /// the result: joining per-slice arrays afterwards would copy a million elements into a second fresh block.
    static func map<Element>(count: Int, jobs: Int, _ transform: @Sendable (Int) -> Element) -> [Element] {
        withoutActuallyEscaping(transform) { transform in map(count: count, jobs: jobs, perWorker: { transform }) }
    }

    /// `map(count:jobs:_:)` with state of each worker's own (caches, evaluators): every worker asks `makeTransform`
    /// for its transform once, then applies it to each index of its slice.
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
