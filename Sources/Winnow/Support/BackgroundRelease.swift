import Dispatch

/// Frees a large value on a background thread.
///
/// A million contacts are some ten million heap blocks; freeing them one by one took about a second of a 1M run's
/// wall time on the main thread after the outputs were already published. Handed here, they are freed while the
/// caller goes on (the command prints its summary and exits, which ends the freeing early: the process's memory
/// goes back to the system in one piece).
enum BackgroundRelease {
    static func drop<Value>(_ value: consuming Value) {
        let box = Box(value)
        DispatchQueue.global(qos: .utility).async { box.release() }
    }

    /// Sendable by hand: the value is moved in and never touched again but to free it.
    private final class Box<Held>: @unchecked Sendable {
        private var value: Held?
        init(_ value: consuming Held) { self.value = consume value }
        func release() { value = nil }
    }
}
