import ArgumentParser
import Foundation

/// Where a subcommand's SQL comes from: the argument, or `-f FILE` (`-` for stdin).
struct SQLInput: ParsableArguments {
  @Option(name: [.customShort("f"), .long], help: "Read the SQL from this file ('-' for stdin).")
  var file: String?

  @Argument(help: "The SQL text (one or more statements separated by ';').")
  var sql: String?

  func validate() throws {
    if sql == nil && file == nil {
      throw ValidationError("give the SQL as an argument or with -f FILE")
    }
    if sql != nil && file != nil {
      throw ValidationError("give the SQL either as an argument or with -f, not both")
    }
  }

  /// The SQL text, read from the file or stdin when it came from `-f`.
  func read() throws -> String {
    if let sql { return sql }
    guard let file else { return "" }
    if file == "-" {
      return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
    guard let data = FileManager.default.contents(atPath: file) else {
      throw CLIError(message: "cannot read SQL file '\(file)'", exitCode: ExitStatus.usage)
    }
    return String(decoding: data, as: UTF8.self)
  }
}
