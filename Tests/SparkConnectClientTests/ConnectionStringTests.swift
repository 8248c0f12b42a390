import Foundation
import Testing

@testable import SparkConnectClient

@Suite struct ConnectionStringTests {
  @Test func defaultsAndHost() throws {
    let parsed = try ConnectionString(parsing: "sc://spark.example.com")
    #expect(parsed.host == "spark.example.com")
    #expect(parsed.port == 15002)
    #expect(parsed.token == nil)
    #expect(parsed.useSSL == nil)
    #expect(!parsed.usesTLS)
    #expect(parsed.maxMessageSize == 128 * 1024 * 1024)
  }

  @Test func everyKnownParameter() throws {
    let uuid = "8b3a3e0f-5a4c-4c1e-9d7e-1f2a3b4c5d6e"
    let parsed = try ConnectionString(
      parsing:
        "sc://h:443/;token=s3cr%3Dt;use_ssl=true;user_id=ann;user_agent=ide;session_id=\(uuid);grpc_max_message_size=1000;x-cluster-id=abc"
    )
    #expect(parsed.port == 443)
    #expect(parsed.token == "s3cr=t")
    #expect(parsed.useSSL == true)
    #expect(parsed.userID == "ann")
    #expect(parsed.userAgent == "ide")
    #expect(parsed.sessionID == UUID(uuidString: uuid))
    #expect(parsed.maxMessageSize == 1000)
    #expect(parsed.headers.map(\.key) == ["x-cluster-id"])
    #expect(parsed.headers.map(\.value) == ["abc"])
  }

  @Test func bracketedIPv6() throws {
    let parsed = try ConnectionString(parsing: "sc://[::1]:15003")
    #expect(parsed.host == "::1")
    #expect(parsed.port == 15003)
    #expect(try ConnectionString(parsing: "sc://[fe80::1]/;use_ssl=false").port == 15002)
  }

  @Test(arguments: [
    ("localhost:15002", ConnectionStringError.missingScheme),
    ("http://localhost", .wrongScheme("http")),
    ("sc://", .missingHost),
    ("sc://:15002", .missingHost),
    ("sc://host:0", .invalidPort("0")),
    ("sc://host:99999", .invalidPort("99999")),
    ("sc://host:abc", .invalidPort("abc")),
    ("sc://[::1", .unclosedIPv6Bracket),
    ("sc://host/path", .nonEmptyPath("path")),
    ("sc://host/;token", .parameterWithoutValue("token")),
    ("sc://host/;=x", .emptyParameterName),
    ("sc://host/;user_id=a;user_id=b", .duplicateParameter("user_id")),
    (
      "sc://host/;use_ssl=yes",
      .invalidValue(key: "use_ssl", reason: "expected true or false, got 'yes'")
    ),
    ("sc://host/;session_id=abc", .invalidValue(key: "session_id", reason: "'abc' is not a UUID")),
    ("sc://ho st", .invalidHost("ho st")),
  ])
  func malformedStringsNameTheirProblem(text: String, expected: ConnectionStringError) {
    #expect(throws: expected) { try ConnectionString(parsing: text) }
  }

  @Test func tokenNeverInDescriptionOrErrors() throws {
    let parsed = try ConnectionString(parsing: "sc://h/;token=TOPSECRET;user_id=u")
    #expect(!parsed.description.contains("TOPSECRET"))
    #expect(parsed.description.contains("token=<redacted>"))
    #expect(!"\(parsed)".contains("TOPSECRET"))
    do {
      _ = try ConnectionString(parsing: "sc://h/;tokenTOPSECRET")
      Issue.record("expected an error")
    } catch {
      #expect(!error.description.contains("TOPSECRET"))
    }
    do {
      _ = try ConnectionString(parsing: "sc://h/;token=TOPSECRET;token=TOPSECRET")
      Issue.record("expected an error")
    } catch {
      #expect(!error.description.contains("TOPSECRET"))
    }
  }

  @Test func sparkRemoteIsTheDefault() throws {
    #expect(try ConnectionString.fromEnvironment([:]).host == "localhost")
    let fromEnv = try ConnectionString.fromEnvironment([
      "SPARK_REMOTE": "sc://remote:1234", "SPARK_CONNECT_AUTHENTICATE_TOKEN": "tok",
    ])
    #expect(fromEnv.host == "remote")
    #expect(fromEnv.port == 1234)
    #expect(fromEnv.token == "tok")
  }
}
