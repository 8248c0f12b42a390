import Foundation
import Testing

@testable import SparkConnectClient

/// The token-implies-TLS rule and where the token comes from; no server needed.
@Suite(.timeLimit(.minutes(1))) struct ConnectionSecurityTests {
  @Test(arguments: [
    // (string, uses TLS, token in cleartext to another machine)
    ("sc://10.231.0.2:15002/;token=T", true, false),
    ("sc://spark.example.com/;token=T", true, false),
    ("sc://[2001:db8::1]/;token=T", true, false),
    ("sc://spark.example.com/;token=T;use_ssl=false", false, true),
    ("sc://10.231.0.2:15002/;token=T;use_ssl=true", true, false),
    ("sc://spark.example.com", false, false),
    ("sc://spark.example.com/;use_ssl=true", true, false),
    ("sc://127.0.0.1/;token=T", false, false),
    ("sc://127.8.9.10/;token=T", false, false),
    ("sc://localhost/;token=T", false, false),
    ("sc://LOCALHOST/;token=T", false, false),
    ("sc://[::1]/;token=T", false, false),
    ("sc://[0:0:0:0:0:0:0:1]/;token=T", false, false),
    ("sc://[::ffff:127.0.0.1]/;token=T", false, false),
    ("sc://localhost/;token=T;use_ssl=true", true, false),
    ("sc://128.0.0.1/;token=T", true, false),
    ("sc://localhost.example.com/;token=T", true, false),
  ])
  func aTokenToAnotherMachineTurnsTLSOn(text: String, tls: Bool, cleartext: Bool) throws {
    let parsed = try ConnectionString(parsing: text)
    #expect(parsed.usesTLS == tls, "\(text)")
    #expect(parsed.sendsTokenInCleartext == cleartext, "\(text)")
    #expect((parsed.cleartextTokenWarning != nil) == cleartext, "\(text)")
  }

  @Test func theWarningNamesTheRiskAndTheHostButNotTheToken() throws {
    let parsed = try ConnectionString(
      parsing: "sc://10.231.0.2:443/;token=TOPSECRET-42;use_ssl=false")
    let warning = try #require(parsed.cleartextTokenWarning)
    #expect(warning.contains("cleartext"))
    #expect(warning.contains("10.231.0.2:443"))
    #expect(warning.contains("use_ssl=false"))
    #expect(!warning.contains("TOPSECRET"))
    #expect(!warning.contains("\n"))
    #expect(parsed.description.contains("use_ssl=false"))
  }

  @Test func theEnvironmentTokenAppliesToAnExplicitURLToo() throws {
    let environment = [
      "SPARK_CONNECT_AUTHENTICATE_TOKEN": "from-env", "SPARK_REMOTE": "sc://remote-env",
    ]
    let given = try ConnectionString.resolve("sc://db.example.com", environment: environment)
    #expect(given.host == "db.example.com")
    #expect(given.token == "from-env")
    #expect(given.usesTLS)
    let own = try ConnectionString.resolve("sc://db/;token=own", environment: environment)
    #expect(own.token == "own")
    let fromRemote = try ConnectionString.resolve(nil, environment: environment)
    #expect(fromRemote.host == "remote-env" && fromRemote.token == "from-env")
    let plain = try ConnectionString.resolve(nil, environment: [:])
    #expect(plain.host == "localhost" && plain.token == nil && !plain.usesTLS)
    let empty = try ConnectionString.resolve(
      "sc://db", environment: ["SPARK_CONNECT_AUTHENTICATE_TOKEN": ""])
    #expect(empty.token == nil)
  }
}
