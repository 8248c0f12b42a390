import Foundation
import Synchronization

/// Where results that do not fit the memory budget go: a directory of spill files (config
/// `spill_dir`), with a limit on the bytes all of them may hold (config `spill_limit`, by
/// default half the free space there when the first file is made).
///
/// A spill file is created private (0600) and locked, then its name is removed at once: the
/// open descriptor keeps the bytes, and the kernel frees them when the result lets go of it
/// or when Flint ends in any way (SIGTERM, SIGHUP, SIGKILL, the OOM killer). A name can only
/// be left behind by a Flint killed between those two calls; `removeStale` deletes such
/// files at the next start, but never one whose lock another running Flint still holds.
public final class SpillSpace: Sendable {
  public let directory: String
  private struct State {
    var limit: Int?
    var used = 0
    var made = 0
  }
  private let state: Mutex<State>

  /// - Parameter limit: the most bytes all spill files may hold; nil for half the free space
  ///   of `directory` when the first file is made.
  public init(directory: String, limit: Int? = nil) {
    self.directory = directory
    self.state = Mutex(State(limit: limit))
  }

  /// `$XDG_CACHE_HOME/flint/spill` (else `~/.cache/flint/spill`).
  public static var defaultDirectory: String {
    let environment = ProcessInfo.processInfo.environment
    let cache =
      environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? (NSHomeDirectory() + "/.cache")
    return cache + "/flint/spill"
  }

  /// Bytes in this space's files now.
  public var usedBytes: Int { state.withLock { $0.used } }

  /// The limit in force (nil until the first file when it is half the free space).
  public var limit: Int? { state.withLock { $0.limit } }

  /// A new, empty spill file (the directory is made if missing).
  func makeFile() throws(SpillError) -> SpillFile {
    do {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o700])
    } catch {
      throw .unusable("cannot create the spill directory \(directory): \(Self.reason(error))")
    }
    let number = state.withLock { s -> Int in
      if s.limit == nil { s.limit = Self.freeBytes(directory).map { $0 / 2 } ?? 0 }
      s.made += 1
      return s.made
    }
    let path = "\(directory)/flint-\(getpid())-\(number).arrows"
    let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw .unusable(
        "cannot create a spill file in \(directory): \(SafeFileOutput.reason(errno))")
    }
    flock(fd, LOCK_EX | LOCK_NB)
    unlink(path)
    // A file-size limit (ulimit -f) must fail the write, not kill Flint.
    signal(SIGXFSZ, SIG_IGN)
    return SpillFile(descriptor: fd, space: self)
  }

  /// Takes `bytes` from the limit; false when they do not fit.
  func reserve(_ bytes: Int) -> Bool {
    state.withLock { s in
      guard s.used + bytes <= (s.limit ?? 0) else { return false }
      s.used += bytes
      return true
    }
  }

  func release(_ bytes: Int) {
    state.withLock { $0.used = max(0, $0.used - bytes) }
  }

  /// Deletes the spill files in `directory` left by Flints that are gone (no process holds
  /// their lock); returns how many. Files of running Flints are kept.
  @discardableResult
  public static func removeStale(in directory: String) -> Int {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      return 0
    }
    var removed = 0
    for name in names where name.hasPrefix("flint-") && name.hasSuffix(".arrows") {
      let path = directory + "/" + name
      let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
      guard fd >= 0 else { continue }
      defer { close(fd) }
      guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }  // its Flint still runs
      if unlink(path) == 0 { removed += 1 }
    }
    return removed
  }

  /// Free bytes for an unprivileged user in the file system holding `path`.
  static func freeBytes(_ path: String) -> Int? {
    var info = statvfs()
    guard statvfs(path, &info) == 0 else { return nil }
    return Int(clamping: UInt64(info.f_bavail) &* UInt64(info.f_frsize))
  }

  private static func reason(_ error: any Error) -> String {
    if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError {
      return SafeFileOutput.reason(Int32(posix.code))
    }
    return (error as NSError).localizedDescription
  }
}

/// Why rows could not go to the spill file. Loading stops there; rows already in stay.
public enum SpillError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The spill directory or file cannot be made.
  case unusable(String)
  /// The disk (or the file-size limit) is full; the whole message.
  case full(String)
  /// The spill files would pass `spill_limit`.
  case overLimit(limit: Int)

  public var description: String {
    switch self {
    case .unusable(let reason): reason
    case .full(let message): message
    case .overLimit(let limit):
      "the spill files reached spill_limit (\(ByteSize.text(limit)))"
    }
  }
}

/// One result's spill file: batches appended as Arrow IPC messages, read back by mapping.
final class SpillFile: Sendable {
  let descriptor: Int32
  let space: SpillSpace
  private let size = Mutex(0)

  init(descriptor: Int32, space: SpillSpace) {
    self.descriptor = descriptor
    self.space = space
  }

  /// Bytes written.
  var byteCount: Int { size.withLock { $0 } }

  /// Appends `bytes`; returns their offset. Only one writer (the result's loader) at a time.
  func append(_ bytes: [UInt8]) throws(SpillError) -> Int {
    let offset = byteCount
    guard space.reserve(bytes.count) else { throw .overLimit(limit: space.limit ?? 0) }
    var written = 0
    let failure: Int32? = bytes.withUnsafeBytes { buffer in
      while written < buffer.count {
        let n = pwrite(
          descriptor, buffer.baseAddress! + written, buffer.count - written,
          off_t(offset + written))
        if n < 0 {
          if errno == EINTR { continue }
          return errno
        }
        if n == 0 { return ENOSPC }
        written += n
      }
      return nil
    }
    if let failure {
      space.release(bytes.count)
      ftruncate(descriptor, off_t(offset))
      let reason = SafeFileOutput.reason(failure)
      switch failure {
      case ENOSPC, EDQUOT: throw .full("the spill disk is full (\(reason))")
      case EFBIG: throw .full("the spill file reached the file-size limit (\(reason))")
      default: throw .unusable("cannot write to the spill file in \(space.directory): \(reason)")
      }
    }
    size.withLock { $0 = offset + bytes.count }
    return offset
  }

  deinit {
    space.release(byteCount)
    close(descriptor)
  }
}
