import Foundation
import TestSupport
import Testing

/// The project's shell scripts, run for real with a stand-in `apt-get` first on PATH.
@Suite struct ScriptsTests {
  /// Runs `need_debian_packages` from scripts/lib.sh with an `apt-get` that prints `lines`
  /// lines and exits with `status`; as root, the way the scripts run here and in CI.
  static func installWithFakeAptGet(lines: Int, status: Int32) throws -> (
    status: Int32, stderr: String
  ) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flint-scripts-\(UUID())")
    defer { try? FileManager.default.removeItem(at: directory) }
    let bin = directory.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    let fake = bin.appendingPathComponent("apt-get")
    try """
    #!/bin/sh
    for i in $(seq 1 \(lines)); do echo "Reading database ... $i%"; done
    exit \(status)
    """.write(to: fake, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
    let lib = TestEnvironment.repositoryRoot.appendingPathComponent("scripts/lib.sh").path
    let result = try TestEnvironment.run(
      "/bin/bash",
      ["-c", "source '\(lib)'; need_debian_packages flint-no-such-package-for-tests"],
      environment: [
        "PATH": bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        "FLINT_STATE_DIR": directory.appendingPathComponent("state").path,
      ])
    return (result.status, result.stderr)
  }

  @Test func installingPackagesSaysOneLine() throws {
    guard getuid() == 0 else {
      Issue.record("the scripts install packages only as root; run the tests as root (CI does)")
      return
    }
    let result = try Self.installWithFakeAptGet(lines: 60, status: 0)
    #expect(result.status == 0)
    #expect(
      result.stderr == "installing Debian packages: flint-no-such-package-for-tests\n",
      "\(result.stderr)")
  }

  @Test func aFailedInstallShowsTheEndOfItsLog() throws {
    guard getuid() == 0 else {
      Issue.record("the scripts install packages only as root; run the tests as root (CI does)")
      return
    }
    let result = try Self.installWithFakeAptGet(lines: 60, status: 100)
    #expect(result.status != 0)
    #expect(result.stderr.contains("failed (status 100)"))
    #expect(result.stderr.contains("Reading database ... 60%"))
    #expect(!result.stderr.contains("Reading database ... 5%\n"))
    #expect(result.stderr.contains("error: apt-get update failed"))
  }
}
