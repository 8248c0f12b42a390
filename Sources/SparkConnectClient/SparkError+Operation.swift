extension SparkError {
  /// The server no longer knows the operation: never created (`OPERATION_NOT_FOUND`), or
  /// dropped after nobody was attached to it for `spark.connect.execute.manager.detachedTimeout`
  /// (`OPERATION_ABANDONED`).
  var isOperationGone: Bool {
    guard let errorClass else { return false }
    return errorClass.hasPrefix("INVALID_HANDLE.OPERATION_NOT_FOUND")
      || errorClass.hasPrefix("INVALID_HANDLE.OPERATION_ABANDONED")
  }

  /// What the user sees when a result was partly received and the server then forgot its
  /// operation: the rows cannot be fetched again, so the result is incomplete, and says so.
  /// Keeps the server's error class and SQLSTATE; never retryable.
  static func operationForgotten(_ error: SparkError, rowsReceived: Int) -> SparkError {
    var forgotten = error
    forgotten.kind = .server
    forgotten.isRetryable = false
    forgotten.retryDelay = nil
    forgotten.queryContexts = []
    let rows = rowsReceived == 1 ? "1 row" : "\(rowsReceived) rows"
    forgotten.message =
      "the server dropped this query's results before Flint could read them all: nobody read "
      + "them for longer than spark.connect.execute.manager.detachedTimeout, so the server "
      + "forgot the operation. The result is incomplete (\(rows) arrived); run the query again."
    return forgotten
  }
}
