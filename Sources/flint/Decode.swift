import ArgumentParser
import ArrowIPC
import Foundation
import ResultModel

/// `flint decode FILE`: decodes an Arrow IPC stream file with Flint's reader, best of three,
/// and prints bytes, rows and seconds as JSON — `scripts/bench` sets it beside pyarrow.
struct Decode: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Time decoding an Arrow IPC stream file (for benchmarks).",
    discussion: """
      A benchmark command, hidden from `flint --help`: scripts/bench runs it beside pyarrow. \
      Its options and output may change with the bench.
      """,
    shouldDisplay: false)

  @Argument(help: "An Arrow IPC stream file.")
  var file: String

  @Flag(help: "Also time Spark's cell text for every cell, per column (ns per cell).")
  var cells = false

  @Flag(
    help: ArgumentHelp(
      "The file holds one IPC stream per batch, each after its byte count (UInt64, little "
        + "endian): what Spark Connect sends, one stream per ArrowBatch response."))
  var framed = false

  @Option(
    help: ArgumentHelp(
      "Instead, time exporting every batch in this format (csv, tsv, json, md) to /dev/null, "
        + "best of three: the text encoders alone, without the server.",
      valueName: "extension"))
  var export: String?

  func run() async throws {
    if let export {
      try timeExport(export)
      return
    }
    guard let data = FileManager.default.contents(atPath: file) else {
      throw ValidationError("cannot read \(file)")
    }
    let clock = ContinuousClock()
    var best: Duration?
    var rows = 0
    let streams = framed ? try Self.frames(data) : [data]
    for _ in 0..<3 {
      let start = clock.now
      rows = 0
      // As the client does for each ArrowBatch response: decode its stream on its own.
      for stream in streams {
        var reader = try ArrowStreamReader(stream)
        while let batch = try reader.nextBatch() { rows += batch.rowCount }
      }
      let elapsed = clock.now - start
      best = min(best ?? elapsed, elapsed)
    }
    let total = (best ?? .zero).inSeconds
    var cellTimes = ""
    if cells {
      var schema: ArrowSchema?
      var batches: [RecordBatch] = []
      for stream in streams {
        let (streamSchema, streamBatches) = try ArrowStreamReader.readAll(stream)
        schema = schema ?? streamSchema
        batches += streamBatches
      }
      guard let schema else { throw ValidationError("\(file) holds no stream") }
      let formatter = CellFormatter(timeZoneID: "UTC")
      var entries: [String] = []
      for (index, field) in schema.fields.enumerated() {
        var bytes = 0
        let start = clock.now
        for batch in batches {
          let column = batch.columns[index]
          for row in 0..<batch.rowCount { bytes &+= formatter.text(column, row: row).utf8.count }
        }
        let ns = (clock.now - start).inSeconds * 1e9 / Double(max(1, rows))
        entries.append(
          #""\#(field.name)": {"type": "\#(field.type.name)", "ns": \#(ns), "bytes": \#(bytes)}"#)
      }
      cellTimes = #", "cells": {\#(entries.joined(separator: ", "))}"#
    }
    print(
      #"{"bytes": \#(data.count), "rows": \#(rows), "total_s": \#(total), "cpu_s": 0\#(cellTimes)}"#
    )
  }

  /// Splits a framed file into its streams (each a separate Data, as responses arrive).
  static func frames(_ data: Data) throws -> [Data] {
    var streams: [Data] = []
    var offset = data.startIndex
    while offset < data.endIndex {
      guard data.endIndex - offset >= 8 else { throw ValidationError("truncated frame length") }
      var length: UInt64 = 0
      for i in 0..<8 { length |= UInt64(data[offset + i]) << (8 * UInt64(i)) }
      offset += 8
      guard length <= UInt64(data.endIndex - offset) else {
        throw ValidationError("a frame is longer than the file")
      }
      streams.append(Data(data[offset..<(offset + Int(length))]))
      offset += Int(length)
    }
    return streams
  }

  /// Times `ExportWriter` over every batch of `file`, streaming to /dev/null (best of three).
  private func timeExport(_ name: String) throws {
    guard let format = ExportFormat(fileExtension: name), format != .arrow else {
      throw ValidationError("--export takes csv, tsv, json or md")
    }
    guard let data = FileManager.default.contents(atPath: file) else {
      throw ValidationError("cannot read \(file)")
    }
    var schema: ArrowSchema?
    var batches: [RecordBatch] = []
    for stream in framed ? try Self.frames(data) : [data] {
      let (streamSchema, streamBatches) = try ArrowStreamReader.readAll(stream)
      schema = schema ?? streamSchema
      batches += streamBatches
    }
    guard let schema else { throw ValidationError("\(file) holds no stream") }
    let sink = open("/dev/null", O_WRONLY)
    guard sink >= 0 else { throw ValidationError("cannot open /dev/null") }
    defer { close(sink) }
    let clock = ContinuousClock()
    var best: Duration?
    var bytes: Int64 = 0
    var rows = 0
    for _ in 0..<3 {
      let start = clock.now
      let writer = try ExportWriter(
        streamingTo: sink, name: "/dev/null", format: format, schema: schema,
        options: ExportOptions(formatter: CellFormatter(timeZoneID: "UTC")))
      for batch in batches { try writer.write(batch) }
      let summary = try writer.finish()
      let elapsed = clock.now - start
      best = min(best ?? elapsed, elapsed)
      bytes = summary.byteCount
      rows = summary.rowCount
    }
    let total = (best ?? .zero).inSeconds
    print(#"{"bytes": \#(bytes), "rows": \#(rows), "total_s": \#(total), "cpu_s": 0}"#)
  }
}
