// swift-tools-version:6.1
// Flint: a terminal data explorer for Apache Spark over Spark Connect.
//
// The layering (docs/ARCHITECTURE.md) is visible here: flint -> FlintApp ->
// {SparkConnectClient, ResultModel, TerminalUI} -> ArrowIPC. Only CursesTerminal
// imports curses; only SparkConnectClient (and the generated SparkConnectProto)
// import gRPC and SwiftProtobuf.
//
// Development aid: `FLINT_MODULES=ArrowIPC,ResultModel swift test --scratch-path .build-x`
// builds only those modules (plus what they depend on) and their tests, so work on
// a pure module does not compile the gRPC stack. Unset, everything is built.
// `FLINT_FUZZ=1` adds the libFuzzer target (build with -sanitize=fuzzer,address).
import Foundation
import PackageDescription

let environment = ProcessInfo.processInfo.environment

/// One module of Flint: its dependencies, inside and outside the package.
struct Module {
  var name: String
  var kind: Kind = .library
  var internalDependencies: [String] = []
  var externalDependencies: [Target.Dependency] = []
  var hasTests = true
  var testDependencies: [String] = []
  var testExternalDependencies: [Target.Dependency] = []
  enum Kind { case library, executable, system(String) }
}

let grpc: [Target.Dependency] = [
  .product(name: "GRPCCore", package: "grpc-swift-2"),
  .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
  .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
  .product(name: "SwiftProtobuf", package: "swift-protobuf"),
  .product(name: "NIOCore", package: "swift-nio"),
]

var modules: [Module] = [
  Module(name: "CNCurses", kind: .system("ncursesw"), hasTests: false),
  Module(name: "CLZ4", kind: .system("liblz4"), hasTests: false),
  Module(name: "CZstd", kind: .system("libzstd"), hasTests: false),
  Module(name: "ArrowIPC", internalDependencies: ["CLZ4", "CZstd"]),
  Module(
    name: "SparkConnectProto",
    externalDependencies: [
      .product(name: "GRPCCore", package: "grpc-swift-2"),
      .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
      .product(name: "SwiftProtobuf", package: "swift-protobuf"),
    ], hasTests: false),
  Module(
    name: "SparkConnectClient", internalDependencies: ["SparkConnectProto", "ArrowIPC"],
    externalDependencies: grpc, testDependencies: ["TestSupport", "ArrowIPC", "SparkConnectProto"],
    testExternalDependencies: [.product(name: "GRPCCore", package: "grpc-swift-2")]),
  Module(
    name: "ResultModel", internalDependencies: ["ArrowIPC"],
    testDependencies: ["TestSupport", "ArrowIPC"]),
  Module(name: "TerminalUI"),
  Module(
    name: "CursesTerminal", internalDependencies: ["TerminalUI", "CNCurses"],
    testDependencies: ["flint-ui-demo", "TestSupport", "CNCurses", "TerminalUI"]),
  // A tiny full-screen demo over CursesTerminal, driven by the tmux smoke test.
  Module(
    name: "flint-ui-demo", kind: .executable,
    internalDependencies: ["CursesTerminal", "TerminalUI"],
    hasTests: false),
  Module(
    name: "FlintApp",
    internalDependencies: ["SparkConnectClient", "ResultModel", "TerminalUI", "ArrowIPC"],
    externalDependencies: [.product(name: "TOMLKit", package: "TOMLKit")],
    testDependencies: [
      "TestSupport", "SparkConnectClient", "ResultModel", "TerminalUI", "ArrowIPC",
    ]),
  Module(
    name: "flint", kind: .executable,
    internalDependencies: [
      "FlintApp", "CursesTerminal", "SparkConnectClient", "ResultModel", "ArrowIPC", "TerminalUI",
    ],
    externalDependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
    testDependencies: ["TestSupport"]),
  // Test helpers shared by several test targets: where the test server is,
  // fixture paths, snapshot comparison.
  Module(name: "TestSupport", hasTests: false),
]

if environment["FLINT_FUZZ"] != nil {
  modules.append(
    Module(
      name: "ArrowIPCFuzz", kind: .executable, internalDependencies: ["ArrowIPC"], hasTests: false))
}

/// The modules to build: all of them, or those FLINT_MODULES names plus their dependencies.
func selectedModules(_ modules: [Module]) -> [Module] {
  guard let list = environment["FLINT_MODULES"], !list.isEmpty else { return modules }
  let byName = Dictionary(uniqueKeysWithValues: modules.map { ($0.name, $0) })
  var wanted = Set<String>()
  var pending = list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
  while let name = pending.popLast() {
    guard let module = byName[name], wanted.insert(name).inserted else { continue }
    pending += module.internalDependencies + module.testDependencies
  }
  return modules.filter { wanted.contains($0.name) }
}

// FLINT_SKIP=A,B leaves modules out entirely (and out of others' dependencies): a way to
// keep building while a module is being rewritten. Never set in scripts or CI.
let skipped = Set((environment["FLINT_SKIP"] ?? "").split(separator: ",").map(String.init))
if !skipped.isEmpty {
  modules = modules.filter { !skipped.contains($0.name) }.map { module in
    var module = module
    module.internalDependencies.removeAll { skipped.contains($0) }
    module.testDependencies.removeAll { skipped.contains($0) }
    return module
  }
}
let selected = selectedModules(modules)
let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

var targets: [Target] = []
for module in selected {
  let dependencies: [Target.Dependency] =
    module.internalDependencies.map { .target(name: $0) } + module.externalDependencies
  switch module.kind {
  case .system(let pkgConfig):
    targets.append(.systemLibrary(name: module.name, pkgConfig: pkgConfig))
  case .executable:
    targets.append(
      .executableTarget(name: module.name, dependencies: dependencies, swiftSettings: swiftSettings)
    )
  case .library:
    targets.append(
      .target(name: module.name, dependencies: dependencies, swiftSettings: swiftSettings))
  }
  if module.hasTests {
    targets.append(
      .testTarget(
        name: module.name + "Tests",
        dependencies: [.target(name: module.name)]
          + module.testDependencies.map { .target(name: $0) } + module.testExternalDependencies,
        exclude: ["__Snapshots__", "Fixtures", "FuzzCorpus"].filter {
          FileManager.default.fileExists(
            atPath: Context.packageDirectory + "/Tests/\(module.name)Tests/\($0)")
        },
        resources: [],
        swiftSettings: swiftSettings))
  }
}

let usesGRPC = selected.contains { $0.name == "SparkConnectProto" }
var dependencies: [Package.Dependency] = []
if usesGRPC {
  dependencies += [
    .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
    .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
  ]
}
if selected.contains(where: { $0.name == "FlintApp" }) {
  dependencies.append(.package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"))
}
if selected.contains(where: { $0.name == "flint" }) {
  dependencies.append(
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"))
}

let package = Package(
  name: "Flint",
  platforms: [.macOS(.v15)],
  products: selected.contains { $0.name == "flint" }
    ? [.executable(name: "flint", targets: ["flint"])] : [],
  dependencies: dependencies,
  targets: targets
)
