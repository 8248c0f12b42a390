import GRPCCore
import GRPCProtobuf
import SparkConnectProto

extension SparkConnectSession {
  /// What the server says about an operation when asked to reattach to it.
  enum OperationPresence: Sendable, Equatable {
    /// The server attached: it still holds the operation (the probe stops reading at once).
    case held
    /// The server refused, with this error class: `INVALID_HANDLE.OPERATION_NOT_FOUND` once
    /// released, `INVALID_HANDLE.OPERATION_ABANDONED` once dropped after its detached timeout.
    case gone(errorClass: String?)
  }

  /// Asks the server whether it still holds `operationID`, by its own answer to a
  /// ReattachExecute: the way tests check that a release really happened. An operation the
  /// server still holds is attached and let go again at once (it stays reattachable).
  func presence(ofOperation operationID: String) async -> OperationPresence {
    struct Attached: Error {}
    var request = Spark_Connect_ReattachExecuteRequest()
    stamp(&request)
    request.operationID = operationID
    var options = callOptions
    options.timeout = .seconds(30)
    do {
      try await service.reattachExecute(
        request: ClientRequest(message: request, metadata: metadata),
        serializer: ProtobufSerializer(),
        deserializer: ProtobufDeserializer<Spark_Connect_ExecutePlanResponse>(),
        options: options
      ) { response in
        for try await _ in response.messages { throw Attached() }
      }
      return .held
    } catch is Attached {
      return .held
    } catch {
      return .gone(errorClass: SparkError.from(error).errorClass)
    }
  }
}
