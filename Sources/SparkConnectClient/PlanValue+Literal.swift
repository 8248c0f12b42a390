import Foundation
import SparkConnectProto

extension Spark_Connect_Expression.Literal {
  /// The protobuf literal of `value`, with its exact Spark type.
  /// - Parameter nullType: the type of a `.null` value (NullType when nil).
  init(_ value: PlanValue, nullType: SparkType? = nil) {
    self.init()
    switch value {
    case .null:
      null = Spark_Connect_DataType(nullType ?? .null)
      if let nullType { dataType = Spark_Connect_DataType(nullType) }
    case .bool(let bool): boolean = bool
    case .int8(let int): byte = Int32(int)
    case .int16(let int): short = Int32(int)
    case .int32(let int): integer = int
    case .int64(let int): long = int
    case .float(let float): self.float = float
    case .double(let double): self.double = double
    case .decimal(let precision, let scale, let text):
      var decimal = Spark_Connect_Expression.Literal.Decimal()
      decimal.value = text
      decimal.precision = Int32(clamping: precision)
      decimal.scale = Int32(clamping: scale)
      self.decimal = decimal
    case .string(let string): self.string = string
    case .binary(let bytes): binary = Data(bytes)
    case .date(let days): date = days
    case .timestamp(let micros): timestamp = micros
    case .timestampNTZ(let micros): timestampNtz = micros
    case .time(let nanos, let precision):
      var time = Spark_Connect_Expression.Literal.Time()
      time.nano = nanos
      time.precision = Int32(clamping: precision)
      self.time = time
    case .yearMonthInterval(let months, let start, let end):
      yearMonthInterval = months
      dataType = Spark_Connect_DataType(.yearMonthInterval(start: start, end: end))
    case .dayTimeInterval(let micros, let start, let end):
      dayTimeInterval = micros
      dataType = Spark_Connect_DataType(.dayTimeInterval(start: start, end: end))
    case .array(let elements, let element):
      var array = Spark_Connect_Expression.Literal.Array()
      array.elements = elements.map { Self($0, nullType: element) }
      self.array = array
      dataType = Spark_Connect_DataType(.array(element: element, containsNull: true))
    case .struct(let members, let fields):
      var structure = Spark_Connect_Expression.Literal.Struct()
      structure.elements = zip(members, fields).map { Self($0, nullType: $1.type) }
      self.struct = structure
      dataType = Spark_Connect_DataType(.struct(fields))
    }
  }
}

extension Spark_Connect_DataType {
  /// The protobuf form of a Spark type (types Flint cannot describe become `unparsed`).
  init(_ type: SparkType) {
    self.init()
    switch type {
    case .null: kind = .null(.init())
    case .boolean: kind = .boolean(.init())
    case .byte: kind = .byte(.init())
    case .short: kind = .short(.init())
    case .integer: kind = .integer(.init())
    case .long: kind = .long(.init())
    case .float: kind = .float(.init())
    case .double: kind = .double(.init())
    case .decimal(let precision, let scale):
      var decimal = Spark_Connect_DataType.Decimal()
      decimal.precision = Int32(clamping: precision)
      decimal.scale = Int32(clamping: scale)
      kind = .decimal(decimal)
    case .string(let collation):
      var string = Spark_Connect_DataType.StringMessage()
      if let collation { string.collation = collation }
      kind = .string(string)
    case .char(let length):
      var char = Spark_Connect_DataType.Char()
      char.length = Int32(clamping: length)
      kind = .char(char)
    case .varchar(let length):
      var varchar = Spark_Connect_DataType.VarChar()
      varchar.length = Int32(clamping: length)
      kind = .varChar(varchar)
    case .binary: kind = .binary(.init())
    case .date: kind = .date(.init())
    case .timestamp: kind = .timestamp(.init())
    case .timestampNTZ: kind = .timestampNtz(.init())
    case .time(let precision):
      var time = Spark_Connect_DataType.Time()
      time.precision = Int32(clamping: precision)
      kind = .time(time)
    case .calendarInterval: kind = .calendarInterval(.init())
    case .yearMonthInterval(let start, let end):
      var interval = Spark_Connect_DataType.YearMonthInterval()
      interval.startField = Int32(clamping: start)
      interval.endField = Int32(clamping: end)
      kind = .yearMonthInterval(interval)
    case .dayTimeInterval(let start, let end):
      var interval = Spark_Connect_DataType.DayTimeInterval()
      interval.startField = Int32(clamping: start)
      interval.endField = Int32(clamping: end)
      kind = .dayTimeInterval(interval)
    case .array(let element, let containsNull):
      var array = Spark_Connect_DataType.Array()
      array.elementType = Spark_Connect_DataType(element)
      array.containsNull = containsNull
      kind = .array(array)
    case .map(let key, let value, let valueContainsNull):
      var map = Spark_Connect_DataType.Map()
      map.keyType = Spark_Connect_DataType(key)
      map.valueType = Spark_Connect_DataType(value)
      map.valueContainsNull = valueContainsNull
      kind = .map(map)
    case .struct(let fields):
      var structure = Spark_Connect_DataType.Struct()
      structure.fields = fields.map { field in
        var proto = Spark_Connect_DataType.StructField()
        proto.name = field.name
        proto.dataType = Spark_Connect_DataType(field.type)
        proto.nullable = field.nullable
        return proto
      }
      kind = .struct(structure)
    case .variant: kind = .variant(.init())
    case .other(let name):
      var unparsed = Spark_Connect_DataType.Unparsed()
      unparsed.dataTypeString = name
      kind = .unparsed(unparsed)
    }
  }
}
