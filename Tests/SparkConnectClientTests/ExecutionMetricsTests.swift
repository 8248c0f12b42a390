import SparkConnectProto
import Testing

@testable import SparkConnectClient

/// The metrics tree built from Spark's flat list, with no server: the list is the shape a
/// real `GROUP BY` over `demo.trips` reported (plan ids, parents and metric types as sent).
@Suite struct ExecutionMetricsTests {
  typealias Entry = ExecutionMetrics.Entry
  typealias Metric = ExecutionMetrics.Metric

  static func metric(_ name: String, _ value: Int64, _ type: String) -> Metric {
    Metric(name: name, value: value, type: .init(spark: type))
  }

  /// The order Spark sent is not the tree's order: children before parents, stages apart.
  static let groupBy: [Entry] = [
    Entry(
      name: "Exchange", planID: 2593, parentID: 0,
      metrics: [
        metric("shuffleBytesWritten", 669, "size"), metric("localBytesRead", 669, "size"),
        metric("remoteBytesRead", 0, "size"), metric("shuffleWriteTime", 10_530_537, "nsTiming"),
        metric("fetchWaitTime", 0, "timing"), metric("numPartitions", 4, "sum"),
        metric("recordsRead", 14, "sum"),
      ]),
    Entry(
      name: "WholeStageCodegen (2)", planID: 2626, parentID: 1,
      metrics: [metric("pipelineTime", 16, "timing")]),
    Entry(name: "AdaptiveSparkPlan", planID: 2572, parentID: 2572, metrics: []),
    Entry(name: "ResultQueryStage", planID: 1, parentID: 2572, metrics: []),
    Entry(
      name: "Scan parquet spark_catalog.demo.trips", planID: 2568, parentID: 2588,
      metrics: [
        metric("scanTime", 791, "timing"), metric("metadataTime", 223, "timing"),
        metric("filesSize", 30_077_367, "size"), metric("numOutputRows", 1_000_000, "sum"),
        metric("numFiles", 32, "sum"), metric("numPartitions", 30, "sum"),
      ]),
    Entry(name: "InputAdapter", planID: 2588, parentID: 2589, metrics: []),
    Entry(
      name: "ColumnarToRow", planID: 2589, parentID: 2590,
      metrics: [metric("numOutputRows", 1_000_000, "sum"), metric("numInputBatches", 272, "sum")]
    ),
    Entry(name: "Project", planID: 2590, parentID: 2591, metrics: []),
    Entry(
      name: "HashAggregate", planID: 2591, parentID: 2592,
      metrics: [
        metric("avgHashProbe", 20, "average"), metric("aggTime", 1465, "timing"),
        metric("spillSize", 0, "size"), metric("numOutputRows", 14, "sum"),
        metric("peakMemory", 134_741_984, "size"),
      ]),
    Entry(
      name: "WholeStageCodegen (1)", planID: 2592, parentID: 2593,
      metrics: [metric("pipelineTime", 1681, "timing")]),
    Entry(name: "ShuffleQueryStage", planID: 0, parentID: 2622, metrics: []),
    Entry(
      name: "AQEShuffleRead", planID: 2622, parentID: 2624,
      metrics: [metric("partitionDataSize", 692, "size"), metric("numPartitions", 1, "sum")]),
    Entry(name: "InputAdapter", planID: 2624, parentID: 2625, metrics: []),
    Entry(
      name: "HashAggregate", planID: 2625, parentID: 2626,
      metrics: [
        metric("aggTime", 1, "timing"), metric("spillSize", 0, "size"),
        metric("numOutputRows", 7, "sum"), metric("peakMemory", 67_370_992, "size"),
      ]),
  ]

  @Test func buildsTheTreeFromTheFlatList() throws {
    let metrics = ExecutionMetrics(entries: Self.groupBy)
    #expect(metrics.nodes.count == Self.groupBy.count)
    #expect(metrics.roots == [0])
    #expect(
      metrics.nodes.map(\.name).prefix(5) == [
        "AdaptiveSparkPlan", "ResultQueryStage", "WholeStageCodegen (2)", "HashAggregate",
        "InputAdapter",
      ])
    #expect(metrics.nodes.last?.name == "Scan parquet spark_catalog.demo.trips")
    #expect(metrics.nodes.last?.depth == 13)
    for (index, node) in metrics.nodes.enumerated() {
      for child in node.children {
        #expect(metrics.nodes[child].parent == index)
        #expect(metrics.nodes[child].depth == node.depth + 1)
        #expect(child > index, "a parent comes before its children")
      }
    }
    let final = try #require(metrics.nodes(named: "HashAggregate").first)
    #expect(final.outputRows == 7)
    #expect(metrics.nodes(named: "HashAggregate").last?.outputRows == 14)
    #expect(metrics.nodes[0].parentID == nil)
  }

  @Test func keyMetricsTakeTheirUnitFromTheType() throws {
    let metrics = ExecutionMetrics(entries: Self.groupBy)
    let exchange = try #require(metrics.nodes(named: "Exchange").first)
    #expect(exchange.milliseconds == 10.530537)
    #expect(exchange.bytesRead == 669)
    #expect(exchange.bytesWritten == 669)
    let scan = try #require(metrics.nodes(named: "Scan").first)
    #expect(scan.milliseconds == 1014)
    #expect(scan.bytesRead == 30_077_367)
    #expect(scan.metric("filesSize")?.text == "28.7 MiB")
    #expect(scan.metric("scanTime")?.text == "791 ms")
    #expect(exchange.metric("shuffleWriteTime")?.text == "11 ms")
    #expect(scan.metric("numOutputRows")?.text == "1,000,000")
    #expect(Self.metric("t", 1500, "nsTiming").text == "2 µs")
    #expect(Self.metric("t", 850, "nsTiming").text == "850 ns")
    #expect(Self.metric("t", 2_500_000, "nsTiming").text == "2.5 ms")
    #expect(Self.metric("t", 125_000, "timing").text == "2 min 05 s")
    #expect(Self.metric("s", -1, "size").text == "not measured")
    #expect(Self.metric("s", -1, "timing").milliseconds == nil)
  }

  @Test func theHeaviestOperatorsAreMarkedByTheirShareOfTime() throws {
    let metrics = ExecutionMetrics(entries: Self.groupBy)
    // Pipelines (1681 + 16 ms) are left out: they contain their operators' time.
    let expected: Double = 1465 + 1014 + 10.530537 + 1
    #expect(abs(metrics.operatorMilliseconds - expected) < 1e-9)
    let names = metrics.heaviest.map { metrics.nodes[$0].name }
    #expect(names == ["HashAggregate", "Scan parquet spark_catalog.demo.trips"])
    let share = try #require(metrics.heaviest.first.flatMap { metrics.timeShare(of: $0) })
    #expect(abs(share - 1465 / metrics.operatorMilliseconds) < 1e-9)
    let pipeline = try #require(metrics.nodes.firstIndex { $0.isCodegenPipeline })
    #expect(metrics.timeShare(of: pipeline) == nil)
  }

  @Test func textIsAnIndentedTreeWithKeyMetrics() {
    let text = ExecutionMetrics(entries: Self.groupBy).text()
    let expected = """
      AdaptiveSparkPlan
      +- ResultQueryStage
         +- WholeStageCodegen (2)  time 16 ms
            +- HashAggregate  rows 7 · time 1.0 ms · peak memory 64.2 MiB
               +- InputAdapter
                  +- AQEShuffleRead  partitions 1
                     +- ShuffleQueryStage
                        +- Exchange  time 11 ms · read 669 B · written 669 B · partitions 4
                           +- WholeStageCodegen (1)  time 1.68 s
                              +- HashAggregate  [59% of time]  rows 14 · time 1.47 s · peak memory 128.5 MiB
                                 +- Project
                                    +- ColumnarToRow  rows 1,000,000
                                       +- InputAdapter
                                          +- Scan parquet spark_catalog.demo.trips  [41% of time]  rows 1,000,000 · time 1.01 s · read 28.7 MiB · partitions 30

      """
    #expect(text == expected, "\(text)")
  }

  @Test func siblingsGetSparksBranches() {
    let entries = [
      Entry(name: "SortMergeJoin", planID: 1, parentID: 1, metrics: []),
      Entry(name: "Sort", planID: 2, parentID: 1, metrics: []),
      Entry(name: "Exchange", planID: 3, parentID: 2, metrics: []),
      Entry(name: "Sort", planID: 4, parentID: 1, metrics: []),
    ]
    let lines = ExecutionMetrics(entries: entries).outline().map(\.text)
    #expect(lines == ["SortMergeJoin", ":- Sort", ":  +- Exchange", "+- Sort"])
    let broadcast = ExecutionMetrics(entries: [
      Entry(
        name: "BroadcastExchange", planID: 1, parentID: 1,
        metrics: [Self.metric("dataSize", 6348, "size"), Self.metric("numOutputRows", 265, "sum")])
    ])
    #expect(broadcast.outline().first?.summary == "rows 265 · broadcast 6.2 KiB")
  }

  @Test func verboseTextListsEveryMetricWithItsType() {
    let entries = [
      Entry(
        name: "Sort", planID: 1, parentID: 1,
        metrics: [
          Metric(name: "sortTime", label: "sort time", value: 12, type: .timing),
          Self.metric("spillSize", 4096, "size"),
        ])
    ]
    let text = ExecutionMetrics(entries: entries).text(verbose: true)
    #expect(
      text == """
        Sort  [100% of time]  time 12 ms · spill 4.0 KiB
           sort time: 12 ms (sortTime, timing)
           spillSize: 4.0 KiB (spillSize, size)

        """, "\(text)")
  }

  /// Links from the network can be self-referencing, dangling, duplicated or cyclic: every
  /// entry still appears exactly once and nothing loops.
  @Test func oddParentLinksMakeRootsNotLoops() {
    let entries = [
      Entry(name: "A", planID: 1, parentID: 2, metrics: []),
      Entry(name: "B", planID: 2, parentID: 3, metrics: []),
      Entry(name: "C", planID: 3, parentID: 1, metrics: []),  // cycle A → B → C → A
      Entry(name: "D", planID: 4, parentID: 99, metrics: []),  // no such parent
      Entry(name: "E", planID: 4, parentID: 4, metrics: []),  // same plan id as D
      Entry(name: "F", planID: 5, parentID: 4, metrics: []),  // attaches to D, the first 4
    ]
    let metrics = ExecutionMetrics(entries: entries)
    #expect(metrics.nodes.map(\.name).sorted() == ["A", "B", "C", "D", "E", "F"])
    #expect(metrics.roots.count == 3)
    let d = metrics.nodes.firstIndex { $0.name == "D" }
    #expect(metrics.nodes.first { $0.name == "F" }?.parent == d)
    #expect(ExecutionMetrics(entries: []).isEmpty)
    #expect(ExecutionMetrics(entries: []).text() == "")
  }

  @Test func highlightsNameTheHeaviestOperators() {
    let metrics = ExecutionMetrics(entries: Self.groupBy)
    // No spill, no join, and a shuffle of 669 bytes: only the time shares.
    #expect(
      metrics.highlights.map(\.text) == [
        "HashAggregate took 59% of the operator time (1.47 s)",
        "Scan parquet spark_catalog.demo.trips took 41% of the operator time (1.01 s)",
      ])
    #expect(metrics.highlights.map(\.kind) == [.time, .time])
  }

  /// A sort-merge join whose output grew, a sort that spilled and a large shuffle.
  @Test func highlightsSpillsJoinsThatGrowAndTheLargestShuffle() throws {
    let entries = [
      Entry(
        name: "SortMergeJoin", planID: 1, parentID: 1,
        metrics: [Self.metric("numOutputRows", 5_000_000, "sum")]),
      Entry(
        name: "Sort", planID: 2, parentID: 1,
        metrics: [
          Self.metric("sortTime", 900, "timing"), Self.metric("spillSize", 1 << 31, "size"),
        ]),
      Entry(name: "InputAdapter", planID: 3, parentID: 2, metrics: []),
      Entry(
        name: "Exchange", planID: 4, parentID: 3,
        metrics: [
          Self.metric("shuffleBytesWritten", 300 << 20, "size"),
          Self.metric("numPartitions", 200, "sum"),
        ]),
      Entry(
        name: "ColumnarToRow", planID: 5, parentID: 4,
        metrics: [Self.metric("numOutputRows", 100_000, "sum")]),
      Entry(
        name: "Sort", planID: 6, parentID: 1,
        metrics: [
          Self.metric("sortTime", 100, "timing"), Self.metric("spillSize", 1 << 20, "size"),
        ]),
      Entry(
        name: "Exchange", planID: 7, parentID: 6,
        metrics: [Self.metric("shuffleBytesWritten", 2 << 20, "size")]),
      Entry(
        name: "Scan parquet t", planID: 8, parentID: 7,
        metrics: [Self.metric("numOutputRows", 50_000, "sum")]),
    ]
    let metrics = ExecutionMetrics(entries: entries)
    #expect(metrics.nodes[0].isJoin)
    #expect(!metrics.nodes[1].isJoin)
    #expect(
      metrics.highlights.map(\.text) == [
        "Sort took 90% of the operator time (900 ms)",
        "Sort spilled 2.0 GiB",
        "Sort spilled 1.0 MiB",
        "SortMergeJoin made 5,000,000 rows of 100,000 and 50,000 (50× the larger input)",
        "Exchange wrote 300.0 MiB of shuffle data in 200 partitions",
      ], "\(metrics.highlights)")
    let shuffle = try #require(metrics.highlights.last)
    #expect(metrics.nodes[shuffle.node].planID == 4)
  }

  /// Counts near Int64.max from the network do not trap anywhere.
  @Test func hugeValuesDoNotTrap() {
    let entries = [
      Entry(
        name: "BroadcastHashJoin", planID: 1, parentID: 1,
        metrics: [
          Self.metric("numOutputRows", .max, "sum"), Self.metric("spillSize", .max, "size"),
          Self.metric("spillSize2", .max, "size"), Self.metric("t", .max, "nsTiming"),
        ]),
      Entry(
        name: "Scan", planID: 2, parentID: 1, metrics: [Self.metric("numOutputRows", 0, "sum")]),
    ]
    let metrics = ExecutionMetrics(entries: entries)
    #expect(metrics.highlights.contains { $0.kind == .rowGrowth })
    #expect(!metrics.text(verbose: true).isEmpty)
  }

  @Test func convertsTheProtocolMessage() throws {
    var value = Spark_Connect_ExecutePlanResponse.Metrics.MetricValue()
    value.name = "number of output rows"
    value.value = 42
    value.metricType = "sum"
    var unnamed = Spark_Connect_ExecutePlanResponse.Metrics.MetricValue()
    unnamed.value = 3
    unnamed.metricType = "nsTiming"
    var object = Spark_Connect_ExecutePlanResponse.Metrics.MetricObject()
    object.name = "Filter"
    object.planID = 7
    object.parent = 7
    object.executionMetrics = ["numOutputRows": value, "filterTime": unnamed]
    var proto = Spark_Connect_ExecutePlanResponse.Metrics()
    proto.metrics = [object]
    let metrics = ExecutionMetrics(proto: proto)
    let node = try #require(metrics.nodes.first)
    #expect(node.name == "Filter")
    #expect(node.metrics.map(\.name) == ["filterTime", "numOutputRows"])
    #expect(node.metric("filterTime")?.type == .nanoTiming)
    #expect(node.outputRows == 42)
    #expect(node.metric("numOutputRows")?.label == "number of output rows")
    #expect(node.metric("filterTime")?.label == "filterTime")
  }
}
