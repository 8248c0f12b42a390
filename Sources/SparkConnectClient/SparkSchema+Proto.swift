import SparkConnectProto

extension SparkSchema {
  /// The schema of a plan from the `DataType` Spark sends first (a struct of the columns).
  init(proto: Spark_Connect_DataType) {
    if case .struct(let structType) = proto.kind {
      self.init(fields: structType.fields.map(SparkField.init(proto:)))
    } else {
      self.init(fields: [SparkField(name: "value", type: SparkType(proto: proto), nullable: true)])
    }
  }
}

extension SparkField {
  init(proto: Spark_Connect_DataType.StructField) {
    self.init(name: proto.name, type: SparkType(proto: proto.dataType), nullable: proto.nullable)
  }
}

extension SparkType {
  init(proto: Spark_Connect_DataType) {
    switch proto.kind {
    case .null: self = .null
    case .boolean: self = .boolean
    case .byte: self = .byte
    case .short: self = .short
    case .integer: self = .integer
    case .long: self = .long
    case .float: self = .float
    case .double: self = .double
    case .decimal(let decimal):
      self = .decimal(
        precision: Int(decimal.hasPrecision ? decimal.precision : 10),
        scale: Int(decimal.hasScale ? decimal.scale : 0))
    case .string(let string): self = .string(collation: string.collation)
    case .char(let char): self = .char(length: Int(char.length))
    case .varChar(let varchar): self = .varchar(length: Int(varchar.length))
    case .binary: self = .binary
    case .date: self = .date
    case .timestamp, .timestampLtzNanos: self = .timestamp
    case .timestampNtz, .timestampNtzNanos: self = .timestampNTZ
    case .time(let time): self = .time(precision: Int(time.hasPrecision ? time.precision : 6))
    case .calendarInterval: self = .calendarInterval
    case .yearMonthInterval(let interval):
      self = .yearMonthInterval(
        start: Int(interval.hasStartField ? interval.startField : 0),
        end: Int(interval.hasEndField ? interval.endField : 1))
    case .dayTimeInterval(let interval):
      self = .dayTimeInterval(
        start: Int(interval.hasStartField ? interval.startField : 0),
        end: Int(interval.hasEndField ? interval.endField : 3))
    case .array(let array):
      self = .array(element: SparkType(proto: array.elementType), containsNull: array.containsNull)
    case .map(let map):
      self = .map(
        key: SparkType(proto: map.keyType), value: SparkType(proto: map.valueType),
        valueContainsNull: map.valueContainsNull)
    case .struct(let structType): self = .struct(structType.fields.map(SparkField.init(proto:)))
    case .variant: self = .variant
    case .udt(let udt): self = udt.hasSqlType ? SparkType(proto: udt.sqlType) : .other(udt.type)
    case .geometry: self = .other("geometry")
    case .geography: self = .other("geography")
    case .unparsed(let unparsed): self = .other(unparsed.dataTypeString)
    case .none: self = .other("unknown")
    }
  }
}
