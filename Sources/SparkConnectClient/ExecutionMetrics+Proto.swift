import SparkConnectProto

extension ExecutionMetrics {
  /// The tree of the metrics an `ExecutePlanResponse` carries. Each operator's metrics come
  /// as a map from Spark's key (`numOutputRows`) to a value whose name is the Spark UI's label
  /// (`number of output rows`).
  init(proto: Spark_Connect_ExecutePlanResponse.Metrics) {
    self.init(
      entries: proto.metrics.map { object in
        Entry(
          name: object.name, planID: object.planID, parentID: object.parent,
          metrics: object.executionMetrics.map { key, value in
            Metric(
              name: key, label: value.name.isEmpty ? key : value.name, value: value.value,
              type: MetricType(spark: value.metricType))
          })
      })
  }
}
