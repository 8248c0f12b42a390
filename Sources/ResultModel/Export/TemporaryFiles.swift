import Foundation
import Synchronization

/// The temporary files this process is writing, so that a command stopped by a signal can
/// remove them before it exits (an `exit()` runs no `deinit`).
///
/// `removeAll()` takes a lock: call it from a dispatch signal source or a task, never from a
/// raw signal handler.
public enum TemporaryFiles {
  private static let paths = Mutex<Set<String>>([])

  /// Notes a temporary file that now exists.
  public static func register(_ path: String) {
    paths.withLock { _ = $0.insert(path) }
  }

  /// Forgets a file that was renamed into place (or removed).
  public static func forget(_ path: String) {
    paths.withLock { _ = $0.remove(path) }
  }

  /// Removes a registered file and forgets it.
  public static func remove(_ path: String) {
    unlink(path)
    forget(path)
  }

  /// The files registered now.
  public static var registered: Set<String> { paths.withLock { $0 } }

  /// Removes the registered files (those `matching`, by default all).
  public static func removeAll(matching: (String) -> Bool = { _ in true }) {
    let chosen = paths.withLock { paths in
      let chosen = paths.filter(matching)
      paths.subtract(chosen)
      return chosen
    }
    for path in chosen { unlink(path) }
  }
}
