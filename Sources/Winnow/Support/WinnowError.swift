import WinnowCSV

/// Errors that stop a run, each mapped to a documented exit code.
public enum WinnowError: Error, CustomStringConvertible, Sendable {
    case usage(String)
    case inputUnreadable(path: String, reason: String)
    case data(path: String, row: Int?, message: String)
    case output(path: String, reason: String)
    case workDirectory(path: String, reason: String)
    case locked(path: String, holder: String)

    public var description: String {
        switch self {
        case .usage(let message): return message
        case .inputUnreadable(let path, let reason): return "\(path): \(reason)"
        case .data(let path, let row, let message):
            if let row { return "\(path): row \(row): \(message)" }
            return "\(path): \(message)"
        case .output(let path, let reason): return "\(path): cannot write output: \(reason)"
        case .workDirectory(let path, let reason): return "\(path): \(reason)"
        case .locked(let path, let holder):
            return "another run holds the lock \(path) (\(holder)); wait for it to finish, or remove the lock file if that process is gone"
        }
    }
}

/// The process exit codes (sysexits.h), documented in the README.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    case failure = 1
    case usage = 64
    case dataError = 65
    case noInput = 66
    /// Another run holds the lock: try again later (EX_TEMPFAIL).
    /// The state file is not Winnow's, is damaged or cannot be written (EX_IOERR).
    case stateUnusable = 74
    case locked = 75
    case interrupted = 130
    case terminated = 143

    public static func of(_ error: any Error) -> ExitStatus {
        switch error {
        case is ConfigError: return .usage
        case is StateError: return .stateUnusable
        case let error as WinnowError:
            switch error {
            case .usage: return .usage
            case .inputUnreadable: return .noInput
            case .data: return .dataError
            case .workDirectory: return .noInput
            case .output: return .failure
            case .locked: return .locked
            }
        case let error as CSVError:
            switch error {
            case .cannotOpen: return .noInput
            // Not a text file at all (a zip, an .xlsx renamed .csv, binary): unreadable as input.
            case .notText: return .noInput
            case .noHeader, .readFailed, .headerless: return .dataError
            case .outOfMemory: return .failure
            }
        default: return .failure
        }
    }
}
