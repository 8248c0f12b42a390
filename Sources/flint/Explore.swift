import ArgumentParser
import Foundation

/// `flint [URL]`: the full-screen explorer.
struct Explore: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explore", abstract: "Open the full-screen explorer (the default).")

  @Argument(help: "Spark Connect URL (default: $SPARK_REMOTE, then sc://localhost:15002).")
  var remote: String?

  func run() async throws {
    FileHandle.standardError.write(Data("flint: the full-screen explorer is not built yet; use 'flint query'\n".utf8))
    throw ExitCode(2)
  }
}
