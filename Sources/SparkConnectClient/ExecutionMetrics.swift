/// The executed plan of one run as a tree of operators, each with the runtime metrics Spark
/// measured for it (`ExecutePlanResponse.Metrics`).
///
/// Spark sends the plan flat: every operator names its own plan id and its parent's. Adaptive
/// execution's nodes are included (`AdaptiveSparkPlan`, `ResultQueryStage`,
/// `ShuffleQueryStage`, `AQEShuffleRead`). Query stages are identified by their *stage* id,
/// which can equal an operator's plan id on a young server, so the tree is built defensively:
/// an ambiguous or cyclic parent link makes a root instead of a loop. Nodes are identified by
/// their index in `nodes` (depth-first, parents before children), not by plan id.
public struct ExecutionMetrics: Sendable, Equatable {
  /// A metric's type as Spark names it; it says which unit the value is in.
  public enum MetricType: Sendable, Hashable {
    /// A count (rows, files, partitions): `sum`.
    case sum
    /// A number of bytes: `size`.
    case size
    /// Milliseconds: `timing`.
    case timing
    /// Nanoseconds: `nsTiming`.
    case nanoTiming
    /// Spark's `average`: a sum over tasks of a per-task average kept as ten times its value
    /// (one decimal in a long), so the total is shown raw.
    case average
    /// Any other type (a data source's custom metric), shown as a plain number.
    case other(String)

    public init(spark name: String) {
      switch name {
      case "sum": self = .sum
      case "size": self = .size
      case "timing": self = .timing
      case "nsTiming": self = .nanoTiming
      case "average": self = .average
      default: self = .other(name)
      }
    }

    /// The name Spark uses for the type.
    public var sparkName: String {
      switch self {
      case .sum: "sum"
      case .size: "size"
      case .timing: "timing"
      case .nanoTiming: "nsTiming"
      case .average: "average"
      case .other(let name): name
      }
    }
  }

  /// One metric of one operator.
  public struct Metric: Sendable, Equatable {
    /// Spark's key for the metric (`numOutputRows`, `pipelineTime`), the same for every
    /// operator that has it.
    public var name: String
    /// The label the Spark UI shows (`number of output rows`, `duration`).
    public var label: String
    /// The raw value; negative means no task ever set it (Spark's "not measured").
    public var value: Int64
    public var type: MetricType

    public init(name: String, label: String? = nil, value: Int64, type: MetricType) {
      self.name = name
      self.label = label ?? name
      self.value = value
      self.type = type
    }

    /// Milliseconds for the two timing types (nanoseconds converted); nil for other types
    /// and for a value that was never measured.
    public var milliseconds: Double? {
      guard value >= 0 else { return nil }
      switch type {
      case .timing: return Double(value)
      case .nanoTiming: return Double(value) / 1_000_000
      default: return nil
      }
    }

    /// The value in the unit its type implies: `1,000,000`, `28.7 MiB`, `1.47 s`.
    public var text: String {
      guard value >= 0 else { return "not measured" }
      switch type {
      case .sum: return MetricText.count(value)
      case .size: return MetricText.bytes(value)
      case .timing, .nanoTiming: return MetricText.duration(milliseconds: milliseconds ?? 0)
      case .average, .other: return MetricText.count(value)
      }
    }
  }

  /// One operator as Spark sends it: a flat record pointing at its parent by plan id.
  public struct Entry: Sendable, Equatable {
    public var name: String
    public var planID: Int64
    /// The parent's plan id; Spark gives the root its own id.
    public var parentID: Int64
    public var metrics: [Metric]

    public init(name: String, planID: Int64, parentID: Int64, metrics: [Metric]) {
      self.name = name
      self.planID = planID
      self.parentID = parentID
      self.metrics = metrics
    }
  }

  /// One operator in the tree.
  public struct Node: Sendable, Equatable {
    /// Spark's node name, e.g. `HashAggregate`, `WholeStageCodegen (2)`,
    /// `Scan parquet spark_catalog.demo.trips`.
    public var name: String
    public var planID: Int64
    /// The parent's plan id as Spark sent it; nil for a root.
    public var parentID: Int64?
    /// Index of the parent in `ExecutionMetrics.nodes`; nil for a root.
    public var parent: Int?
    /// Indices of the children in `ExecutionMetrics.nodes`, in the order Spark sent them.
    public var children: [Int]
    /// 0 for a root.
    public var depth: Int
    /// Every metric Spark reported, sorted by name.
    public var metrics: [Metric]

    /// The metric with Spark's key `name`.
    public func metric(_ name: String) -> Metric? { metrics.first { $0.name == name } }

    /// Rows the operator produced (`numOutputRows`).
    public var outputRows: Int64? { measured("numOutputRows") }

    /// The sum of the operator's timing metrics in milliseconds (`timing` and `nsTiming`,
    /// e.g. `scanTime` + `metadataTime`), or nil when it has none. Spark sums timings over
    /// tasks, so this is task time, not wall-clock time.
    public var milliseconds: Double? {
      let times = metrics.compactMap(\.milliseconds)
      return times.isEmpty ? nil : times.reduce(0, +)
    }

    /// Bytes spilled to disk or memory (every `size` metric whose key mentions spill).
    public var spillBytes: Int64? {
      sum { $0.type == .size && $0.name.lowercased().contains("spill") }
    }

    /// Peak memory of the operator's data structures (`peakMemory`), summed over tasks.
    public var peakMemoryBytes: Int64? { measured("peakMemory") }

    /// Bytes read: files scanned (`filesSize`) and shuffle data fetched locally or remotely.
    public var bytesRead: Int64? { sum { $0.type == .size && Self.readKeys.contains($0.name) } }

    /// Bytes written: shuffle output (`shuffleBytesWritten`) and files written.
    public var bytesWritten: Int64? {
      sum { $0.type == .size && Self.writtenKeys.contains($0.name) }
    }

    /// Bytes of the relation a `BroadcastExchange` sent to every executor (its `dataSize`):
    /// a broadcast near the threshold costs memory on each of them.
    public var broadcastBytes: Int64? {
      name.hasPrefix("BroadcastExchange") ? measured("dataSize") : nil
    }

    /// Partitions (`numPartitions`): files' splits of a scan, shuffle partitions of an
    /// exchange, or what adaptive execution coalesced them to (`AQEShuffleRead`).
    public var partitions: Int64? { measured("numPartitions") }

    /// A fused pipeline whose `pipelineTime` already contains the time of the operators
    /// inside it, so it is left out of time shares.
    public var isCodegenPipeline: Bool { name.hasPrefix("WholeStageCodegen") }

    static let readKeys: Set<String> = [
      "filesSize", "bytesRead", "localBytesRead", "remoteBytesRead", "localMergedBytesRead",
      "remoteMergedBytesRead",
    ]
    static let writtenKeys: Set<String> = ["shuffleBytesWritten", "bytesWritten", "numOutputBytes"]

    private func measured(_ key: String) -> Int64? {
      guard let value = metric(key)?.value, value >= 0 else { return nil }
      return value
    }

    private func sum(where include: (Metric) -> Bool) -> Int64? {
      let values = metrics.filter { include($0) && $0.value >= 0 }.map(\.value)
      return values.isEmpty ? nil : values.reduce(0, &+)
    }
  }

  /// Every operator, depth-first from the roots: a parent comes before its children.
  public private(set) var nodes: [Node]
  /// Indices of the nodes without a parent (normally one: `AdaptiveSparkPlan` or the plan's
  /// top operator).
  public private(set) var roots: [Int]

  /// An operator marked heavy takes at least this share of the summed operator time.
  public static let heavyShare = 0.2

  /// Builds the tree from Spark's flat list. A parent link that points at the node itself,
  /// at no node, or into a cycle makes the node a root; with several nodes of one plan id
  /// (a query stage's id equal to an operator's), children attach to the first.
  public init(entries: [Entry]) {
    var firstIndex: [Int64: Int] = [:]
    for (index, entry) in entries.enumerated() where firstIndex[entry.planID] == nil {
      firstIndex[entry.planID] = index
    }
    var parentOf: [Int?] = entries.enumerated().map { index, entry in
      guard entry.parentID != entry.planID, let parent = firstIndex[entry.parentID],
        parent != index
      else { return nil }
      return parent
    }
    Self.breakCycles(&parentOf)
    var childrenOf = [[Int]](repeating: [], count: entries.count)
    for (index, parent) in parentOf.enumerated() {
      if let parent { childrenOf[parent].append(index) }
    }
    // Depth-first, iteratively: a plan from the network may be arbitrarily deep.
    var order: [(entry: Int, depth: Int)] = []
    order.reserveCapacity(entries.count)
    var stack = parentOf.indices.filter { parentOf[$0] == nil }.reversed().map { ($0, 0) }
    while let (entry, depth) = stack.popLast() {
      order.append((entry, depth))
      for child in childrenOf[entry].reversed() { stack.append((child, depth + 1)) }
    }
    var position = [Int](repeating: 0, count: entries.count)
    for (index, item) in order.enumerated() { position[item.entry] = index }
    let built = order.map { item in
      let entry = entries[item.entry]
      let parent = parentOf[item.entry]
      return Node(
        name: entry.name, planID: entry.planID,
        parentID: parent == nil ? nil : entry.parentID,
        parent: parent.map { position[$0] },
        children: childrenOf[item.entry].map { position[$0] }, depth: item.depth,
        metrics: entry.metrics.sorted { $0.name < $1.name })
    }
    nodes = built
    roots = built.indices.filter { built[$0].parent == nil }
  }

  /// Cuts every cycle of parent links by making one node on it a root.
  private static func breakCycles(_ parentOf: inout [Int?]) {
    enum Mark { case unvisited, onPath, settled }
    var marks = [Mark](repeating: .unvisited, count: parentOf.count)
    for start in parentOf.indices where marks[start] == .unvisited {
      var path: [Int] = []
      var current = start
      while marks[current] == .unvisited {
        marks[current] = .onPath
        path.append(current)
        guard let parent = parentOf[current] else { break }
        if marks[parent] == .onPath {
          parentOf[current] = nil
          break
        }
        current = parent
      }
      for index in path { marks[index] = .settled }
    }
  }

  public var isEmpty: Bool { nodes.isEmpty }

  /// The operators whose name starts with `prefix`, e.g. `HashAggregate` or `Scan parquet`.
  public func nodes(named prefix: String) -> [Node] { nodes.filter { $0.name.hasPrefix(prefix) } }

  /// The summed time of every operator except fused pipelines (whose time contains that of
  /// the operators inside them), in milliseconds.
  public var operatorMilliseconds: Double {
    nodes.reduce(0) { $0 + ($1.isCodegenPipeline ? 0 : ($1.milliseconds ?? 0)) }
  }

  /// The share (0...1) of `operatorMilliseconds` that node `index` took; nil for a fused
  /// pipeline, a node without timings, or a plan without any measured time.
  ///
  /// Spark's timings overlap (an aggregate's `aggTime` includes pulling its input through
  /// the same fused pipeline, so it contains part of the scan's `scanTime`): a share points
  /// at where the time went, it is not an exact breakdown.
  public func timeShare(of index: Int) -> Double? {
    guard nodes.indices.contains(index), !nodes[index].isCodegenPipeline,
      let time = nodes[index].milliseconds
    else { return nil }
    let total = operatorMilliseconds
    return total > 0 ? time / total : nil
  }

  /// The nodes that took at least `heavyShare` of the summed operator time, heaviest first.
  public var heaviest: [Int] {
    nodes.indices
      .compactMap { index in timeShare(of: index).map { (index, $0) } }
      .filter { $0.1 >= Self.heavyShare }
      .sorted { $0.1 > $1.1 }
      .map(\.0)
  }
}
