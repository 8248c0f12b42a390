import Foundation

#if canImport(Glibc)
  import Glibc
  private let systemWrite = Glibc.write
#elseif canImport(Musl)
  import Musl
  private let systemWrite = Musl.write
#elseif canImport(Darwin)
  import Darwin
  private let systemWrite = Darwin.write
#endif

/// A buffered output file that appears at its path only when complete.
///
/// Bytes go to a temporary file next to the target (`.NAME.flint-XXXXXX`, same directory so the
/// final rename is atomic); `commit()` flushes, syncs and renames it into place. Until then the
/// target is untouched: `cancel()`, an error, or dropping the object removes the temporary file.
/// Without `overwrite` an existing target is never replaced (checked when opening and again,
/// atomically via a hard link, when committing). Every OS failure becomes
/// `ExportError.cannotWrite(path:reason:)` with the target path and the OS's reason.
///
/// Or, made with `init(passingThroughTo:name:)`, the same buffered writing straight to an open
/// descriptor (standard output): bytes go out as the buffer fills, `commit()` writes the rest,
/// and nothing can be taken back. A target that is a device, FIFO or socket (`/dev/null`, a
/// named pipe) is written the same way, never replaced by a rename.
///
/// Memory: one buffer of about `flushThreshold` bytes (256 KiB) plus whatever a caller appends
/// before calling `flushIfNeeded()`.
public final class SafeFileOutput {
  /// The path the finished file gets (for a pass-through, the name used in messages).
  public let path: String
  /// The temporary file being written; nil for a pass-through.
  public let temporaryPath: String?
  /// True when writing straight to a descriptor (`init(passingThroughTo:name:)`).
  public var isPassThrough: Bool { temporaryPath == nil }
  /// Bytes handed to the OS so far plus those buffered.
  public var byteCount: Int64 { flushed + Int64(buffer.count) }
  /// Bytes waiting to be written; writers append here and then call `flushIfNeeded()`.
  var buffer: [UInt8] = []
  let overwrite: Bool
  private(set) var descriptor: Int32
  /// A special file this object opened (and closes); a pass-through's descriptor is the
  /// caller's.
  private var ownsDescriptor = false
  private var flushed: Int64 = 0
  /// Where the bytes not yet handed to `startWriteback` begin.
  private var writebackStart: Int64 = 0
  /// Writes flushed buffers while the next one fills (`writeInBackground()`).
  private var background: BackgroundWriter?
  private var state: State = .open
  /// Buffer size, in bytes, above which `flushIfNeeded()` writes.
  static let flushThreshold = 256 * 1024

  private enum State { case open, committed, discarded }

  /// Creates the temporary file for `path`.
  /// - Throws: `.fileExists` when `path` exists and `overwrite` is false; `.cannotWrite` when the
  ///   directory is missing, not writable, or `path` is a directory.
  public init(path: String, overwrite: Bool = false) throws(ExportError) {
    self.path = path
    self.overwrite = overwrite
    var info = stat()
    // A device, pipe or socket (`/dev/null`, `/dev/stdout`, a named pipe) is written to as it
    // is: renaming a file over it would replace the device with a regular file.
    if stat(path, &info) == 0, Self.isSpecial(info.st_mode) {
      let fd = open(path, O_WRONLY | O_CLOEXEC)
      guard fd >= 0 else { throw .cannotWrite(path: path, reason: Self.reason(errno)) }
      descriptor = fd
      temporaryPath = nil
      ownsDescriptor = true
      buffer.reserveCapacity(Self.flushThreshold + 64 * 1024)
      return
    }
    if lstat(path, &info) == 0 {
      if (info.st_mode & S_IFMT) == S_IFDIR {
        throw .cannotWrite(path: path, reason: "it is a directory")
      }
      if !overwrite { throw .fileExists(path) }
    }
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    let name = url.lastPathComponent
    var attempt = 0
    while true {
      let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
      let candidate = directory + "/." + name + ".flint-" + suffix
      let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      if fd >= 0 {
        descriptor = fd
        temporaryPath = candidate
        TemporaryFiles.register(candidate)
        break
      }
      let code = errno
      attempt += 1
      if code == EEXIST && attempt < 100 { continue }
      throw .cannotWrite(
        path: path, reason: "cannot create a file in \(directory): \(Self.reason(code))")
    }
    buffer.reserveCapacity(Self.flushThreshold + 64 * 1024)
  }

  /// Writes through to `descriptor`, which stays open and belongs to the caller; `name` (e.g.
  /// "standard output") stands for the path in error messages.
  public init(passingThroughTo descriptor: Int32, name: String) {
    path = name
    overwrite = true
    temporaryPath = nil
    self.descriptor = descriptor
    buffer.reserveCapacity(Self.flushThreshold + 64 * 1024)
  }

  /// From now on each flushed buffer is written by a thread of its own while the caller fills
  /// the next (two buffers in all); a failed write shows at the next flush or at `commit()`.
  /// For a temporary file only (a pass-through's bytes go out as they are flushed).
  public func writeInBackground() {
    guard background == nil, !isPassThrough, state == .open else { return }
    background = BackgroundWriter(descriptor: descriptor, capacity: buffer.capacity)
  }

  deinit {
    background?.finish()
    if state == .open, let temporaryPath {
      close(descriptor)
      TemporaryFiles.remove(temporaryPath)
    } else if ownsDescriptor, descriptor >= 0 {
      close(descriptor)
    }
  }

  /// Whether a file mode is a character or block device, a FIFO or a socket.
  static func isSpecial(_ mode: mode_t) -> Bool {
    let type = mode & S_IFMT
    return type == S_IFCHR || type == S_IFBLK || type == S_IFIFO || type == S_IFSOCK
  }

  /// True when the write failed because the reader of a pipe has gone (EPIPE).
  public static func isClosedPipe(_ error: ExportError) -> Bool {
    if case .cannotWrite(_, let reason) = error { return reason == Self.reason(EPIPE) }
    return false
  }

  /// Appends bytes to the buffer, writing it out when it is full.
  public func write(_ bytes: some Sequence<UInt8>) throws(ExportError) {
    guard state == .open else { throw .notOpen }
    buffer.append(contentsOf: bytes)
    try flushIfNeeded()
  }

  /// Writes the buffer out when it holds `flushThreshold` bytes or more.
  @inline(__always)
  func flushIfNeeded() throws(ExportError) {
    if buffer.count >= Self.flushThreshold { try flush() }
  }

  /// Writes the whole buffer to the temporary file.
  public func flush() throws(ExportError) {
    guard state == .open else { throw .notOpen }
    guard !buffer.isEmpty else { return }
    let count = buffer.count
    let result =
      background.map { $0.submit(&buffer) }
      ?? buffer.withUnsafeBytes { Self.writeAll(descriptor, $0) }
    if let code = result {
      throw .cannotWrite(path: path, reason: Self.reason(code))
    }
    flushed += Int64(count)
    buffer.removeAll(keepingCapacity: true)
    if !isPassThrough && flushed - writebackStart >= Self.writebackStep {
      Self.startWriteback(descriptor, from: writebackStart, count: flushed - writebackStart)
      writebackStart = flushed
    }
  }

  /// Bytes of a temporary file after which the OS is asked to start writing them to disk, so
  /// the `fsync` in `commit()` finds little left to wait for (the file is still only complete
  /// and in place after it).
  static let writebackStep: Int64 = 8 << 20

  /// Starts writeback of `count` bytes at `offset` without waiting (Linux's sync_file_range
  /// with SYNC_FILE_RANGE_WRITE; a hint, so failures are ignored; elsewhere nothing).
  static func startWriteback(_ fd: Int32, from offset: Int64, count: Int64) {
    #if os(Linux)
      _ = syncFileRange?(fd, offset, count, 2)  // SYNC_FILE_RANGE_WRITE
    #endif
  }

  #if os(Linux)
    typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    /// sync_file_range(2), which Glibc's Swift module does not export.
    static let syncFileRange: SyncFileRange? = {
      guard let symbol = dlsym(nil, "sync_file_range") else { return nil }
      return unsafeBitCast(symbol, to: SyncFileRange.self)
    }()
  #endif

  /// Records bytes written to `descriptor` by someone else (the Arrow writer's FileHandle).
  func noteExternallyWritten(_ count: Int64) { flushed += count }

  /// Writes all of `bytes` to `fd` (retrying short writes and EINTR); the errno on failure.
  public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
    guard var base = bytes.baseAddress else { return nil }
    var left = bytes.count
    while left > 0 {
      let n = systemWrite(fd, base, left)
      if n < 0 {
        if errno == EINTR { continue }
        return errno
      }
      if n == 0 { return EIO }
      left -= n
      base += n
    }
    return nil
  }

  /// Flushes, syncs and closes the temporary file and moves it to `path`.
  /// - Throws: `.fileExists` if `path` appeared meanwhile (and `overwrite` is false),
  ///   `.cannotWrite` for any OS failure; the temporary file is removed either way.
  public func commit() throws(ExportError) {
    guard state == .open else { throw .notOpen }
    guard let temporaryPath else {
      do throws(ExportError) {
        try flush()
        state = .committed
        if ownsDescriptor {
          close(descriptor)
          descriptor = -1
        }
      } catch {
        discard()
        throw error
      }
      return
    }
    do throws(ExportError) {
      try flush()
      if let code = background?.finish() {
        throw ExportError.cannotWrite(path: path, reason: Self.reason(code))
      }
      if fsync(descriptor) != 0, errno != EINVAL, errno != EROFS {
        throw ExportError.cannotWrite(path: path, reason: Self.reason(errno))
      }
      let fd = descriptor
      descriptor = -1
      if close(fd) != 0 {
        throw ExportError.cannotWrite(path: path, reason: Self.reason(errno))
      }
      if overwrite {
        if rename(temporaryPath, path) != 0 {
          throw ExportError.cannotWrite(path: path, reason: Self.reason(errno))
        }
      } else if link(temporaryPath, path) == 0 {
        unlink(temporaryPath)
      } else {
        let code = errno
        if code == EEXIST { throw ExportError.fileExists(path) }
        // File systems without hard links: check, then rename (a tiny race remains there).
        var info = stat()
        if lstat(path, &info) == 0 { throw ExportError.fileExists(path) }
        if rename(temporaryPath, path) != 0 {
          throw ExportError.cannotWrite(path: path, reason: Self.reason(errno))
        }
      }
      state = .committed
      TemporaryFiles.forget(temporaryPath)
    } catch {
      discard()
      throw error
    }
  }

  /// Abandons the file: closes and removes the temporary file; the target is untouched.
  public func cancel() {
    guard state == .open else { return }
    discard()
  }

  private func discard() {
    background?.finish()
    if let temporaryPath {
      if descriptor >= 0 { close(descriptor) }
      TemporaryFiles.remove(temporaryPath)
    } else if ownsDescriptor, descriptor >= 0 {
      close(descriptor)
    }
    descriptor = -1
    state = .discarded
    buffer = []
  }

  /// The OS's text for an errno value.
  static func reason(_ code: Int32) -> String {
    String(cString: strerror(code))
  }
}
