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

    /// `array` sorted on `jobs` workers: contiguous slices sorted apart, then merged in one pass (`merge`). The order
    /// is `sort(by:)`'s for a comparison that orders every pair of distinct elements, as the callers' tie-broken ones do.
    static func sort<Element>(_ array: inout [Element], jobs: Int, by areInIncreasingOrder: @Sendable (Element, Element) -> Bool) {
        let count = array.count
        // Below this, the merge's copy costs more than the second core saves.
        if jobs < 2 || count < 65_536 { array.sort(by: areInIncreasingOrder); return }
        let runs = array.withUnsafeMutableBufferPointer { buffer -> [Range<Int>] in
            let shared = SharedBuffer(buffer)
            return slices(count: count, jobs: jobs, piecesPerJob: 1, itemsPerJob: 1) { range -> Range<Int> in
                var run = UnsafeMutableBufferPointer(rebasing: shared.buffer[range])
                run.sort(by: areInIncreasingOrder)
                return range
            }
        }
        array = merge(runs.map { array[$0] }, by: areInIncreasingOrder)
    }

    /// The sorted `runs` as one sorted array; of equal elements, an earlier run's come first. Merged two at a time
    /// (there are as many runs as cores).
    static func merge<Element>(_ runs: [ArraySlice<Element>], by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
        var runs = runs
        while runs.count > 1 {
            runs = stride(from: 0, to: runs.count, by: 2).map { first in
                first + 1 < runs.count ? merge(runs[first], runs[first + 1], by: areInIncreasingOrder)[...] : runs[first]
            }
        }
        return runs.first.map(Array.init) ?? []
    }

    /// Two sorted runs as one, on their memory; of equal elements, `a`'s come first.
    private static func merge<Element>(_ a: ArraySlice<Element>, _ b: ArraySlice<Element>,
                                       by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
        Array(unsafeUninitializedCapacity: a.count + b.count) { out, initialized in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    guard var next = out.baseAddress else { return }   // both empty
                    var i = 0, j = 0
                    while i < a.count && j < b.count {
                        if areInIncreasingOrder(b[j], a[i]) { next.initialize(to: b[j]); j += 1 } else { next.initialize(to: a[i]); i += 1 }
                        next += 1
                    }
                    if i < a.count { next.initialize(from: a.baseAddress! + i, count: a.count - i); next += a.count - i }
                    if j < b.count { next.initialize(from: b.baseAddress! + j, count: b.count - j) }
                }
            }
            initialized = a.count + b.count
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
    /// A buffer that is only read, through `withElement`.
    init(reading buffer: UnsafeBufferPointer<Element>) { self.buffer = UnsafeMutableBufferPointer(mutating: buffer) }

    /// `body` of the element at `index`, read in place; `body` must not change it.
    ///
    /// A struct argument read from an array or through a pointer is copied, each of its references retained and
    /// released, whenever the callee may write memory: the compiler cannot tell that the callee leaves that element
    /// alone. An `inout` argument is not copied, nor are the borrowed ones the callee passes on. A contact holds eight
    /// references, two of them shared by its whole account, so these copies were 5% of a run's samples.
    @inline(__always) func withElement<Result>(at index: Int, _ body: (inout Element) -> Result) -> Result {
        body(&buffer[index])
    }
}
