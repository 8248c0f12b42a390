import Foundation

/// How glibc's malloc treats the blocks a result leaves behind, set once per command.
///
/// By default glibc serves a block above its mmap threshold with a fresh mapping, and raises
/// the threshold as such blocks are freed; it trims its heaps whenever 128 KiB lie free at the
/// top. A fetch frees as fast as it allocates (every read, frame, message and batch buffer),
/// so the default kept faulting freshly mapped pages in: 30,000 page faults for the 355 MB
/// bench result at 10M rows, about a tenth of the client's CPU.
enum MallocPolicy {
  /// For fetching and browsing: blocks up to 4 MiB come from the heaps and up to 64 MiB of
  /// freed memory is kept for reuse. The bench fetch at 10M rows: 30,000 → 10,000 page
  /// faults; client CPU median 0.79 s → 0.66 s with 1 MiB frames (8 interleaved runs);
  /// peak RSS with every batch kept unchanged (394 → 403 MiB, within run-to-run spread).
  static func reuseFreedMemory() {
    set(mmapThreshold: 4 << 20, trimThreshold: 64 << 20)
  }

  /// For a text export, which streams every batch through and keeps none. Kept in the heaps,
  /// the batches' buffers made a CSV export of the bench query peak at 70 MiB (1M rows),
  /// 158 MiB (10M) and 171 MiB (20M). With every buffer above 128 KiB mapped on its own and
  /// unmapped when freed: 64, 97 and 98 MiB, at the same speed (the export waits on text
  /// encoding, not on page faults).
  static func returnFreedMemory() {
    set(mmapThreshold: 128 << 10, trimThreshold: 128 << 10)
  }

  private static func set(mmapThreshold: Int32, trimThreshold: Int32) {
    #if os(Linux)
      // mallopt is not exported by the Glibc module. From <malloc.h>: M_TRIM_THRESHOLD is -1,
      // M_MMAP_THRESHOLD -3. Setting either turns off glibc's own adjusting of both.
      typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
      guard let symbol = dlsym(nil, "mallopt") else { return }
      let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
      _ = mallopt(-1, trimThreshold)
      _ = mallopt(-3, mmapThreshold)
    #endif
  }
}
