import ResultModel
import SparkConnectClient

extension SparkSchema {
  /// ANSI interval field ranges by column index, for the columns that have one. Spark's
  /// schema carries them; Arrow loses them (an INTERVAL HOUR TO SECOND is a plain duration).
  public var intervalFieldsByColumn: [Int: SparkIntervalFields] {
    var fields: [Int: SparkIntervalFields] = [:]
    for (index, field) in self.fields.enumerated() {
      if let range = SparkIntervalFields(sparkTypeName: field.type.description) {
        fields[index] = range
      }
    }
    return fields
  }
}
