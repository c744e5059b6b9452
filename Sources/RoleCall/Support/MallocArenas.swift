import CSupport

/// How many malloc arenas the process uses.
///
/// glibc gives a thread that allocates while another holds the main arena an arena of its own,
/// and keeps what is freed there for that arena. The roles and report stages fill host tables on
/// a second thread and free them soon after; with two arenas those megabytes are held beside
/// everything the main thread allocates later (2.5 to 4 MB at the peak of `rolecall analyze` on
/// 200,000 flows). One arena lets later allocations reuse them; the threads take most small
/// blocks from their own caches, so sharing the arena costs no measurable time.
public enum MallocArenas {
  /// Keeps every thread of the process in one malloc arena (glibc; nothing elsewhere). Call it
  /// first, before any other thread starts.
  public static func useOne() {
    rolecall_use_one_malloc_arena()
  }
}
